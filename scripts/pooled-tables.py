#!/usr/bin/env python3
"""Tried in session 31 and not kept: each one-start calibration with its compute table pooled over the other starts.

Every profile of the built-in set h100-bert-base-seq128-fp16-starts gets the compute table of the other 29 (per batch
size, concurrency and request count, the median of their means and of their spreads), keeping its own host noise,
overheads, turnaround and tool entries; the live runs are rewritten to name those profiles. Then:

  python3 scripts/pooled-tables.py OUT
  npx servesim validate --live OUT/live --speed-margin 0 --json > pooled.json

and compare with the plain `validate --live calibration/live --json` (same seed). OUT must not exist.
"""
import glob
import json
import os
import statistics as st
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASES = ("computeInputUs", "computeInferUs", "computeOutputUs")


def key(e):
    return (e["batchSize"], e["concurrency"], e.get("requests"))


def pooled(e, others):
    xs = [t[key(e)] for t in others if key(e) in t]
    if not xs:
        return e
    r = dict(e)
    for f in PHASES:
        if f in e:
            have = [x[f] for x in xs if f in x]
            r[f] = {"mean": st.median(h["mean"] for h in have), "sd": st.median(h["sd"] for h in have)}
    return r


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(f"{out}/profiles")
    os.makedirs(f"{out}/live")
    names = json.load(open(f"{ROOT}/calibration/profiles/sets/h100-bert-base-seq128-fp16-starts.json"))["profiles"]
    profiles = {n: json.load(open(f"{ROOT}/calibration/profiles/{n}.json")) for n in names}
    tables = {n: {key(e): e for e in p["compute"]} for n, p in profiles.items()}
    for n, p in profiles.items():
        others = [tables[m] for m in names if m != n]
        json.dump({**p, "compute": [pooled(e, others) for e in p["compute"]]}, open(f"{out}/profiles/{n}.json", "w"))
    for f in sorted(glob.glob(f"{ROOT}/calibration/live/*.json")):
        run = json.load(open(f))
        if run["metadata"].get("profile") in profiles:
            run["metadata"]["profile"] = f"{out}/profiles/{run['metadata']['profile']}.json"
        base = os.path.basename(f)[:-5]
        json.dump(run, open(f"{out}/live/{base}.json", "w"))
        os.symlink(f[:-5] + ".csv", f"{out}/live/{base}.csv")


if __name__ == "__main__":
    main()
