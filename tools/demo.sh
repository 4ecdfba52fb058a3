#!/bin/sh
# make demo: the main job on the bundled sample — extract every page and show
# the result as a person reads it, then the records as JSON Lines.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
echo "== vnews extract --pretty sample/*.txt"
"$BUILD/vnews" extract --pretty sample/*.txt
"$BUILD/vnews" extract sample/*.txt > "$BUILD/sample.jsonl"
echo
echo "== the clean article of sample/01-hoi-nghi-tong-ket.txt (vnews clean)"
"$BUILD/vnews" clean sample/01-hoi-nghi-tong-ket.txt
echo "== records written to $BUILD/sample.jsonl ($(wc -l < "$BUILD/sample.jsonl") lines, SCHEMA.md)"
