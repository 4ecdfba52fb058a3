#!/bin/sh
# Archive benchmarks (issue 4): ingest pages per second (and extract alone on
# the same pages, for comparison: ingest should be bound by extraction),
# search latency (median and p99 over 300 queries) on the corpus archive and
# on a ten-times larger one (each article 10 times, lightly changed), and
# archive bytes per article. Prints the figures.
# KEEP=DIR keeps the records and the archives in DIR and, when they are
# already there, measures search on them without building them again.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
VN=${VN:-"$PWD/$BUILD/vnews"}
SHARED=${SHARED:-../shared}
CORPUS="$SHARED/corpus/baomoi-2017.jsonl.zst"
NQ=${NQ:-300}
VARIANTS=${VARIANTS:-10}
if [ -n "$KEEP" ]; then
    mkdir -p "$KEEP" || exit 2
    T=$KEEP
else
    T=$(mktemp -d "${TMPDIR:-/tmp}/vnews-bench-archive.XXXXXX")
    trap 'rm -rf "$T"' EXIT
fi
now() { python3 -c 'import time; print(time.time())'; }
rate() { python3 -c "import sys; n, a, b = map(float, sys.argv[1:]); print('%.0f' % (n / (b - a)))" "$@"; }
secs() { python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$@"; }
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$1"; }
per_article() { python3 -c "import os,sys; print('%.0f' % (os.path.getsize(sys.argv[1]) / int(sys.argv[2])))" "$1" "$2"; }
latency() { # db label [search options]
    db=$1; label=$2; shift 2
    "$VN" search --db "$db" --batch "$T/queries.txt" --timing --limit 10 --json "$@" > /dev/null 2> "$T/times"
    python3 - "$T/times" "$label" <<'PY'
import sys
ms = sorted(float(l.split("\t")[0]) for l in open(sys.argv[1]) if "\t" in l)
if not ms:
    print("  %s: no timings" % sys.argv[2]); sys.exit()
med = ms[len(ms) // 2]
p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
print("  search latency, %s: median %.2f ms, p99 %.2f ms, max %.2f ms (%d queries)" % (sys.argv[2], med, p99, ms[-1], len(ms)))
PY
}
pages=$(zstd -dc "$CORPUS" | wc -l)
echo "archive benchmark: $pages pages of $(basename "$CORPUS"), $(nproc) cores"

if [ -n "$KEEP" ] && [ -s "$T/big.db" ] && [ -s "$T/corpus.db" ] && [ -s "$T/records.jsonl" ]; then
    echo "  (archives kept in $T: search only)"
    n=$(count "$T/corpus.db")
    nb=$(count "$T/big.db")
else
rm -f "$T"/corpus.db* "$T"/again.db* "$T"/big.db*
t0=$(now); "$VN" extract -q "$CORPUS" > "$T/records.jsonl"; t1=$(now)
echo "  extract alone:          $(rate "$pages" "$t0" "$t1") pages/s ($(secs "$t0" "$t1") s)"
t0=$(now); "$VN" ingest -q --db "$T/corpus.db" "$CORPUS"; t1=$(now)
n=$(count "$T/corpus.db")
echo "  ingest pages:           $(rate "$pages" "$t0" "$t1") pages/s ($(secs "$t0" "$t1") s, $n articles)"
t0=$(now); "$VN" ingest -q --db "$T/again.db" "$T/records.jsonl"; t1=$(now)
echo "  ingest records:         $(rate "$pages" "$t0" "$t1") records/s (no extraction: what SQLite takes)"
rm -f "$T"/again.db*
t0=$(now); "$VN" ingest -q --db "$T/corpus.db" "$CORPUS"; t1=$(now)
echo "  re-ingest (idempotent): $(rate "$pages" "$t0" "$t1") pages/s"
echo "  archive size:           $(per_article "$T/corpus.db" "$n") bytes per article ($(du -k "$T/corpus.db" | cut -f1) KB)"
python3 bench/archive_variants.py "$T/records.jsonl" "$VARIANTS" > "$T/variants.jsonl"
nv=$(wc -l < "$T/variants.jsonl")
t0=$(now); "$VN" ingest -q --db "$T/big.db" "$T/variants.jsonl"; t1=$(now)
rm -f "$T/variants.jsonl"
nb=$(count "$T/big.db")
echo "  ${VARIANTS}x archive:            $nb articles, ingested at $(rate "$nv" "$t0" "$t1") records/s ($(secs "$t0" "$t1") s)"
echo "  archive size (${VARIANTS}x):       $(per_article "$T/big.db" "$nb") bytes per article ($(du -k "$T/big.db" | cut -f1) KB)"
fi

python3 bench/archive_queries.py "$T/records.jsonl" "$NQ" > "$T/queries.txt"
latency "$T/corpus.db" "corpus ($n articles)"
latency "$T/big.db" "${VARIANTS}x ($nb articles; copies left out, the default)"
latency "$T/big.db" "${VARIANTS}x ($nb articles; --all: copies searched too)" --all
latency "$T/big.db" "${VARIANTS}x ($nb articles; --province 'Hà Nội')" --province "Hà Nội"
latency "$T/big.db" "${VARIANTS}x ($nb articles; --type 'hội nghị')" --type "hội nghị"
