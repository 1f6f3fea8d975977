#!/usr/bin/env bash
# Proves that the default test build (./mvnw verify without -Plive) needs no network and no host tool it does not
# install itself: runs it on a fresh clone of HEAD (so only checked-in fixtures count) in a network namespace with
# only loopback, with the tools below hidden from PATH and masked where tests find them by absolute path, and with an
# empty fixture cache (WARDEN_TEST_CACHE), so nothing an earlier -Plive run built can stand in for a tool.
#   scripts/offline-check.sh                       # the whole default build (long: run it rarely, it is nice'd)
#   scripts/offline-check.sh -pl catalog -am -Dtest='dev/warden/catalog/**' -Dsurefire.failIfNoSpecifiedTests=false
#   OFFLINE_CHECK_TREE=. scripts/offline-check.sh ...  # the working tree as it is, uncommitted changes included
# Needs root (or unprivileged user namespaces) for unshare, and ~/.m2 filled by an earlier online build (Maven -o).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.ci/find-jdk"

# Tools the default build must not need: the language toolchains the accuracy tests compare with, the image and
# registry tools that build fixtures, databases and browsers, and everything else .ci/packages installs. Base
# system tools (coreutils, tar, gzip, diff, git, ip, openssl) stay: every Debian machine with a checkout has them.
hidden_tools='^(go|gofmt|cargo|cargo-.*|rustc|rustup|rustdoc|npm|npx|node|nodejs|corepack|yarn|pnpm|debootstrap'
hidden_tools+='|dpkg|dpkg-.*|apt|apt-get|apt-cache|rpm|rpm2.*|rpmbuild|rpmdb|rpmkeys|rpmsign|podman|buildah|skopeo|umoci'
hidden_tools+='|docker-registry|registry|docker|pg_.*|initdb|postgres|psql|chromium|chromium-browser|chrome'
hidden_tools+='|llvm-.*|clang.*|lld.*|objcopy|objdump|readelf|strip|ld|ld\.bfd|ld\.gold|as|gcc.*|cc|c\+\+|g\+\+.*|zstd|unzstd'
hidden_tools+='|db5\.3_.*|db_.*|composer|php.*|ruby.*|gem.*|irb|bundle|python.*|pip.*|htpasswd.*)$'
# Folders whose tools are found by absolute path (PostgreSQL, Chromium, LLVM) or that hold whole toolchains.
masked_dirs=(/usr/lib/postgresql /usr/lib/chromium /usr/lib/go /usr/lib/node_modules /usr/local/go
             "$HOME/.cargo" "$HOME/.rustup" "$HOME/.pyenv" "$HOME/.npm")
for d in /usr/lib/llvm-* /usr/lib/go-*; do [ -d "$d" ] && masked_dirs+=("$d"); done

work="$(mktemp -d /tmp/offline-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/cache" "$work/empty"
masked_files=()
IFS=: read -r -a path_dirs <<< "$PATH"
for dir in "${path_dirs[@]}" "$JAVA_HOME/bin"; do
    [ -d "$dir" ] || continue
    for tool in "$dir"/*; do
        [ -x "$tool" ] && [ ! -d "$tool" ] || continue
        name="${tool##*/}"
        if [[ "$name" =~ $hidden_tools ]]; then
            masked_files+=("$tool")
        elif [ ! -e "$work/bin/$name" ]; then
            ln -s "$tool" "$work/bin/$name"
        fi
    done
done

tree="${OFFLINE_CHECK_TREE:-}"
if [ -z "$tree" ]; then
    git -C "$here" clone -q --no-hardlinks "$here" "$work/tree"
    tree="$work/tree"
fi
tree="$(cd "$tree" && pwd)"
echo "offline-check: $tree, network: loopback only, ${#masked_files[@]} tools hidden, JAVA_HOME=$JAVA_HOME" >&2

# Inside the new namespaces: loopback up (tests start servers on 127.0.0.1), the tools masked (a bind-mounted
# /dev/null is neither executable nor a folder), then the default build, offline (-o: ~/.m2 only).
unshare_opts=(--net --mount --propagation private)
[ "$(id -u)" = 0 ] || unshare_opts+=(--map-root-user)
export OFFLINE_MASKED_DIRS="$(printf '%s\n' "${masked_dirs[@]}")"
export OFFLINE_MASKED_FILES="$(printf '%s\n' "${masked_files[@]}")"
exec unshare "${unshare_opts[@]}" env WORK="$work" TREE="$tree" JAVA_HOME="$JAVA_HOME" bash -c '
set -euo pipefail
ip link set lo up
while IFS= read -r d; do [ -d "$d" ] && mount --bind "$WORK/empty" "$d"; done <<< "$OFFLINE_MASKED_DIRS"
while IFS= read -r f; do [ -e "$f" ] && mount --bind /dev/null "$f"; done <<< "$OFFLINE_MASKED_FILES"
if curl -s -m 3 -o /dev/null https://repo.maven.apache.org/ 2>/dev/null; then echo "offline-check: the network is reachable" >&2; exit 3; fi
cd "$TREE"
export PATH="$WORK/bin" WARDEN_TEST_CACHE="$WORK/cache"
for t in go cargo npm node debootstrap dpkg-query podman chromium; do
    if command -v "$t" >/dev/null 2>&1; then echo "offline-check: $t is still on PATH" >&2; exit 3; fi
done
exec nice ./mvnw -o -B -ntp verify "$@"
' offline-check "$@"
