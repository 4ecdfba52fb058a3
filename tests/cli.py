#!/usr/bin/env python3
"""The command line's modes: clean and normalize in and out of JSON Lines,
--pretty, --version, and that threads change nothing in the output."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VNEWS = os.path.join(ROOT, os.environ.get("BUILD", "build"), "vnews")
results = []


def run(args, stdin=None):
    p = subprocess.run([VNEWS] + args, input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def case(name, ok, detail=""):
    results.append(bool(ok))
    if not ok:
        print(f"FAIL cli/{name}: {detail[:600]}")


def main():
    d = tempfile.mkdtemp()
    page = {"id": "p1", "url": "https://example.gov.vn/a", "date": "2024-01-02", "site": "x",
            "text": "Tiêu đề bài\nNội dung  thứ nhất.\n"}
    jl = os.path.join(d, "in.jsonl")
    open(jl, "w").write(json.dumps(page, ensure_ascii=False) + "\n")
    rc, out, err = run(["clean", jl])
    rec = json.loads(out) if rc == 0 and out.strip() else {}
    case("clean-jsonl", rc == 0 and rec.get("id") == "p1" and rec.get("url") == page["url"]
         and rec.get("date") == "2024-01-02" and rec.get("site") == "x" and "Nội dung thứ nhất." in rec.get("text", ""),
         f"rc={rc} {out} {err}")
    tx = os.path.join(d, "in.txt")
    open(tx, "w").write(page["text"])
    rc, out, err = run(["clean", tx])
    case("clean-text", rc == 0 and "Nội dung thứ nhất." in out and not out.startswith("{"), f"rc={rc} {out} {err}")
    rc, out, err = run(["normalize", "--jsonl", tx])
    rec = json.loads(out) if rc == 0 and out.strip() else {}
    case("normalize-jsonl", rc == 0 and rec.get("id") == "in" and rec.get("text", "").startswith("Tiêu đề bài"),
         f"rc={rc} {out} {err}")
    rc, out, err = run(["extract", "--pretty", tx])
    case("pretty", rc == 0 and "== in" in out, f"rc={rc} {out} {err}")
    rc, out, err = run(["--version"])
    case("version", rc == 0 and out.startswith("vnews "), out)
    rc, out, err = run(["--help"])
    case("help", rc == 0 and "extract" in out and "ingest" in out, out)
    for cmd in ("extract", "clean", "normalize"):
        rc, out, err = run([cmd, "--help"])
        case(f"{cmd}-help", rc == 0 and "usage: vnews " + cmd in out, out)
    # threads change nothing: the seeds and samples, -j1 against -j3
    files = sorted(os.path.join(ROOT, "sample", f) for f in os.listdir(os.path.join(ROOT, "sample"))
                   if f.endswith(".txt"))
    many = os.path.join(d, "many.jsonl")
    with open(many, "w") as f:
        for i in range(700):
            src = files[i % len(files)]
            f.write(json.dumps({"id": f"m{i}", "text": open(src, encoding="utf-8", errors="replace").read()},
                               ensure_ascii=False) + "\n")
    a = run(["extract", "-q", "-j1", many])
    b = run(["extract", "-q", "-j3", many])
    case("threads-same-output", a[0] == 0 and a[1] == b[1] and a[1].count("\n") == 700,
         f"rc={a[0]},{b[0]} lines={a[1].count(chr(10))}")
    p, f = sum(results), len(results) - sum(results)
    print(f"cli: {p} passed, {f} failed")
    subprocess.run(["rm", "-rf", d])
    return 1 if f else 0


if __name__ == "__main__":
    sys.exit(main())
