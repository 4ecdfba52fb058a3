#!/bin/sh
# Kill -9 an ingest at random moments, many times, then let one run finish:
# the archive must be whole (integrity_check), hold every page once (count
# = distinct ids of the input, no id twice), and its full-text index must
# agree with its articles. Prints "archive_kill: N passed, N failed" last.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
VN="$PWD/$BUILD/vnews"
SHARED=${SHARED:-../shared}
KILLS=${KILLS:-20}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && echo "  $2"; }

zstd -dc "$SHARED/corpus/baomoi-2017.jsonl.zst" 2>/dev/null | head -${PAGES:-10000} > "$T/in.jsonl"
cp "$SHARED"/seeds/*.txt "$T/"
DB="$T/k.db"
killed=0; finished=0
i=0
# Until KILLS kills (at most 3 x KILLS runs): a run that finishes before its
# kill has completed the archive, so the next starts a fresh one (ingest is
# fast enough that later runs would otherwise only re-read a full archive).
while [ $killed -lt "$KILLS" ] && [ $i -lt $((3 * KILLS)) ]; do
    i=$((i + 1))
    # a random delay in 0.05 .. 1.5 s
    delay=$(python3 -c "import random; print('%.2f' % random.uniform(0.05, 1.5))")
    "$VN" ingest -q --batch 100 --db "$DB" "$T/in.jsonl" "$T"/*.txt 2> "$T/err.$i" &
    pid=$!
    sleep "$delay"
    if kill -9 $pid 2>/dev/null; then
        killed=$((killed + 1))
        wait $pid 2>/dev/null
    else
        wait $pid 2>/dev/null
        finished=$((finished + 1))
        rm -f "$DB" "$DB-wal" "$DB-shm"
    fi
done
echo "killed $killed times ($finished runs finished before their kill)"
"$VN" ingest --db "$DB" "$T/in.jsonl" "$T"/*.txt 2> "$T/final"; rc=$?
[ $rc -eq 0 ] && ok "the last run completes" || ko "the last run completes" "exit $rc $(cat "$T/final")"
[ $killed -ge $((KILLS / 4)) ] && ok "ingest was killed mid-way ($killed times)" || ko "ingest was killed mid-way" "only $killed kills"

python3 - "$DB" "$T/in.jsonl" "$T" > "$T/out" 2>&1 <<'EOF'
import glob, json, os, sqlite3, sys
db, inp, d = sys.argv[1:4]
ids = {json.loads(l).get("id") for l in open(inp)}
ids |= {os.path.basename(f)[:-4] for f in glob.glob(d + "/*.txt")}
c = sqlite3.connect(db)
bad = []
ic = c.execute("pragma integrity_check").fetchone()[0]
if ic != "ok": bad.append("integrity_check: " + ic)
n = c.execute("select count(*) from articles").fetchone()[0]
nd = c.execute("select count(distinct id) from articles").fetchone()[0]
stored = {r[0] for r in c.execute("select id from articles")}
if n != len(ids): bad.append("count %d, distinct pages %d" % (n, len(ids)))
if nd != n: bad.append("%d ids stored twice" % (n - nd))
if stored != ids: bad.append("missing %s, extra %s" % (sorted(ids - stored)[:5], sorted(stored - ids)[:5]))
fts = c.execute("select (select count(*) from fts_docsize) + (select count(*) from fts_dups_docsize)").fetchone()[0]
idx = c.execute("select count(*) from articles where dup_kind is null or dup_kind <> 'exact'").fetchone()[0]
if fts != idx: bad.append("full-text index holds %d articles, should hold %d" % (fts, idx))
orphans = c.execute("select count(*) from citations where aid not in (select aid from articles)").fetchone()[0]
orphans += c.execute("select count(*) from mentions where aid not in (select aid from articles)").fetchone()[0]
if orphans: bad.append("%d mentions of articles that are not there" % orphans)
print("%d articles, %d distinct pages" % (n, len(ids)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok "nothing lost, nothing twice, index consistent ($(head -1 "$T/out"))" \
    || ko "nothing lost, nothing twice, index consistent" "$(cat "$T/out")"
"$VN" search --db "$DB" --limit 1 "tuyen giao" > /dev/null 2>&1 && ok "search works after the kills" || ko "search works after the kills"
echo "archive_kill: $pass passed, $fail failed"
[ $fail -eq 0 ]
