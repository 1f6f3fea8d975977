"""Reference verdicts for the PyPA advisories, computed with the PyPA's own `packaging` library.

Usage: pypa_reference.py installed            -> "name<TAB>version" of every distribution this Python sees
       pypa_reference.py verdicts ARCHIVE TSV -> "name<TAB>version<TAB>advisory-id" for every affected pair
Ranges are read as the OSV schema describes them: sorted events make [introduced, fixed) and
[introduced, last_affected] intervals; 'versions' lists affected versions; GIT ranges are ignored.
"""
import sys, tarfile, importlib.metadata
import yaml
from packaging.version import Version, InvalidVersion
from packaging.utils import canonicalize_name


def installed():
    seen = set()
    for d in importlib.metadata.distributions():
        name, version = d.metadata["Name"], d.version
        if name and version and (name, version) not in seen:
            seen.add((name, version))
            print(f"{name}\t{version}")


def parse(v):
    try:
        return Version(v)
    except InvalidVersion:
        return None


def in_range(v, events):
    keyed = []
    for e in events:
        (kind, ver), = e.items()
        if kind == "limit":
            return None  # PyPA records have none; the reference does not model them
        if kind == "introduced" and ver == "0":
            keyed.append((0, None, kind))
            continue
        pv = parse(ver)
        if pv is None:
            return False  # a range with a version packaging rejects is not used
        keyed.append((1, pv, kind))
    keyed.sort(key=lambda k: (k[0], k[1] if k[1] is not None else Version("0"), 0 if k[2] == "introduced" else 1))
    start, intervals = None, []
    for _, pv, kind in keyed:
        if kind == "introduced":
            if start is None:
                start = ("min",) if pv is None else ("ge", pv)
        elif start is not None:
            intervals.append((start, (kind, pv)))
            start = None
    if start is not None:
        intervals.append((start, ("open", None)))
    for (lo, hi) in intervals:
        above = lo[0] == "min" or v >= lo[1]
        below = hi[0] == "open" or (hi[0] == "fixed" and v < hi[1]) or (hi[0] == "last_affected" and v <= hi[1])
        if above and below:
            return True
    return False


def verdicts(archive, tsv):
    packages = {}
    for line in open(tsv, encoding="utf-8"):
        name, version = line.rstrip("\n").split("\t")
        pv = parse(version)
        if pv is not None:
            packages.setdefault(canonicalize_name(name), []).append((name, version, pv))
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith((".yaml", ".yml", ".json")):
                continue
            record = yaml.load(tar.extractfile(member).read(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            if not isinstance(record, dict) or record.get("withdrawn"):
                continue
            for a in record.get("affected") or []:
                p = a.get("package") or {}
                if p.get("ecosystem") != "PyPI":
                    continue
                for name, version, pv in packages.get(canonicalize_name(p.get("name", "")), []):
                    listed = any(parse(str(x)) == pv for x in a.get("versions") or [] if parse(str(x)) is not None)
                    ranged = any(in_range(pv, r.get("events") or []) for r in a.get("ranges") or [] if r.get("type") == "ECOSYSTEM")
                    if listed or ranged:
                        print(f"{name}\t{version}\t{record['id']}")


if __name__ == "__main__":
    if sys.argv[1] == "installed":
        installed()
    else:
        verdicts(sys.argv[2], sys.argv[3])
