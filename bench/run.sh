#!/bin/sh
# make bench: every benchmark under bench/, figures printed.
cd "$(dirname "$0")/.." || exit 2
python3 bench/bench.py "$@"
for b in bench/*.sh; do
    [ "$b" = bench/run.sh ] && continue
    [ -f "$b" ] && sh "$b"
done
exit 0
