#!/usr/bin/env python3
"""make bench: throughput (MB/s per core) and peak memory of vnews normalize
and extract on the real corpus (../shared/corpus/baomoi-2017.jsonl.zst) and on
a 1 GB file made from it. Figures are printed, never asserted.

usage: bench.py [--quick]   (--quick: the corpus only, no 1 GB file)
"""
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", "build")
VNEWS = os.path.join(ROOT, BUILD, "vnews")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "baomoi-2017.jsonl.zst")
OUT = os.path.join(ROOT, "bench", "out")


def prepare():
    os.makedirs(OUT, exist_ok=True)
    plain = os.path.join(OUT, "corpus.jsonl")
    if not os.path.exists(plain):
        with open(plain, "wb") as f:
            subprocess.run(["zstd", "-dc", CORPUS], stdout=f, check=True)
    return plain


def make_big(plain, target=1 << 30):
    """The corpus repeated to 1 GB, copied in chunks (the benchmark process stays
    small: a child's peak RSS counts the parent's memory at fork)."""
    big = os.path.join(OUT, "corpus-1g.jsonl")
    if not os.path.exists(big) or os.path.getsize(big) < target:
        with open(big, "wb") as out:
            written = 0
            while written < target:
                with open(plain, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
                written += os.path.getsize(plain)
    return big


def measure(args, path):
    """Wall seconds, CPU seconds and peak RSS (MB) of one vnews run."""
    t0 = time.monotonic()
    with open(path, "rb") as f:
        p = subprocess.Popen([VNEWS] + args + ["-q", "-"], stdin=f, stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    cpu = ru.ru_utime + ru.ru_stime
    return os.waitstatus_to_exitcode(status), wall, cpu, ru.ru_maxrss / 1024.0


def main():
    quick = "--quick" in sys.argv
    if not os.path.exists(CORPUS):
        print(f"bench: {CORPUS} not found", file=sys.stderr)
        return 1
    plain = prepare()
    inputs = [("corpus", plain)]
    if not quick:
        inputs.append(("1 GB", make_big(plain)))
    ncpu = os.cpu_count() or 1
    rows = []
    print(f"{'command':<34}{'input':>8}{'MB':>8}{'wall s':>9}{'MB/s':>9}{'MB/s/core':>11}{'peak MB':>9}")
    for cmd in (["normalize", "--jsonl"], ["extract", "--no-extract"], ["extract"]):
        for jobs in (1, ncpu):
            for name, path in inputs:
                if jobs == 1 and name != "corpus" and cmd[0] != "extract":
                    continue
                mb = os.path.getsize(path) / 1e6
                rc, wall, cpu, rss = measure(cmd + ["-j", str(jobs)], path)
                label = " ".join(cmd) + f" -j{jobs}"
                per_core = mb / cpu if cpu > 0 else 0.0
                print(f"{label:<34}{name:>8}{mb:>8.0f}{wall:>9.2f}{mb / wall:>9.1f}{per_core:>11.1f}{rss:>9.1f}"
                      + ("" if rc in (0, 1) else f"  (exit {rc})"), flush=True)
                rows.append((label, name, mb / wall, per_core, rss))
    print("MB/s/core = input MB / CPU seconds (user + system) of the run; peak MB = max RSS of that run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
