#!/usr/bin/env python3
"""How much of a start's own calibration carries into its live levels (session 31).

Where one configuration and level were measured by perf_analyzer on three or more starts, each with its own
one-start profile, every start's prediction and measurement are taken relative to the group's median
prediction and median measurement. If a calibration caught how fast its host would run the level, the two
relative deviations agree (slope 1 when the measured deviation is regressed on the predicted one); if the
calibrations differ by noise, or the hosts drift between calibration and level, the slope falls towards 0.
Printed for Server Compute Infer per request and for p50, closed and open loop, with the spread of each side.

  python3 scripts/start-signal.py --validate V.json [--min-starts 3]

V.json is `servesim validate --live calibration/live --json`. Built-in (pooled) profiles are left out: their
live runs did not share a start with their calibration.
"""
import argparse
import json
import statistics as st
from collections import defaultdict


def deviations(groups, get):
    xs, ys = [], []
    for pts in groups:
        mp = st.median(get(p, "predicted") for p in pts)
        mm = st.median(get(p, "measured") for p in pts)
        for p in pts:
            xs.append(get(p, "predicted") / mp - 1)
            ys.append(get(p, "measured") / mm - 1)
    return xs, ys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--validate", required=True)
    ap.add_argument("--min-starts", type=int, default=3)
    a = ap.parse_args()
    v = json.load(open(a.validate))
    pooled = {"h100-bert-base-seq128-fp16", "h100-bert-large-seq384-fp16"}
    pts = [p for p in v["points"] if p["steady"] and p["stable"] and p["tool"] == "perf_analyzer" and p["profile"] not in pooled]
    infer = lambda p, side: p[side]["breakdownUs"]["computeInfer"]
    p50 = lambda p, side: p[side]["p50Us"]
    print("| loop | groups | points | figure | sd predicted | sd measured | correlation | slope (measured on predicted) |")
    print("|---|---|---|---|---|---|---|---|")
    for loop in ("closed", "open"):
        g = defaultdict(list)
        for p in pts:
            if (p["arrival"] == "closed") == (loop == "closed"):
                g[(p["model"], p["arrival"], round(p["load"]), p["batchSize"])].append(p)
        groups = [ps for ps in g.values() if len({p["profile"] for p in ps}) >= a.min_starts]
        n = sum(len(ps) for ps in groups)
        for name, get in (("compute infer", infer), ("p50", p50)):
            xs, ys = deviations(groups, get)
            slope = st.linear_regression(xs, ys).slope
            print(f"| {loop} | {len(groups)} | {n} | {name} | {100 * st.pstdev(xs):.1f} % | {100 * st.pstdev(ys):.1f} % | {st.correlation(xs, ys):.2f} | {slope:.2f} |")


if __name__ == "__main__":
    main()
