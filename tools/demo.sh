#!/bin/sh
# make demo: the main job on the bundled sample — extract every page and show
# the result as a person reads it; then store the pages in an archive and ask
# it a few questions.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
V="$BUILD/vnews"
echo "== vnews extract --pretty sample/*.txt"
"$V" extract --pretty sample/*.txt
"$V" extract -q sample/*.txt > "$BUILD/sample.jsonl"
echo
echo "== the clean article of sample/01-hoi-nghi-tong-ket.txt (vnews clean)"
"$V" clean sample/01-hoi-nghi-tong-ket.txt
echo "== records written to $BUILD/sample.jsonl ($(wc -l < "$BUILD/sample.jsonl") lines, SCHEMA.md)"
echo
db="$BUILD/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
echo "== vnews ingest --db $db sample/*.txt"
"$V" ingest --db "$db" sample/*.txt
echo
echo "== vnews docs 35-NQ/TW (the registry: every citing article)"
"$V" docs --db "$db" 35-NQ/TW
echo
echo "== vnews search \"bi thu tinh uy\" (no diacritics)"
"$V" search --db "$db" "bi thu tinh uy"
echo
echo "== vnews who \"Bí thư Tỉnh ủy\""
"$V" who --db "$db" "Bí thư Tỉnh ủy"
