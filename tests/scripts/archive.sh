#!/bin/sh
# The archive end to end, on a fresh archive: ingest (pages and records),
# idempotence, duplicates, the document registry, people, who, search with
# and without diacritics, export, and faults (foreign and damaged files, a
# concurrent writer, a full disk, an old schema). Uses the seeds, the pages
# in tests/cases/archive and the first 3000 articles of the corpus.
# Prints "archive: N passed, N failed" last.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
VN="$PWD/$BUILD/vnews"
SHARED=${SHARED:-../shared}
CASES=tests/cases/archive
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && echo "  $2"; }
check() { # name, command...: passes when the command succeeds
    name=$1; shift
    if "$@" > "$T/out" 2>&1; then ok "$name"; else ko "$name" "$(head -c 600 "$T/out" | tr '\n' ' ')"; fi
}
DB="$T/a.db"
export VNEWS_DB="$DB"

# ---- inputs
zstd -dc "$SHARED/corpus/baomoi-2017.jsonl.zst" 2>/dev/null | head -3000 > "$T/corpus.jsonl"
[ -s "$T/corpus.jsonl" ] || ko "corpus subset" "cannot read $SHARED/corpus"
PAGES="$T/corpus.jsonl $SHARED/seeds/*.txt $CASES/*.txt"
npages=$(( $(wc -l < "$T/corpus.jsonl") + $(ls $SHARED/seeds/*.txt $CASES/*.txt | wc -l) ))

# ---- ingest, idempotence
# VNEWS_INGEST_CHECK: at the end ingest compares the full-text index (tokens
# made on the extraction threads, replayed by the writer) with one the
# tokenizer builds from the stored articles
VNEWS_INGEST_CHECK=1 "$VN" ingest -q $PAGES 2> "$T/err"; rc=$?
[ $rc -eq 0 ] && ok "ingest exit 0" || ko "ingest exit 0" "exit $rc"
[ $rc -eq 0 ] && ! grep -q "full-text index" "$T/err" \
    && ok "the index holds what the tokenizer makes of the articles" \
    || ko "the index holds what the tokenizer makes of the articles" "$(head -c 300 "$T/err")"
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$DB" "$1"; }
n=$(count "select count(*) from articles")
[ "$n" = "$npages" ] && ok "every page stored ($n)" || ko "every page stored" "$n of $npages"
"$VN" ingest $PAGES 2> "$T/again"
n2=$(count "select count(*) from articles")
grep -q " 0 added" "$T/again" && [ "$n2" = "$n" ] && ok "re-ingest adds nothing" \
    || ko "re-ingest adds nothing" "$(cat "$T/again") count $n2"
"$VN" ingest -q "$CASES/records.jsonl"; rc=$?
[ $rc -eq 0 ] && ok "records ingest" || ko "records ingest" "exit $rc"

# ---- the registry lists 35-NQ/TW with every citing article
python3 - "$VN" "$DB" $SHARED/seeds/*.txt $CASES/*.txt "$T/corpus.jsonl" > "$T/out" 2>&1 <<'EOF'
import json, subprocess, sys
vn, db, files = sys.argv[1], sys.argv[2], sys.argv[3:]
citing = set()
for f in files:  # every page whose record cites 35-NQ/TW, by extraction
    out = subprocess.run([vn, "extract", "-q", f], capture_output=True, text=True).stdout
    for line in out.splitlines():
        r = json.loads(line)
        if any(d.get("code") == "35-NQ/TW" and d.get("in") != "related" for d in r["documents"]):
            citing.add(r["id"])
docs = [json.loads(l) for l in subprocess.run([vn, "docs", "--db", db, "--json", "35-NQ/TW"],
        capture_output=True, text=True).stdout.splitlines()]
got = {c["id"] for d in docs for c in d["citing"]}
print("citing", sorted(citing), "registry", sorted(got))
sys.exit(0 if len(citing) >= 3 and got == citing and len(docs) == 1 else 1)
EOF
[ $? -eq 0 ] && ok "docs 35-NQ/TW lists every citing article" || ko "docs 35-NQ/TW lists every citing article" "$(cat "$T/out")"
"$VN" docs 35-NQ/TW > "$T/out" 2>&1 && grep -q "laocai-so-ket" "$T/out" && grep -q "Bộ Chính trị" "$T/out" \
    && ok "docs table" || ko "docs table" "$(head -5 "$T/out")"

# ---- entity resolution on records (tests/cases/archive/records.jsonl)
python3 - "$VN" "$DB" > "$T/out" 2>&1 <<'EOF'
import json, subprocess, sys
vn, db = sys.argv[1], sys.argv[2]
def q(*a):
    p = subprocess.run([vn, *a, "--db", db, "--json"], capture_output=True, text=True)
    return [json.loads(l) for l in p.stdout.splitlines()]
bad = []
d5 = {d["term"]: d for d in q("docs", "05-CT/TW")}
if not {2016, 2021} <= set(d5): bad.append("05-CT/TW: one entry per term, got %s" % sorted(d5))
else:
    ids16 = {c["id"]: c["form"] for c in d5[2016]["citing"]}
    ids21 = {c["id"]: c["form"] for c in d5[2021]["citing"]}
    if ids16.get("r-hagiang-2018") != "short": bad.append("short form 'Chỉ thị 05' (2018) not attached to 2016: %s" % ids16)
    if ids21.get("r-hagiang-2023") != "short": bad.append("short form (2023) not attached to 2021: %s" % ids21)
    if "nghean-hoc-tap" not in ids16: bad.append("undated 2024 citation should go to the 2016 directive: %s" % ids16)
nq18 = q("docs", "18-NQ/TW")
if len(nq18) != 1 or sorted((x["date"], x["sources"]) for x in nq18[0]["dates"]) != [("2017-10-25", 2), ("2017-10-26", 1)]:
    bad.append("conflicting dates kept with counts: %s" % nq18)
tu = q("docs", "60-QĐ/TU")
if sorted(p for d in tu for p in d["provinces"]) != ["Lào Cai", "Nghệ An"] or len(tu) != 2:
    bad.append("a local code is one document per province: %s" % tu)
son = q("people", "Nguyễn Văn Sơn")
prov = sorted((p["province"], p["articles"]) for p in son if p["province"] in ("Cà Mau", "Hà Giang"))
if prov != [("Cà Mau", 1), ("Hà Giang", 1), ("Hà Giang", 3)]:
    bad.append("Nguyễn Văn Sơn: same name, other province or 14 years later stay apart: %s" % prov)
if len(q("people", "nguyen van son")) != len(son): bad.append("people NAME without diacritics")
who = q("who", "Bí thư Tỉnh ủy", "--province", "Ha Giang", "--date", "2019")
if [w["name"] for w in who] != ["Nguyễn Văn Sơn"]: bad.append("who Bí thư Tỉnh ủy Hà Giang 2019: %s" % who)
# a timeline row per position and province: a place the position names is
# its province ("Bí thư Tỉnh ủy Quảng Nam" = "Bí thư Tỉnh ủy" in Quảng Nam);
# a national position has none, whatever the articles' provinces
hoa = q("people", "Phan Văn Hòa")
rows = [(x["position"], x["province"], x["province_now"], x["from"], x["to"]) for p in hoa for x in p["positions"]]
if len(hoa) != 1 or rows != [("Bí thư Tỉnh ủy", "Quảng Nam", "Đà Nẵng", "2019-04-02", "2020-05-03")]:
    bad.append("one row for 'Bí thư Tỉnh ủy (Quảng Nam)' and 'Bí thư Tỉnh ủy': %s" % hoa)
minh = q("people", "Trần Quốc Minh")
rows = [(x["position"], x["province"]) for p in minh for x in p["positions"]]
if len(minh) != 1 or rows != [("Thủ tướng Chính phủ", None)]:
    bad.append("a national position in two provinces is one row without one: %s" % minh)
who = q("who", "Bí thư Tỉnh ủy", "--province", "Đà Nẵng", "--date", "2020")
if [w["name"] for w in who] != ["Phan Văn Hòa"]:
    bad.append("who Bí thư Tỉnh ủy, province by its new name: %s" % who)
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok "documents and people resolved across articles" || ko "documents and people resolved across articles" "$(cat "$T/out")"

# ---- the seeds' officials have their positions (all that extract finds)
python3 - "$VN" "$DB" "$SHARED" > "$T/out" 2>&1 <<'EOF'
import glob, json, subprocess, sys
vn, db, shared = sys.argv[1:4]
want = {}
for f in sorted(glob.glob(shared + "/seeds/*.txt")):
    r = json.loads(subprocess.run([vn, "extract", "-q", f], capture_output=True, text=True).stdout)
    for p in r["people"]:
        if p.get("in") != "related" and not p.get("historic"):
            want.setdefault(p["name"], set()).update(p["positions"])
gold = {}
for f in sorted(glob.glob(shared + "/gold/dev/*.json")):
    for p in json.load(open(f))["people"]:
        if p.get("positions") and not p.get("optional"):
            gold.setdefault(p["name"], []).extend(p["positions"])
missing, have_all = [], {}
for name in set(want) | set(gold):
    out = subprocess.run([vn, "people", "--db", db, "--json", name], capture_output=True, text=True).stdout
    have = set()
    for l in out.splitlines():
        d = json.loads(l)
        if d["name"] == name:
            # a place the position named is its province ("Bí thư Tỉnh ủy" of Bắc Kạn)
            have |= {x["position"] for x in d["positions"]}
            have |= {x["position"] + " " + x["province"] for x in d["positions"] if x.get("province")}
    have_all[name] = have
    if not want.get(name, set()) <= have:
        missing.append((name, sorted(want[name] - have)))
g_ok = sum(1 for n, ps in gold.items() for p in ps
           if any(a in have_all.get(n, ()) for a in (p if isinstance(p, list) else [p])))
g_all = sum(len(ps) for ps in gold.values())
print("gold officials' positions in the archive: %d of %d" % (g_ok, g_all))
if missing: print("extracted but not in the archive:", missing)
sys.exit(1 if missing or not want or g_ok < g_all * 0.7 else 0)
EOF
[ $? -eq 0 ] && ok "seeds' officials have their positions ($(head -1 "$T/out"))" || ko "seeds' officials have their positions" "$(cat "$T/out")"

# ---- who
"$VN" who "Bí thư Tỉnh ủy" --province "Lào Cai" --date 2023 > "$T/out" 2>&1 && grep -q "Lê Văn Thắng" "$T/out" \
    && ok "who: Bí thư Tỉnh ủy of Lào Cai in 2023" || ko "who: Bí thư Tỉnh ủy of Lào Cai in 2023" "$(cat "$T/out")"
"$VN" who "Phó Bí thư Tỉnh ủy" --province "Lào Cai" > "$T/out" 2>&1; rc=$?
! grep -q "Lê Văn Thắng" "$T/out" && ok "who: a longer rank is another position" || ko "who: a longer rank is another position" "$(cat "$T/out")"

# ---- search: without diacritics finds what the accented query finds
python3 - "$VN" "$DB" > "$T/out" 2>&1 <<'EOF'
import json, subprocess, sys, unicodedata
vn, db = sys.argv[1], sys.argv[2]
def ids(*q):
    p = subprocess.run([vn, "search", "--db", db, "--json", "--limit", "0", *q], capture_output=True, text=True)
    return [json.loads(l)["id"] for l in p.stdout.splitlines()]
def strip(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c))
bad = []
for q in ["tuyên giáo", "Bí thư Tỉnh ủy", "đảng viên", "hội nghị tổng kết", "Lào Cai", "nền tảng tư tưởng"]:
    a, f = ids(q), ids(strip(q))
    if not a or not set(a) <= set(f): bad.append("%s: %d accented, %d folded, missing %s" % (q, len(a), len(f), sorted(set(a) - set(f))[:5]))
# both tone placements, and exact with diacritics unless --fold
if ids("hòa bình") != ids("hoà bình") or not ids("hòa bình"): bad.append("hòa/hoà differ")
import sqlite3
con = sqlite3.connect(db)
def text(i):
    t, b = con.execute("select coalesce(title, ''), coalesce(body, '') from articles where id = ?", (i,)).fetchone()
    return unicodedata.normalize("NFC", (t + " " + b).lower())
for w in ["tuyên", "tuyến", "đảng"]:
    wrong = [i for i in ids(w) if w not in text(i)]
    if wrong or not ids(w): bad.append("%s matches articles without it: %s" % (w, wrong[:3]))
if not set(ids("tuyên")) < set(ids("tuyến", "--fold")) | set(ids("tuyên")): bad.append("--fold")
if set(ids("tuyên", "--fold")) != set(ids("tuyen")): bad.append("--fold should equal the unaccented query")
# filters
p = subprocess.run([vn, "search", "--db", db, "--json", "--limit", "0", "tuyen giao", "--province", "Lao Cai"],
                   capture_output=True, text=True)
lc = [json.loads(l) for l in p.stdout.splitlines()]
if "002_78aa44a3c74a3bb9" not in [x["id"] for x in lc] or any("Lào Cai" not in (x["province"], x["province_now"]) for x in lc):
    bad.append("--province: %s" % [(x["id"], x["province"]) for x in lc])
span = set(ids("35-NQ/TW", "--from", "2023-06", "--to", "2023-12"))
if span != {"laocai-so-ket", "002_78aa44a3c74a3bb9"}: bad.append("--from/--to: %s" % span)
p = subprocess.run([vn, "search", "--db", db, "--json", "35-NQ/TW"], capture_output=True, text=True)
if p.returncode or "<mark>" not in p.stdout: bad.append("a code as query, with highlighted snippet")
p = subprocess.run([vn, "search", "--db", db, 'tuyên "giáo', "NOT", "*"], capture_output=True, text=True)
if p.returncode == 2 and "malformed" in p.stderr: bad.append("stray quotes must not be syntax errors")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok "search: diacritics optional, tones, filters" || ko "search: diacritics optional, tones, filters" "$(cat "$T/out")"
"$VN" search zzqqxxnotaword > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok "search: nothing found exits 1" || ko "search: nothing found exits 1" "exit $rc"

# ---- duplicates: tone variants and a copy without diacritics
python3 - "$SHARED/seeds/002_78aa44a3c74a3bb9.txt" > "$T/dups.jsonl" <<'EOF'
import json, sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
new_tones = text
for a, b in [("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"), ("ủy", "uỷ"), ("Ủy", "Uỷ"),
             ("úy", "uý"), ("ùy", "uỳ"), ("ụy", "uỵ"), ("òe", "oè"), ("óe", "oé")]:
    new_tones = new_tones.replace(a, b)
s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
stripped = "".join(c for c in s if not unicodedata.combining(c))
lines = text.split("\n")
furniture = "\n".join(["Trang chủ | Tin tức | Sự kiện", "Chia sẻ Facebook", "Cỡ chữ: A A A"] + lines + ["Bản quyền thuộc về Báo điện tử tỉnh", "Đọc nhiều nhất"])
# copies on other sites (as syndication is): the boilerplate learner counts lines per site
print(json.dumps({"id": "dup-tone", "url": "https://a.example.vn/1", "text": new_tones}, ensure_ascii=False))
print(json.dumps({"id": "dup-nfd", "url": "https://b.example.vn/1", "text": unicodedata.normalize("NFD", text)}, ensure_ascii=False))
print(json.dumps({"id": "dup-ascii", "url": "https://c.example.vn/1", "text": stripped}, ensure_ascii=False))
print(json.dumps({"id": "dup-syndicated", "url": "https://d.example.vn/1", "text": furniture}, ensure_ascii=False))
EOF
"$VN" ingest -q "$T/dups.jsonl"
for id in dup-tone dup-nfd dup-ascii dup-syndicated; do
    d=$(count "select coalesce(duplicate_of, '-') || ' ' || coalesce(dup_kind, '-') from articles where id = '$id'")
    case "$d" in "002_78aa44a3c74a3bb9 "*) ok "duplicate found: $id ($d)";; *) ko "duplicate found: $id" "$d";; esac
done
if "$VN" search --json --limit 0 "tuyen giao" | grep -q '"dup-'; then ko "search leaves duplicates out"; else ok "search leaves duplicates out"; fi

# ---- events, stats, export
"$VN" events --type "hội nghị" --province "Lào Cai" --json > "$T/out" 2>&1 && grep -q laocai-so-ket "$T/out" \
    && ok "events with filters" || ko "events with filters" "$(head -3 "$T/out")"
"$VN" stats > "$T/out" 2>&1 && grep -q "Lào Cai" "$T/out" && grep -q "^articles" "$T/out" \
    && ok "stats" || ko "stats" "$(head -5 "$T/out")"
"$VN" export --format csv documents > "$T/docs.csv" && head -1 "$T/docs.csv" | grep -q "^did,key,kind,code" \
    && python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if any(x['code']=='35-NQ/TW' for x in r) else 1)" "$T/docs.csv" \
    && ok "export csv" || ko "export csv" "$(head -3 "$T/docs.csv")"
"$VN" export --format jsonl people > "$T/people.jsonl" && python3 -c "
import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(0 if any(x['name']=='Lê Văn Thắng' for x in r) else 1)" "$T/people.jsonl" \
    && ok "export jsonl" || ko "export jsonl"
"$VN" export records > "$T/records.jsonl" && "$VN" ingest -q --db "$T/copy.db" "$T/records.jsonl" \
    && [ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$T/copy.db")" = "$(count 'select count(*) from articles')" ] \
    && ok "export records re-ingest" || ko "export records re-ingest"
"$VN" export --format xml people > /dev/null 2>&1; [ $? -eq 2 ] && ok "export: bad format exits 2" || ko "export: bad format exits 2"
for c in ingest search docs people who events stats export; do
    "$VN" $c --help > "$T/out" 2>&1 && grep -q "usage: vnews $c" "$T/out" || { ko "$c --help"; continue; }
done
ok "every command has --help"

# ---- faults: foreign and damaged files give exit 2, name the file, stay unchanged
printf 'Xin chào, đây là một tệp văn bản.\n' > "$T/text.db"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001' > "$T/image.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table notes(x)'); c.execute('insert into notes values (1)'); c.commit()" "$T/other.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('pragma application_id=1234'); c.execute('create table t(x)'); c.commit()" "$T/otherapp.db"
cp "$DB" "$T/damaged.db"
python3 -c "
import sys; f=open(sys.argv[1],'r+b'); f.seek(4096*3); f.write(b'\xff'*8192); f.seek(4096*40); f.write(b'\x00'*4096*8)" "$T/damaged.db"
for f in text image other otherapp damaged; do
    sum1=$(md5sum < "$T/$f.db")
    bad=""
    for cmd in "stats" "search tuyen" "ingest -q $CASES/records.jsonl" "people" "export documents"; do
        "$VN" $cmd --db "$T/$f.db" > /dev/null 2> "$T/err"; rc=$?
        [ "$f" = damaged ] && [ $rc -eq 0 ] && continue # a damaged page may not be read by this question
        if [ $rc -ne 2 ] || ! grep -q "$T/$f.db" "$T/err"; then bad="$bad [$cmd: exit $rc: $(cat "$T/err")]"; fi
    done
    [ "$(md5sum < "$T/$f.db")" = "$sum1" ] || bad="$bad [file changed]"
    ls "$T/$f.db-wal" > /dev/null 2>&1 && [ "$f" != damaged ] && bad="$bad [a -wal file was made]"
    [ -z "$bad" ] && ok "fault: $f file gives a clear error, unchanged" || ko "fault: $f file" "$bad"
done
"$VN" stats --db "$T/missing.db" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "missing.db" "$T/err" && [ ! -e "$T/missing.db" ] && ok "fault: no archive" || ko "fault: no archive" "exit $rc $(cat "$T/err")"
if [ "$(id -u)" != 0 ]; then
    mkdir "$T/ro"; chmod 555 "$T/ro"
    "$VN" ingest -q --db "$T/ro/new.db" "$CASES/records.jsonl" 2> "$T/err"; rc=$?
    [ $rc -eq 2 ] && grep -q "not writable" "$T/err" && ok "fault: read-only directory" || ko "fault: read-only directory" "exit $rc $(cat "$T/err")"
fi

# a concurrent writer holds the lock: a clear error after the busy timeout, nothing written
python3 - "$DB" > "$T/lock.out" 2>&1 <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(4)
c.execute("ROLLBACK")
EOF
lockpid=$!
i=0; while [ $i -lt 50 ] && ! grep -q locked "$T/lock.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
before=$(md5sum < "$DB")
"$VN" ingest -q --busy-timeout 300 "$T/dups.jsonl" "$CASES/records.jsonl" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "another ingest is writing" "$T/err" && grep -q "$DB" "$T/err" \
    && ok "fault: concurrent writer" || ko "fault: concurrent writer" "exit $rc $(cat "$T/err")"
"$VN" stats > /dev/null 2>&1 && ok "readers query while a writer holds the lock" || ko "readers query while a writer holds the lock"
wait $lockpid

# a full disk (a file size limit): the batch fails cleanly, the archive stays whole
cp "$DB" "$T/full.db"
n0=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$T/full.db")
sz=$(( $(stat -c %s "$T/full.db") / 1024 + 64 ))
(trap '' XFSZ; ulimit -f "$sz"; zstd -dc "$SHARED/corpus/baomoi-2017.jsonl.zst" | sed -n '3001,6000p' | \
    "$VN" ingest -q --db "$T/full.db" - 2> "$T/err"; echo $? > "$T/rc")
rc=$(cat "$T/rc")
integ=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('pragma integrity_check').fetchone()[0], c.execute('select count(*) from articles').fetchone()[0])" "$T/full.db")
[ "$rc" = 2 ] && grep -q "disk full" "$T/err" && case "$integ" in "ok "*) true;; *) false;; esac \
    && ok "fault: disk full ($integ, was $n0)" || ko "fault: disk full" "exit $rc $(cat "$T/err") integrity $integ"

# readers query while an ingest writes (WAL)
zstd -dc "$SHARED/corpus/baomoi-2017.jsonl.zst" 2>/dev/null | sed -n '3001,5000p' > "$T/more.jsonl"
"$VN" ingest -q --batch 100 "$T/more.jsonl" & ingpid=$!
rbad=0; i=0
while kill -0 $ingpid 2>/dev/null && [ $i -lt 20 ]; do
    "$VN" stats --json > /dev/null 2>&1 || rbad=$((rbad + 1)); i=$((i + 1))
done
wait $ingpid; irc=$?
[ $rbad -eq 0 ] && [ $irc -eq 0 ] && ok "queries during an ingest ($i)" || ko "queries during an ingest" "$rbad failed, ingest exit $irc"

# ---- schema migrations: an archive of version 1 is upgraded in place
VNEWS_SCHEMA_UPTO=1 "$VN" ingest -q --db "$T/old.db" "$CASES/records.jsonl"
v1=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma user_version').fetchone()[0])" "$T/old.db")
"$VN" docs --db "$T/old.db" 18-NQ/TW > /dev/null 2>&1; rc=$?
v2=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma user_version').fetchone()[0])" "$T/old.db")
[ "$v1" = 1 ] && [ "$v2" -gt 1 ] && [ $rc -eq 0 ] && ok "migration from schema 1 to $v2" || ko "migration" "v1=$v1 v2=$v2 rc=$rc"
# MinHash: the scalar, AVX2, AVX-512 and AVX-512DQ paths (those this machine
# has) give the same signatures and bands
head -300 "$T/corpus.jsonl" > "$T/c300.jsonl"
sigs() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select group_concat(hex(sig)) from (select sig from minhash order by aid)').fetchone()[0], c.execute('select group_concat(key) from (select key from lsh order by key, aid)').fetchone()[0])" "$1"; }
mh_same=1
for p in 0 1 2 3; do
    VNEWS_MINHASH_PATH=$p "$VN" ingest -q --db "$T/mh$p.db" "$T/c300.jsonl"
    sigs "$T/mh$p.db" > "$T/mh$p.txt"
    [ $p -gt 0 ] && ! cmp -s "$T/mh0.txt" "$T/mh$p.txt" && mh_same=0
done
[ $mh_same = 1 ] && [ "$(wc -c < "$T/mh0.txt")" -gt 1000 ] && ok "MinHash: every vector path gives the scalar signatures" \
    || ko "MinHash: every vector path gives the scalar signatures"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('pragma user_version=99'); c.commit()" "$T/old.db"
"$VN" stats --db "$T/old.db" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "newer vnews" "$T/err" && ok "a newer schema is refused" || ko "a newer schema is refused" "exit $rc $(cat "$T/err")"

# ---- bad input lines are reported with file and line, the rest stored
printf '{"id":"ok-1","text":"Hội nghị tổng kết công tác năm 2023 của Ban Tuyên giáo."}\n{broken\n[1,2]\n' > "$T/bad.jsonl"
"$VN" ingest -q --db "$T/bad.db" "$T/bad.jsonl" 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "bad.jsonl:2" "$T/err" && grep -q "bad.jsonl:3" "$T/err" \
    && ok "bad lines reported, exit 1" || ko "bad lines reported, exit 1" "exit $rc $(cat "$T/err")"

echo "archive: $pass passed, $fail failed"
[ $fail -eq 0 ]
