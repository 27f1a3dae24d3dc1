#!/usr/bin/env python3
"""Phase TG's reading: the calibration-only model under its two calibration tools in ABBA order, gaps and executions.

Every one-start calibration runs servesim loadgen's composition run first and perf_analyzer's tool run a minute
later, so exec_tool_speed.py's comparison cannot tell the tool from the time. Phase TG (full.sh, session 53) ran them
as loadgen, perf_analyzer, perf_analyzer, loadgen on one start; the instance log's last four stretches (between idle
gaps longer than --gap-s) are those runs. For every request count n from 3 to 16 measured at least --min times on both
sides, the median gap after an execution of n requests whose successor took two or more (exec_tool_speed.py's
gaps_after) is compared: both tools pooled, each adjacent pair alone, and each tool against itself later (the time's
share). Then the executions' median durations at equal request counts, pooled (exec_tool_speed.py's by_count).

  python3 calibration/server/exec_tool_abba.py --log DIR/base_cal_dyn.base_cal_dyn_0_0.bin [--gap-s 1.5] [--min 15]

DIR holds phase TG's instance logs (calibration/device/runs/2026-11-29-h200-tool-gap/exec-logs-tg.tar.xz unpacked).
"""
from __future__ import annotations

import os
import statistics
import sys
from typing import Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exec_tool_speed import by_count, gaps_after, runs_of  # noqa: E402

NAMES = ["loadgen a", "perf_analyzer a", "perf_analyzer b", "loadgen b"]


def pooled(tables: List[Dict[int, List[float]]], n: int) -> List[float]:
    return [x for t in tables for x in t.get(n, [])]


def compare(label: str, a: List[Dict[int, List[float]]], b: List[Dict[int, List[float]]], least: int) -> None:
    diffs = []
    for n in range(3, 17):
        xa, xb = pooled(a, n), pooled(b, n)
        if len(xa) >= least and len(xb) >= least:
            diffs.append((n, statistics.median(xb) - statistics.median(xa)))
    if not diffs:
        print(f"{label}: no request count measured often enough on both sides")
        return
    longer = sum(1 for _, d in diffs if d > 0)
    each = " ".join(f"{n}:{d:+.0f}" for n, d in diffs)
    print(f"{label}: {len(diffs)} request counts, the second longer at {longer} ({100 * longer / len(diffs):.0f} %), "
          f"median difference {statistics.median(d for _, d in diffs):+.0f} µs | {each}")


def main(argv: List[str]) -> int:
    got = runs_of(argv, "exec_tool_abba.py", __doc__, 1.5, 4, "four stretches of executions (ABBA)", "gaps (or executions) of a count needed on each side")
    if isinstance(got, int):
        return got
    a, parts = got
    runs = parts[-4:]
    for name, r in zip(NAMES, runs):
        print(f"{name}: {len(r)} executions over {(r[-1][1] - r[0][0]) / 1e9:.1f} s")
    g = [gaps_after(r) for r in runs]
    compare("gap, loadgen (a, b) then perf_analyzer (a, b)", [g[0], g[3]], [g[1], g[2]], a.min)
    compare("gap, loadgen a then perf_analyzer a", [g[0]], [g[1]], a.min)
    compare("gap, loadgen b then perf_analyzer b (run before it)", [g[3]], [g[2]], a.min)
    compare("gap, loadgen a then loadgen b (the time)", [g[0]], [g[3]], a.min)
    compare("gap, perf_analyzer a then perf_analyzer b (the time)", [g[1]], [g[2]], a.min)
    e = [by_count(r, a.max_wait_us) for r in runs]
    ratios = []
    for n in range(1, 65):
        xa, xb = pooled([e[0], e[3]], n), pooled([e[1], e[2]], n)
        if len(xa) >= a.min and len(xb) >= a.min:
            ratios.append(statistics.median(xb) / statistics.median(xa))
    if ratios:
        print(f"executions, perf_analyzer over loadgen at equal request counts: median ratio {statistics.median(ratios):.3f} over {len(ratios)} counts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
