#!/usr/bin/env python3
"""Bad input that cannot live in the repo as files (too large, or made by
compressing): each gets a clear message naming the file, is counted, and the
rest of the input is still processed; nothing crashes."""
import gzip
import json
import os
import subprocess
import sys
import tempfile

BUILD = os.environ.get("BUILD", "build")
VNEWS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", BUILD, "vnews")
results = []


def run(args, stdin=None, timeout=120):
    p = subprocess.run([VNEWS] + args, input=stdin, capture_output=True, timeout=timeout)
    try:
        recs = [json.loads(l) for l in p.stdout.decode("utf-8", "replace").splitlines() if l.strip()]
    except json.JSONDecodeError:
        recs = None
    return p.returncode, recs, p.stderr.decode("utf-8", "replace")


def case(name, ok, detail=""):
    results.append(ok)
    if not ok:
        print(f"FAIL bad_input/{name}: {detail[:500]}")


def main():
    d = tempfile.mkdtemp()
    page = {"id": "a", "text": "Tiêu đề\nChiều 19-3, đồng chí Nguyễn Văn An chủ trì hội nghị."}
    good = json.dumps(page, ensure_ascii=False)

    # a 50 MB single line: processed (under the 64 MiB default cap) ...
    big = os.path.join(d, "big.jsonl")
    with open(big, "w") as f:
        f.write(json.dumps({"id": "big", "text": ("Một câu văn dài. " * 2_400_000)}, ensure_ascii=False) + "\n")
        f.write(good + "\n")
    rc, recs, err = run(["extract", "--no-extract", "-q", big])
    case("50MB-line", rc == 0 and [r["id"] for r in recs] == ["big", "a"], f"rc={rc} {err}")
    # ... and skipped with a message naming file, line and byte under a smaller cap
    rc, recs, err = run(["extract", "-q", "--max-line", "1000000", big])
    case("50MB-line-capped", rc == 1 and [r["id"] for r in recs] == ["a"] and "big.jsonl:1:" in err
         and "longer than" in err, f"rc={rc} {err}")
    # a 50 MB text page, one line
    bigt = os.path.join(d, "bigpage.txt")
    with open(bigt, "w") as f:
        f.write("Chữ " * 8_300_000)
    rc, recs, err = run(["extract", "--no-extract", "-q", bigt])
    case("50MB-text-page", rc == 0 and len(recs) == 1 and recs[0]["id"] == "bigpage", f"rc={rc} {err}")

    # a missing file among good ones
    okf = os.path.join(d, "ok.jsonl")
    open(okf, "w").write(good + "\n")
    rc, recs, err = run(["extract", "-q", os.path.join(d, "nope.txt"), okf])
    case("missing-file", rc == 1 and len(recs) == 1 and "nope.txt" in err and "cannot open" in err,
         f"rc={rc} {err}")
    # a directory
    rc, recs, err = run(["extract", "-q", d, okf])
    case("directory", rc == 1 and len(recs) == 1 and d in err, f"rc={rc} {err}")

    # zstd and gzip, whole and truncated
    lines = "".join(json.dumps({"id": f"p{i}", "text": f"Trang số {i}.\n" + "Nội dung dài. " * 400},
                               ensure_ascii=False) + "\n" for i in range(200))
    zf = os.path.join(d, "pages.jsonl.zst")
    subprocess.run(["zstd", "-q", "-f", "-o", zf], input=lines.encode(), check=True)
    rc, recs, err = run(["extract", "--no-extract", "-q", zf])
    case("zstd", rc == 0 and len(recs) == 200, f"rc={rc} n={len(recs)} {err}")
    data = open(zf, "rb").read()
    tz = os.path.join(d, "cut.jsonl.zst")
    open(tz, "wb").write(data[: len(data) // 2])
    rc, recs, err = run(["extract", "--no-extract", "-q", tz, okf])
    case("zstd-truncated", rc == 1 and 0 < len(recs) < 201 and recs[-1]["id"] == "a" and "cut.jsonl.zst" in err,
         f"rc={rc} n={len(recs)} {err}")
    gz = os.path.join(d, "pages.jsonl.gz")
    open(gz, "wb").write(gzip.compress(lines.encode()))
    rc, recs, err = run(["extract", "--no-extract", "-q", gz])
    case("gzip", rc == 0 and len(recs) == 200, f"rc={rc} n={len(recs)} {err}")
    data = open(gz, "rb").read()
    tg = os.path.join(d, "cut.jsonl.gz")
    open(tg, "wb").write(data[: len(data) // 2])
    rc, recs, err = run(["extract", "--no-extract", "-q", tg, okf])
    case("gzip-truncated", rc == 1 and recs and recs[-1]["id"] == "a" and "cut.jsonl.gz" in err,
         f"rc={rc} n={len(recs)} {err}")
    # corrupt compressed data (valid magic, garbage after)
    bad = os.path.join(d, "garbage.jsonl.zst")
    open(bad, "wb").write(b"\x28\xb5\x2f\xfd" + os.urandom(5000))
    rc, recs, err = run(["extract", "-q", bad, okf])
    case("zstd-garbage", rc == 1 and len(recs) == 1 and "garbage.jsonl.zst" in err, f"rc={rc} {err}")

    # a binary file given as a page
    png = os.path.join(d, "photo.txt")
    open(png, "wb").write(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    rc, recs, err = run(["extract", "-q", png, okf])
    case("binary", rc == 1 and len(recs) == 1 and "photo.txt" in err and "binary" in err, f"rc={rc} {err}")
    # random bytes as JSON Lines: no crash, every bad line reported
    rnd = os.path.join(d, "random.jsonl")
    open(rnd, "wb").write(os.urandom(200_000))
    rc, recs, err = run(["extract", "-q", rnd])
    case("random-bytes", rc == 1 and "random.jsonl:" in err, f"rc={rc} {err[:200]}")

    # stdin: JSON Lines and a text page
    rc, recs, err = run(["extract", "-q"], stdin=(good + "\n").encode())
    case("stdin-jsonl", rc == 0 and len(recs) == 1 and recs[0]["id"] == "a", f"rc={rc} {err}")
    rc, recs, err = run(["extract", "-q", "-"], stdin="Một trang văn bản.\n".encode())
    case("stdin-text", rc == 0 and len(recs) == 1 and recs[0]["id"] == "stdin", f"rc={rc} {err}")

    # usage errors
    rc, recs, err = run(["extract", "--tone=sideways"])
    case("bad-option", rc == 2 and "--tone" in err, f"rc={rc} {err}")
    rc, recs, err = run(["frobnicate"])
    case("bad-command", rc == 2 and "unknown command" in err, f"rc={rc} {err}")
    rc, recs, err = run(["extract", "--help"])
    case("help", rc == 0, f"rc={rc}")

    p, f = sum(results), len(results) - sum(results)
    print(f"bad_input: {p} passed, {f} failed")
    subprocess.run(["rm", "-rf", d])
    return 1 if f else 0


if __name__ == "__main__":
    sys.exit(main())
