#!/bin/sh
# Runs every test: C unit tests, cases as data (CLI and library), generated
# bad inputs, data tables check. Ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export BUILD
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
total_p=0; total_f=0
tally() { # name, output file
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
    p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    [ -n "$p" ] || { p=0; f=1; echo "FAIL $1: no summary line"; }
    grep -E '^(FAIL|  )' "$2" | head -60
    total_p=$((total_p + p)); total_f=$((total_f + f))
    echo "$1: $p passed, $f failed"
}
"$BUILD/unit-tests" > "$out/unit" 2>&1; tally unit "$out/unit"
python3 tests/run_cases.py > "$out/cases" 2>&1; tally cases "$out/cases"
for t in tests/scripts/*.sh; do
    [ -f "$t" ] || continue
    n=$(basename "$t" .sh)
    sh "$t" > "$out/$n" 2>&1; tally "$n" "$out/$n"
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
