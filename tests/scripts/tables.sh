#!/bin/sh
# The generated gazetteer tables (data/gazetteer.tsv, data/gazetteer-hosts.tsv) are what
# tools/gen_gazetteer.py makes of ../shared/admin, and the check notices a stale table.
# Ends with "tables: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
ADMIN=${ADMIN:-../shared/admin}
p=0; f=0
ok() { p=$((p + 1)); }
ko() { f=$((f + 1)); echo "FAIL tables: $1"; }
if [ ! -d "$ADMIN" ]; then
    echo "tables: $ADMIN not found, nothing to check"
    echo "tables: 0 passed, 0 failed"
    exit 0
fi
if python3 tools/gen_gazetteer.py --check "$ADMIN" data; then ok; else ko "data/gazetteer*.tsv are not current: run make tables"; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tools/gen_gazetteer.py "$ADMIN" "$tmp" && ok || ko "the generator failed"
if cmp -s "$tmp/gazetteer.tsv" data/gazetteer.tsv && cmp -s "$tmp/gazetteer-hosts.tsv" data/gazetteer-hosts.tsv; then
    ok
else
    ko "a fresh run differs from data/"
fi
sed -i '$d' "$tmp/gazetteer.tsv" # a unit lost
if python3 tools/gen_gazetteer.py --check "$ADMIN" "$tmp" 2>/dev/null; then ko "a stale table passed the check"; else ok; fi
rm -f "$tmp/gazetteer-hosts.tsv"
if python3 tools/gen_gazetteer.py --check "$ADMIN" "$tmp" 2>/dev/null; then ko "a missing table passed the check"; else ok; fi
echo "tables: $p passed, $f failed"
[ "$f" -eq 0 ]
