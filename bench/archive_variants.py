#!/usr/bin/env python3
"""A larger archive from the corpus for bench/archive.sh: each record of FILE
(JSON Lines, as extract writes them) K times, the k-th with id suffix "-vk"
and its text lightly changed (1% of the body's words swapped with other words
of the article, a different title ending), as the same story reprinted.
usage: archive_variants.py RECORDS.jsonl K > OUT.jsonl"""
import json, random, sys

rng = random.Random(11)
k_max = int(sys.argv[2])
with open(sys.argv[1], encoding="utf-8") as f:
    lines = f.readlines()
for k in range(k_max):
    for line in lines:
        r = json.loads(line)
        if k:
            r["id"] = "%s-v%d" % (r["id"], k)
            if r.get("title"):
                r["title"] = r["title"] + " (%d)" % k
            body = r.get("body") or []
            words = [w for p in body for w in p.split()]
            if words:
                out = []
                for p in body:
                    ws = p.split()
                    for i in range(len(ws)):
                        if rng.random() < 0.01:
                            ws[i] = rng.choice(words)
                    out.append(" ".join(ws))
                r["body"] = out
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
