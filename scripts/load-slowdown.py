#!/usr/bin/env python3
"""Is the model's execution short under load? Two diagnostics for docs/VALIDATION.md ("Tried in session 46").

  python3 scripts/load-slowdown.py table VALIDATE_JSON
      Triton's compute per request (perf_analyzer's Server Compute Input + Infer + Output) measured over predicted,
      the median per profile and loop (closed / open), perf_analyzer's steady, stable BERT-Base levels; then the
      signed median p50 and p99 error per loop, and, where the report has them, the speed-conditioned ones.

  python3 scripts/load-slowdown.py live SRC_DIR DST_DIR K
      A scratch copy of the live runs in which every perf_analyzer run carries a serverSpeed of 1 + K x (its level's
      measured inferences per second / 1000) and no other run carries one, so that `servesim validate --live DST_DIR
      --json` predicts each perf_analyzer level again on a server slowed in proportion to its load (the report's
      speedConditioned part). The measured throughput stands in for the load, so this bounds what such a rule could
      give; it is not a prediction.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import sys
from typing import Dict, List


def compute_us(b: dict) -> float:
    return b["computeInput"] + b["computeInfer"] + b["computeOutput"]


def table(path: str) -> int:
    doc = json.load(open(path))
    pts = [p for p in doc["points"] if p["steady"] and p["stable"] and p.get("predictedStable", True)]
    pa = [p for p in pts if p["tool"] == "perf_analyzer" and "large" not in p["profile"]]
    by: Dict[str, Dict[str, List[float]]] = {}
    for p in pa:
        loop = "closed" if p["arrival"] == "closed" else "open"
        ratio = (compute_us(p["measured"]["breakdownUs"]) / compute_us(p["predicted"]["breakdownUs"]) - 1) * 100
        by.setdefault(p["profile"], {"closed": [], "open": []})[loop].append(ratio)
    print("profile                                         closed: levels, compute measured/predicted - 1   open: the same")
    for prof in sorted(by):
        cells = []
        for loop in ("closed", "open"):
            v = by[prof][loop]
            cells.append(f"{len(v):3d} {statistics.median(v):+6.1f} %" if v else "  -        ")
        print(f"{prof:47s} {cells[0]}                              {cells[1]}")
    for loop in ("closed", "open"):
        s = [p for p in pa if (p["arrival"] == "closed") == (loop == "closed")]
        line = f"{loop:6s} {len(s):4d} levels: signed median p50 {statistics.median(p['errorPct']['p50'] for p in s):+5.1f} %, p99 {statistics.median(p['errorPct']['p99'] for p in s):+5.1f} %"
        c = [p for p in s if "speedConditioned" in p]
        if c:
            e = [p["speedConditioned"]["errorPct"] for p in c]
            line += (f"; speed-conditioned ({len(c)}): p50 {statistics.median(x['p50'] for x in e):+5.1f} %, p99 {statistics.median(x['p99'] for x in e):+5.1f} %"
                     f" (absolute {statistics.median(abs(x['p50']) for x in e):.1f} / {statistics.median(abs(x['p99']) for x in e):.1f})")
        print(line)
    return 0


def live(src: str, dst: str, k: float) -> int:
    if os.path.exists(dst):
        print(f"load-slowdown: {dst} exists; give a new folder", file=sys.stderr)
        return 1
    shutil.copytree(src, dst)
    runs = 0
    for name in sorted(os.listdir(dst)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(dst, name)
        doc = json.load(open(path))
        doc.pop("serverSpeed", None)
        rows = os.path.join(dst, name[:-5] + ".csv")
        if doc.get("tool") == "perf_analyzer" and os.path.exists(rows):
            batch = doc["load"].get("batchSize") or 1
            levels = []
            for row in csv.DictReader(open(rows)):
                level = row.get("Concurrency") or row.get("Request Rate")
                if level is None:
                    continue
                per_s = float(row["Inferences/Second"]) / batch
                levels.append({"level": float(level), "ratio": round(1 + k * per_s / 1000, 4), "executions": 100})
            doc["serverSpeed"] = {"measuredFrom": f"scripts/load-slowdown.py live, K = {k}", "levels": levels}
            runs += 1
        json.dump(doc, open(path, "w"))
    print(f"{runs} perf_analyzer runs given a load-proportional speed in {dst}")
    return 0


def main(argv: List[str]) -> int:
    if len(argv) == 2 and argv[0] == "table":
        return table(argv[1])
    if len(argv) == 4 and argv[0] == "live":
        return live(argv[1], argv[2], float(argv[3]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
