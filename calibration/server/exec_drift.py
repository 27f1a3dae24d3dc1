#!/usr/bin/env python3
"""How one model's executions drift over a server start (triton_model.py's execution logs).

Each instance log is cut into segments at idle gaps longer than --gap-s (each perf_analyzer run of that
model is one segment); per segment, for the batch sizes executed most often, the median, p90 and p99
execution time, and the p99 of the idle time between executions. The same batch size in two segments
ran the same work, so a change between them is the server's, not the load's.

  python3 exec_drift.py --logs DIR --model base_d0_i1 [--gap-s 3] [--sizes 3]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections import Counter
from typing import List, Sequence

from exec_cut import gap_ranges, read_records


def quantile(xs: Sequence[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--logs", required=True, help="folder of <model>.<instance>.bin")
    p.add_argument("--model", required=True)
    p.add_argument("--gap-s", type=float, default=3.0)
    p.add_argument("--sizes", type=int, default=3, help="batch sizes shown per segment (most executed first)")
    a = p.parse_args(argv)
    logs = sorted(pathlib.Path(a.logs).glob(f"{a.model}.*.bin"))
    if not logs:
        print(f"{a.logs}: no execution log of model {a.model}", file=sys.stderr)
        return 1
    for log in logs:
        recs = read_records(log)
        print(f"{log.name}: {len(recs)} executions")
        for lo, hi in gap_ranges(recs, a.gap_s * 1e9):
            seg = recs[lo:hi]
            span = (seg[-1][1] - seg[0][0]) / 1e9
            idle = [(seg[i + 1][0] - seg[i][1]) / 1e3 for i in range(len(seg) - 1)] or [0.0]
            sizes = Counter(r[2] for r in seg).most_common(a.sizes)
            cols = []
            for b, n in sorted(sizes):
                d = [(r[1] - r[0]) / 1e3 for r in seg if r[2] == b]
                cols.append(f"b{b}: {n} × p50 {quantile(d, .5):.0f} p90 {quantile(d, .9):.0f} p99 {quantile(d, .99):.0f} µs")
            print(f"  t {seg[0][0] / 1e9:7.1f} s +{span:5.1f} s  {len(seg):6d} executions  idle p99 {quantile(idle, .99):6.0f} µs  " + "; ".join(cols))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
