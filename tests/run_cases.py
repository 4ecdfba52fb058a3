#!/usr/bin/env python3
"""Tests as data: run every case through the CLI and the library alike.

Extraction cases: tests/cases/**/NAME.{txt,jsonl,...} with NAME.expect.json
  The expectation is a subset of the record (or {"records": [...]} for
  several): dicts match key by key, lists of scalars must be equal, each dict
  in a list must match a distinct item of the actual list. Special keys:
    "roles":  {"body": [1, 2], ...}  line numbers that must have that role
    "absent": {"people": [{"name": "X"}]}  items that must not appear
    "exit": N   the CLI's exit status (default 0)
    "stderr": ["substring", ...]  what the CLI must print on stderr
    "timeout": seconds (default 10): pathological inputs must finish in time
  NAME.args holds extra command-line arguments (one line).
Normalization cases: tests/normalize/NAME.in -> NAME.out, exactly, through
  `vnews normalize --text ARGS` (NAME.args) and the library.

Prints one line per failure and ends with "N passed, N failed".
"""
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("BUILD", "build"))
if not BUILD.is_absolute():
    BUILD = ROOT / BUILD
VNEWS = str(BUILD / "vnews")
TESTLIB = str(BUILD / "vnews-testlib")
INPUT_EXT = (".txt", ".jsonl", ".jsonl.gz", ".jsonl.zst", ".bin", ".json")


def nfc(x):
    return unicodedata.normalize("NFC", x) if isinstance(x, str) else x


def match(exp, act, path="$"):
    """None if act satisfies exp, else a message saying where it does not."""
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            return f"{path}: expected an object, got {json.dumps(act, ensure_ascii=False)[:200]}"
        for k, v in exp.items():
            if k not in act:
                return f"{path}.{k}: missing"
            m = match(v, act[k], f"{path}.{k}")
            if m:
                return m
        return None
    if isinstance(exp, list):
        if not isinstance(act, list):
            return f"{path}: expected a list, got {json.dumps(act, ensure_ascii=False)[:200]}"
        if any(isinstance(e, dict) for e in exp):
            left = list(range(len(act)))
            for i, e in enumerate(exp):
                hit = next((j for j in left if match(e, act[j]) is None), None)
                if hit is None:
                    return (f"{path}[{i}]: no item matches {json.dumps(e, ensure_ascii=False)}; have "
                            f"{json.dumps(act, ensure_ascii=False)[:600]}")
                left.remove(hit)
            return None
        if [nfc(x) for x in exp] != [nfc(x) for x in act]:
            return f"{path}: expected {json.dumps(exp, ensure_ascii=False)[:300]}, got {json.dumps(act, ensure_ascii=False)[:300]}"
        return None
    if isinstance(exp, float) or isinstance(act, float):
        try:
            return None if float(exp) == float(act) else f"{path}: expected {exp}, got {act}"
        except (TypeError, ValueError):
            return f"{path}: expected {exp}, got {act}"
    if nfc(exp) != nfc(act):
        return f"{path}: expected {json.dumps(exp, ensure_ascii=False)}, got {json.dumps(act, ensure_ascii=False)[:300]}"
    return None


def check_record(exp, rec):
    exp = dict(exp)
    roles = exp.pop("roles", None)
    absent = exp.pop("absent", None)
    m = match(exp, rec)
    if m:
        return m
    if roles:
        got = {l["n"]: l["role"] for l in rec.get("lines", [])}
        for role, ns in roles.items():
            for n in ns:
                if got.get(n) != role:
                    return f"line {n}: expected role {role}, got {got.get(n)}"
    if absent:
        for field, items in absent.items():
            for it in items:
                for a in rec.get(field, []) or []:
                    if match(it, a) is None:
                        return f"{field}: {json.dumps(it, ensure_ascii=False)} must be absent"
    return None


def run(cmd, stdin=None, timeout=10):
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def records_of(out):
    recs = []
    for line in out.decode("utf-8", "replace").splitlines():
        if line.strip():
            recs.append(json.loads(line))
    return recs


