#!/usr/bin/env bash
# Builds the small Go binary of this folder with the real toolchain and freezes `go version -m`'s view of it (see
# README.md). No network: the two dependencies come from a file-based module proxy written here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
module() { # module PATH VERSION BODY: one module version in the proxy's layout (info, mod, zip)
    local path="$1" version="$2" body="$3" name="${1##*/}"
    mkdir -p "$work/proxy/$path/@v" "$work/zip/$path@$version"
    printf 'module %s\n\ngo 1.19\n' "$path" | tee "$work/proxy/$path/@v/$version.mod" > "$work/zip/$path@$version/go.mod"
    printf 'package %s\n\n%s\n' "$name" "$body" > "$work/zip/$path@$version/lib.go"
    printf '{"Version":"%s","Time":"2026-01-01T00:00:00Z"}\n' "$version" > "$work/proxy/$path/@v/$version.info"
    printf '%s\n' "$version" >> "$work/proxy/$path/@v/list"
    (cd "$work/zip" && python3 -c 'import sys, zipfile, pathlib
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sorted(pathlib.Path(sys.argv[2]).rglob("*")):
        z.write(f, str(f))' "$work/proxy/$path/@v/$version.zip" "$path@$version")
}
module example.com/alpha v1.2.3 'func Alpha() int { return 1 }'
module example.com/beta v0.4.0 'func Beta() int { return 2 }'
mkdir -p "$work/app"
cat > "$work/app/go.mod" <<'M'
module example.com/frozen

go 1.19

require (
	example.com/alpha v1.2.3
	example.com/beta v0.4.0
)
M
cat > "$work/app/main.go" <<'G'
package main

import (
	"example.com/alpha"
	"example.com/beta"
)

func main() { println(alpha.Alpha() + beta.Beta()) }
G
export GOPROXY="file://$work/proxy" GOFLAGS=-mod=mod GOSUMDB=off GOTOOLCHAIN=local \
    GOPATH="$work/gopath" GOCACHE="$work/gocache" CGO_ENABLED=0 GOOS=linux GOARCH=amd64
(cd "$work/app" && go build -trimpath -ldflags='-s -w' -o "$here/app" .)
chmod -R u+w "$work"
(cd "$here" && go version -m app > go-version-m.txt)
go version > go.version
