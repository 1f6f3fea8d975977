#!/usr/bin/env bash
# Writes three path crates (app -> util -> helper, app -> helper), has the real cargo lock them (offline) and freezes
# `cargo metadata`'s view of the lock, the folder's absolute path replaced by "." (see README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
crate() { # crate NAME VERSION DEPENDENCIES FILE
    rm -rf "$here/$1"; mkdir -p "$here/$1/src"
    printf '[package]\nname = "%s"\nversion = "%s"\nedition = "2021"\n\n[dependencies]\n%b' "$1" "$2" "$3" > "$here/$1/Cargo.toml"
    printf '%s\n' "$5" > "$here/$1/src/$4"
}
crate helper 2.0.0 '' lib.rs 'pub fn helper() -> u32 { 2 }'
crate util 1.4.0 'helper = { path = "../helper", version = "2.0.0" }\n' lib.rs 'pub fn util() -> u32 { helper::helper() + 1 }'
crate app 0.3.1 'util = { path = "../util" }\nhelper = { path = "../helper" }\n' main.rs 'fn main() { println!("{}", util::util() + helper::helper()); }'
cd "$here/app"
cargo generate-lockfile --offline
cargo metadata --offline --locked --format-version 1 | sed "s#$here#.#g" | python3 -m json.tool --indent 1 > "$here/cargo-metadata.json"
cargo --version > "$here/cargo.version"