def extraction_case(inp, expf):
    spec = json.loads(expf.read_text(encoding="utf-8"))
    args = []
    argf = Path(str(expf).replace(".expect.json", ".args"))
    if argf.exists():
        args = argf.read_text().split()
    timeout = spec.get("timeout", 10)
    want_exit = spec.get("exit", 0)
    errs = []
    for name, prog in (("cli", [VNEWS, "extract", "-q"]), ("lib", [TESTLIB])):
        rc, out, err = run(prog + args + [str(inp)], timeout=timeout)
        if rc == "timeout":
            errs.append(f"{name}: took longer than {timeout}s")
            continue
        if rc < 0:
            errs.append(f"{name}: crashed with signal {-rc}: {err.decode(errors='replace')[-500:]}")
            continue
        if name == "cli":
            if rc != want_exit:
                errs.append(f"cli: exit {rc}, expected {want_exit}: {err.decode(errors='replace')[-300:]}")
            for s in spec.get("stderr", []):
                if s not in err.decode("utf-8", "replace"):
                    errs.append(f"cli: stderr lacks {s!r}: {err.decode(errors='replace')[-300:]}")
        try:
            recs = records_of(out)
        except json.JSONDecodeError as e:
            errs.append(f"{name}: output is not JSON Lines: {e}")
            continue
        exps = spec.get("records")
        if exps is None:
            exps = [spec.get("record", {k: v for k, v in spec.items()
                                        if k not in ("exit", "stderr", "timeout", "count")})]
        if "count" in spec and len(recs) != spec["count"]:
            errs.append(f"{name}: {len(recs)} records, expected {spec['count']}")
        for i, e in enumerate(exps):
            if i >= len(recs):
                errs.append(f"{name}: record {i + 1} missing")
                break
            m = check_record(e, recs[i])
            if m:
                errs.append(f"{name}: record {i + 1}: {m}")
    return errs


def normalize_case(inp):
    want = Path(str(inp)[:-3] + ".out").read_bytes()
    args = []
    argf = Path(str(inp)[:-3] + ".args")
    if argf.exists():
        args = argf.read_text().split()
    errs = []
    rc, out, err = run([VNEWS, "normalize", "--text", "-q"] + args + ["-"], stdin=inp.read_bytes())
    if rc not in (0, 1):
        errs.append(f"cli: exit {rc}: {err.decode(errors='replace')[-300:]}")
    # the CLI ends every page with one newline
    if out.rstrip(b"\n") != want.rstrip(b"\n"):
        errs.append(f"cli: got {out[:300]!r}, expected {want[:300]!r}")
    rc, out, err = run([TESTLIB, "--normalize"] + args, stdin=inp.read_bytes())
    if rc != 0:
        errs.append(f"lib: exit {rc}: {err.decode(errors='replace')[-300:]}")
    if out.rstrip(b"\n") != want.rstrip(b"\n"):
        errs.append(f"lib: got {out[:300]!r}, expected {want[:300]!r}")
    return errs


def main(argv):
    only = argv[1] if len(argv) > 1 else ""
    passed = failed = 0
    cases = []
    for expf in sorted((ROOT / "tests").rglob("*.expect.json")):
        stem = str(expf)[: -len(".expect.json")]
        inp = next((Path(stem + e) for e in INPUT_EXT if Path(stem + e).exists()), None)
        cases.append(("extract", expf, inp))
    for inp in sorted((ROOT / "tests" / "normalize").rglob("*.in")):
        cases.append(("normalize", inp, inp))
    for kind, key, inp in cases:
        name = str(key.relative_to(ROOT / "tests"))
        if only and only not in name:
            continue
        if inp is None:
            errs = ["no input file beside the expectation"]
        elif kind == "extract":
            errs = extraction_case(inp, key)
        else:
            errs = normalize_case(inp)
        if errs:
            failed += 1
            print(f"FAIL {name}")
            for e in errs:
                print(f"  {e}")
        else:
            passed += 1
    print(f"cases: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
