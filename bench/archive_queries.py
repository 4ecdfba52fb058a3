#!/usr/bin/env python3
"""Search queries for bench/archive.sh: N queries of 1-3 consecutive words
taken from the titles of the records in FILE (JSON Lines), half of them
typed without diacritics, a few as "quoted phrases". Deterministic (seed 7).
usage: archive_queries.py RECORDS.jsonl N"""
import json, random, sys, unicodedata

def strip(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c))

titles = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        t = json.loads(line).get("title")
        if t:
            words = [w.strip(",.:;!?\"'()[]“”") for w in t.split()]
            words = [w for w in words if len(w) > 1 and not any(c.isdigit() for c in w)]
            if len(words) >= 3:
                titles.append(words)
rng = random.Random(7)
n = int(sys.argv[2])
for i in range(n):
    words = rng.choice(titles)
    k = rng.choice([1, 2, 2, 3])
    at = rng.randrange(0, len(words) - k + 1)
    q = " ".join(words[at:at + k]).lower()
    if i % 2:
        q = strip(q)
    if i % 10 == 3 and k > 1:
        q = '"' + q + '"'
    print(q)
