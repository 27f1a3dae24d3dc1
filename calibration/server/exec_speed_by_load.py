#!/usr/bin/env python3
"""Execution speed by request count, level by level: does a level's load slow its executions?

exec_speed.py gives one speed ratio per live level (the median, over the level's back-to-back executions,
of duration / the calibration phase's median at the same samples and request count). This prints the
ratio per request count n instead, so the same n can be compared across levels of different load: if
the ratio at equal n rises with the level's rate or concurrency, the load itself (requests arriving
while an execution runs) slows executions, which a speed drift in time would not do level by level.
Single-instance models only, as in exec_speed.py; each level's first tenth is left out as its warm-up.
With --pooled, the reference is each model's own levels in the manifest pooled (per samples and request
count), so levels are compared with each other rather than with a calibration; --requests A-B adds, per
level, the median ratio over its executions of A to B requests (the figure phase LS's claim is about).

  python3 exec_speed_by_load.py --manifest manifest-v.csv --logs DIR \\
      --ref calibration/profiles/passes-onestart/exec-cal-base-caldyn.bin \\
      --ref calibration/profiles/passes-onestart/exec-cal-base-i1.bin [--min 20]
  python3 exec_speed_by_load.py --manifest manifest.csv --logs DIR --pooled --requests 3-8
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict

from exec_cut import read_records
from exec_speed import MIN_EXECUTIONS, key_medians, ratios_by_requests, single_instance_levels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True, help="the phase's manifest (run,model,mode,level,batch,start_ns,end_ns,rc)")
    ap.add_argument("--logs", required=True, help="folder of the instances' execution logs (<model>.<model>_0_0.bin)")
    ap.add_argument("--ref", action="append", default=[], help="calibration-phase execution log (repeatable)")
    ap.add_argument("--pooled", action="store_true", help="reference: each model's levels in the manifest, pooled")
    ap.add_argument("--requests", help="A-B: also the level's median ratio over executions of A to B requests")
    ap.add_argument("--min", type=int, default=20, help="executions a request count needs in a level to be shown")
    a = ap.parse_args()
    if bool(a.ref) == a.pooled:
        ap.error("give either --ref (one or more) or --pooled")
    lo, hi = (int(x) for x in a.requests.split("-")) if a.requests else (0, -1)
    levels = list(single_instance_levels(a.manifest, a.logs))  # (row, the level's executions after its first tenth)
    if a.pooled:
        refs = {m: key_medians([recs for row, recs in levels if row["model"] == m], MIN_EXECUTIONS) for m in {row["model"] for row, _ in levels}}
    else:
        shared = key_medians([read_records(p) for p in a.ref], MIN_EXECUTIONS)
        refs = defaultdict(lambda: shared)
    for row, recs in levels:
        by = ratios_by_requests(recs, refs[row["model"]])
        cells = [f"n{n}:{statistics.median(v):.2f}({len(v)})" for n, v in sorted(by.items()) if len(v) >= a.min]
        span = [x for n, v in by.items() if lo <= n <= hi for x in v]
        head = f"{row['run']:<28} {row['mode']:<5} {row['level']:>6}"
        if a.requests:
            head += f"  n{lo}-{hi}: " + (f"{statistics.median(span):.3f} ({len(span)})" if span else "–")
        print(head + "  " + " ".join(cells))


if __name__ == "__main__":
    main()
