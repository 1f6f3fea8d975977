#!/bin/sh
# Orders each A<TAB>B line of the file in $1 with dpkg itself; dpkg exits 2 for a version it refuses.
tab="$(printf '\t')"
while IFS="$tab" read -r a b; do
    dpkg --compare-versions "$a" lt "$b" 2>/dev/null; rc=$?
    if [ $rc -eq 0 ]; then echo "<"; continue; fi
    if [ $rc -ne 1 ]; then echo invalid; continue; fi
    dpkg --compare-versions "$a" eq "$b" 2>/dev/null && echo "=" || echo ">"
done < "$1"
