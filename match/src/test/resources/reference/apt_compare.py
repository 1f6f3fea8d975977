# Orders each A<TAB>B line of the file in argv[1] with python3-apt (apt's own dpkg-compatible comparison).
import sys
import apt_pkg

apt_pkg.init_system()
with open(sys.argv[1], encoding="utf-8") as pairs:
    for line in pairs:
        a, b = line.rstrip("\n").split("\t")
        c = apt_pkg.version_compare(a, b)
        print("<" if c < 0 else ">" if c > 0 else "=")
