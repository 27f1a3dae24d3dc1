#!/usr/bin/env python3
"""Execution speed by request count, level by level: does a level's load slow its executions?

exec_speed.py gives one speed ratio per live level (the median, over the level's back-to-back executions,
of duration / the calibration phase's median at the same samples and request count). This prints the
ratio per request count n instead, so the same n can be compared across levels of different load: if
the ratio at equal n rises with the level's rate or concurrency, the load itself (requests arriving
while an execution runs) slows executions, which a speed drift in time would not do level by level.
Single-instance models only, as in exec_speed.py; each level's first tenth is left out as its warm-up.

  python3 exec_speed_by_load.py --manifest manifest-v.csv --logs DIR \\
      --ref calibration/profiles/passes-onestart/exec-cal-base-caldyn.bin \\
      --ref calibration/profiles/passes-onestart/exec-cal-base-i1.bin [--min 20]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
from collections import defaultdict

from exec_cut import read_records
from exec_speed import MIN_EXECUTIONS, back_to_back, key_medians


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True, help="the phase's manifest (run,model,mode,level,batch,start_ns,end_ns,rc)")
    ap.add_argument("--logs", required=True, help="folder of the instances' execution logs (<model>.<model>_0_0.bin)")
    ap.add_argument("--ref", action="append", required=True, help="calibration-phase execution log (repeatable)")
    ap.add_argument("--min", type=int, default=20, help="executions a request count needs in a level to be shown")
    a = ap.parse_args()
    ref = key_medians([read_records(p) for p in a.ref], MIN_EXECUTIONS)
    logs = {}
    for row in csv.DictReader(open(a.manifest)):
        m = row["model"]
        path = os.path.join(a.logs, f"{m}.{m}_0_0.bin")
        if not os.path.exists(path) or os.path.exists(os.path.join(a.logs, f"{m}.{m}_0_1.bin")):
            continue
        if path not in logs:
            logs[path] = read_records(path)
        s, e = int(row["start_ns"]), int(row["end_ns"])
        recs = [r for r in logs[path] if r[0] >= s and r[1] <= e]
        recs = recs[len(recs) // 10:]
        by = defaultdict(list)
        for r in back_to_back(recs):
            k = (r[2], r[3])
            if k in ref:
                by[r[3]].append((r[1] - r[0]) / 1e3 / ref[k])
        cells = [f"n{n}:{statistics.median(v):.2f}({len(v)})" for n, v in sorted(by.items()) if len(v) >= a.min]
        print(f"{row['run']:<28} {row['mode']:<5} {row['level']:>6}  " + " ".join(cells))


if __name__ == "__main__":
    main()
