#!/usr/bin/env python3
"""Do requests that arrive while an execution runs lengthen it?

With a delay-0 dynamic batcher on one instance, the execution that follows straight on (its start less than
--gap-us, default 230, after this one's end: the instance went on without waiting) holds the requests that
arrived during this one. So, among executions whose samples equal their requests (one sample per request),
the median duration by (request count, the next execution's request count) sets an execution's length
against the arrivals during it at equal size. A per-arrival cost shows as durations rising along a row.

--log LOG: one instance log, whole (a calibration's composition run: exec-cal-base-caldyn.bin).
--manifest/--logs/--model: each of that single-instance model's levels in the manifest, its first tenth left
out as warm-up.

  python3 exec_arrivals.py --log calibration/profiles/passes-onestart/exec-cal-base-caldyn.bin
  python3 exec_arrivals.py --manifest manifest-v.csv --logs DIR --model base_d0_i1 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from typing import Dict, List, Tuple

from exec_cut import read_records
from exec_speed import instance_logs, single_instance_levels

Rec = Tuple[int, int, int, int]


def by_arrivals(recs: List[Rec], gap_us: float, min_n: int) -> List[dict]:
    """Per request count n (with at least two arrival counts of min_n executions): [arrivals, executions,
    median µs] for each arrival count, and the least-squares slope in µs per arrival over those medians."""
    groups: Dict[Tuple[int, int], List[float]] = defaultdict(list)
    for a, b in zip(recs, recs[1:]):
        gap = (b[0] - a[1]) / 1e3
        if a[2] != a[3] or not 0 <= gap < gap_us:
            continue
        groups[(a[3], b[3])].append((a[1] - a[0]) / 1e3)
    rows = []
    for n in sorted({n for n, _ in groups}):
        cells = [[k, len(v), statistics.median(v)] for (m, k), v in sorted(groups.items()) if m == n and len(v) >= min_n]
        if len(cells) < 2:
            continue
        xs, ys = [c[0] for c in cells], [c[2] for c in cells]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        rows.append({"requests": n, "byArrivals": [[k, c, round(m, 1)] for k, c, m in cells], "usPerArrival": round(slope, 2)})
    return rows


def show(label: str, rows: List[dict]) -> None:
    print(label)
    for r in rows:
        cells = "  ".join(f"{k}: {m:.0f} ({c})" for k, c, m in r["byArrivals"])
        print(f"  {r['requests']:3d} requests, by arrivals: {cells}   {r['usPerArrival']:+.1f} µs per arrival")


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--log", help="one instance log, whole")
    p.add_argument("--manifest")
    p.add_argument("--logs", help="folder of <model>.<instance>.bin")
    p.add_argument("--model")
    p.add_argument("--gap-us", type=float, default=230.0)
    p.add_argument("--min", type=int, default=15, help="executions a cell needs")
    p.add_argument("--json", help="also write the rows here")
    a = p.parse_args(argv)
    out = []
    if a.log:
        rows = by_arrivals(read_records(a.log), a.gap_us, a.min)
        show(a.log, rows)
        out.append({"log": a.log, "rows": rows})
    elif a.manifest and a.logs and a.model:
        inst = instance_logs(a.logs, a.model)
        if len(inst) != 1:
            print(f"{a.logs}: {len(inst)} instance logs of {a.model}; need exactly one", file=sys.stderr)
            return 2
        for row, recs in single_instance_levels(a.manifest, a.logs, a.model):
            rows = by_arrivals(recs, a.gap_us, a.min)
            show(f"{row['run']} {row['mode']} {row['level']}", rows)
            out.append({"run": row["run"], "mode": row["mode"], "level": row["level"], "rows": rows})
    else:
        print("give --log, or --manifest, --logs and --model", file=sys.stderr)
        return 2
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
