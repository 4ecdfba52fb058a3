#!/bin/sh
# Runs each libFuzzer harness for FUZZ_SECONDS over its seed corpus (a copy, so
# the committed seeds stay as they are). Fails if any harness finds a crash.
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
secs=${FUZZ_SECONDS:-60}
status=0
passed=0; failed=0
for h in "$FUZZ_BUILD"/fuzz_*; do
    [ -x "$h" ] || continue
    name=$(basename "$h" | sed 's/^fuzz_//')
    work=$(mktemp -d)
    [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/"
    if "$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=fuzz/ \
        -print_final_stats=0 "$work" > "$work.log" 2>&1; then
        echo "fuzz $name: ok ($(grep -c . "$work.log") log lines)"
        passed=$((passed + 1))
    else
        echo "FAIL fuzz $name:"; tail -30 "$work.log"
        failed=$((failed + 1)); status=1
    fi
    rm -rf "$work" "$work.log"
done
echo "fuzz: $passed passed, $failed failed"
exit $status
