#!/usr/bin/env python3
"""Per call of a manifest (full.sh phase H), how long one instance's executions took, by batch size.

For each call: executions, mean batch, the host's busy CPU (the manifest's busy_cores), and per batch size
the median execution (triton_model.py's record: the Python execute() call) and the median gap to the next
execution, against the reference call's medians at the same size (--ref, default the first call); with
--pooled, against every call's back-to-back executions pooled, and each call's speed ratio (exec_speed.py's
rule: the median over its back-to-back executions of duration over the reference median at the same size
and request count). A load generator that slows the server down shows as executions and gaps longer than
the reference's; a speed that follows the load shows the same rate as slow on the way down as on the way up.

  python3 exec_interference.py --manifest manifest.csv --log ex/base_cal_dyn.base_cal_dyn_0_0.bin [--ref lg-c16-a | --pooled]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections import defaultdict
from typing import Dict, List, Tuple

from exec_cut import read_records
from exec_speed import back_to_back, key_medians

SIZES = (1, 2, 4, 6, 8, 12, 16, 24, 32)


def by_size(recs: List[Tuple[int, int, int, int]]) -> Tuple[Dict[int, List[float]], Dict[int, List[float]]]:
    """Execution durations and gaps to the next execution (µs) by batch size; the first tenth is warm-up."""
    recs = recs[len(recs) // 10:]
    ex: Dict[int, List[float]] = defaultdict(list)
    gap: Dict[int, List[float]] = defaultdict(list)
    for a, b in zip(recs, recs[1:]):
        ex[a[2]].append((a[1] - a[0]) / 1e3)
        gap[a[2]].append((b[0] - a[1]) / 1e3)
    return ex, gap


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--log", required=True, help="one instance's execution log")
    p.add_argument("--ref", help="the reference call (default: the manifest's first)")
    p.add_argument("--pooled", action="store_true", help="reference: every call's back-to-back executions pooled")
    p.add_argument("--min", type=int, default=20, help="executions a size needs to be shown (default 20)")
    a = p.parse_args(argv)
    rows = list(csv.DictReader(open(a.manifest)))
    if not rows:
        print(f"{a.manifest}: no calls", file=sys.stderr)
        return 2
    recs = read_records(a.log)
    calls = {r["run"]: [x for x in recs if int(r["start_ns"]) <= x[0] <= int(r["end_ns"])] for r in rows}
    if a.pooled:
        return pooled(rows, calls, a.min)
    ref_name = a.ref or rows[0]["run"]
    if ref_name not in calls:
        print(f"{a.manifest}: no call named {ref_name}", file=sys.stderr)
        return 2
    ref_ex, ref_gap = by_size(calls[ref_name])
    print(f"reference {ref_name}: median execution / gap (µs) " + " ".join(
        f"b{b} {statistics.median(ref_ex[b]):.0f}/{statistics.median(ref_gap[b]):.0f}"
        for b in SIZES if len(ref_ex[b]) >= a.min))
    print("call, executions, mean batch, busy cores, then per size: execution % vs reference / median gap µs")
    for r in rows:
        rs = calls[r["run"]]
        if len(rs) < 2:
            print(f"{r['run']:16} no executions")
            continue
        ex, gap = by_size(rs)
        mean_b = sum(x[2] for x in rs) / len(rs)
        cells = []
        for b in SIZES:
            if len(ex[b]) >= a.min and len(ref_ex[b]) >= a.min:
                pct = 100 * (statistics.median(ex[b]) / statistics.median(ref_ex[b]) - 1)
                cells.append(f"b{b} {pct:+5.1f}%/{statistics.median(gap[b]):4.0f}")
            elif len(ex[b]) >= a.min:
                cells.append(f"b{b} {statistics.median(ex[b]):5.0f}µs/{statistics.median(gap[b]):4.0f}")
        print(f"{r['run']:16} {len(rs):6d} {mean_b:5.1f} {r.get('busy_cores', ''):>6}  " + "  ".join(cells))
    return 0


def pooled(rows: List[dict], calls: Dict[str, List[Tuple[int, int, int, int]]], least: int) -> int:
    ref = key_medians([rs[len(rs) // 10:] for rs in calls.values()], 50)
    print("call, start s, executions, mean batch, busy cores, speed ratio vs all calls pooled, then per size")
    t0 = min(int(r["start_ns"]) for r in rows)
    for r in rows:
        rs = calls[r["run"]][len(calls[r["run"]]) // 10:]
        by: Dict[int, List[float]] = defaultdict(list)
        for x in back_to_back(rs):
            if (x[2], x[3]) in ref:
                by[x[2]].append((x[1] - x[0]) / 1e3 / ref[(x[2], x[3])])
        every = [v for vs in by.values() for v in vs]
        ratio = f"{statistics.median(every):.3f}" if every else "  -  "
        mean_b = sum(x[2] for x in rs) / len(rs) if rs else 0
        sizes = "  ".join(f"b{b} {statistics.median(v):.2f}" for b, v in sorted(by.items()) if len(v) >= least and b in SIZES + (64,))
        print(f"{r['run']:16} {(int(r['start_ns']) - t0) / 1e9:6.1f} {len(rs):6d} {mean_b:5.1f} {r.get('busy_cores', ''):>6}  {ratio}  {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
