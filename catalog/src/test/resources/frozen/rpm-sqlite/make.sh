#!/usr/bin/env bash
# Builds the three fixture packages of specs/ with rpmbuild, installs them with rpm into a new root (sqlite database)
# and freezes the database and rpm's own view of it (see README.md). No network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for spec in "$here"/specs/*.spec; do
    { printf '%%global debug_package %%{nil}\n%%global __os_install_post %%{nil}\n'; cat "$spec"; } > "$work/${spec##*/}"
    rpmbuild -bb --quiet --define "_topdir $work/rpmbuild" "$work/${spec##*/}" >/dev/null
done
rpm --root "$work/root" --dbpath /var/lib/rpm --initdb
for rpm in $(find "$work/rpmbuild/RPMS" -name '*.rpm' | sort); do
    rpm --root "$work/root" --dbpath /var/lib/rpm -i --nodeps --noscripts --nosignature "$rpm" 2>/dev/null
done
# the reference: what rpm itself says of the database, one package a line (asked before the copy, so that rpm's
# sqlite side files are not left in the fixture)
rpm --root "$work/root" --dbpath /var/lib/rpm -qa --qf \
    '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\n' | sort > "$here/rpm-qa.tsv"
rm -rf "$here/root"
mkdir -p "$here/root/var/lib/rpm" "$here/root/etc"
cp "$work/root/var/lib/rpm/rpmdb.sqlite" "$here/root/var/lib/rpm/"
printf 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.4"\n' > "$here/root/etc/os-release"
rpm --version > "$here/rpm.version"
