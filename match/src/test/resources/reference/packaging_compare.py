# Orders each A<TAB>B line of the file in argv[1] with the packaging library's PEP 440 Version.
import sys
from packaging.version import InvalidVersion, Version


def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


with open(sys.argv[1], encoding="utf-8") as pairs:
    for line in pairs:
        a, b = line.rstrip("\n").split("\t")
        x, y = parse(a), parse(b)
        print("invalid" if x is None or y is None else "<" if x < y else ">" if x > y else "=")
