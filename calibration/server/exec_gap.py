#!/usr/bin/env python3
"""Do executions run slower after a short idle, and does that explain a live level's slower server?

The instance's gap before an execution (its previous execution's end to this one's start, in the stub's
own log) sorts executions into warm (gap under --cut-us, default 300: the instance went straight on) and
cold (longer: it waited). On a KVM guest an idle vCPU halts (KVM's default halt-polling window is 200 µs),
so a cold execution may start on a halted core.

--cal LOG: the median duration per (samples, requests) of one log's warm and cold executions.

--manifest/--logs/--ref: per single-instance live level, the share of its executions of two or more
requests that were cold, and the median of duration / the reference's median duration for the same
samples and request count, once at any gap and once against the reference's executions of the same gap
class. If the cold executions explained why a level ran slower than its calibration, the second ratio
would sit nearer 1 than the first.

  python3 exec_gap.py --cal calibration/profiles/passes-onestart/exec-cal-base-caldyn.bin
  python3 exec_gap.py --manifest manifest-v.csv --logs DIR --ref .../exec-cal-base-caldyn.bin
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from typing import Dict, List, Tuple

from exec_cut import read_records
from exec_speed import single_instance_levels

Rec = Tuple[int, int, int, int]
MIN_EXECUTIONS = 15


def classed(recs: List[Rec], cut_us: float) -> List[Tuple[Rec, int]]:
    """Each execution after the first with its class: 0 warm, 1 cold."""
    return [(b, 0 if (b[0] - a[1]) / 1e3 < cut_us else 1) for a, b in zip(recs, recs[1:])]


def medians(pairs: List[Tuple[Rec, int]]) -> Tuple[Dict[tuple, float], Dict[tuple, float]]:
    """Median duration (µs) per (samples, requests, class) and per (samples, requests)."""
    by_class: Dict[tuple, List[float]] = defaultdict(list)
    by_key: Dict[tuple, List[float]] = defaultdict(list)
    for r, c in pairs:
        by_class[(r[2], r[3], c)].append((r[1] - r[0]) / 1e3)
        by_key[(r[2], r[3])].append((r[1] - r[0]) / 1e3)
    pick = lambda d: {k: statistics.median(v) for k, v in d.items() if len(v) >= MIN_EXECUTIONS}
    return pick(by_class), pick(by_key)


def cal_table(path: str, cut_us: float) -> None:
    by_class, _ = medians(classed(read_records(path), cut_us))
    print(f"{path}: median µs, warm (gap < {cut_us:.0f} µs) / cold, by samples and requests")
    for s, r in sorted({(k[0], k[1]) for k in by_class}):
        w, c = by_class.get((s, r, 0)), by_class.get((s, r, 1))
        extra = f"  cold {100 * (c / w - 1):+.1f} %" if w and c else ""
        print(f"  samples {s:3d} requests {r:3d}  {w or float('nan'):7.0f} / {c or float('nan'):7.0f}{extra}")


def levels(manifest: str, logs: str, refs: List[str], cut_us: float) -> None:
    ref_class, ref_key = medians([x for p in refs for x in classed(read_records(p), cut_us)])
    for row, recs in single_instance_levels(manifest, logs):
        multi = [(r, c) for r, c in classed(recs, cut_us) if r[3] >= 2]
        any_gap = [(r[1] - r[0]) / 1e3 / ref_key[(r[2], r[3])] for r, _ in multi if (r[2], r[3]) in ref_key]
        same = [(r[1] - r[0]) / 1e3 / ref_class[(r[2], r[3], c)] for r, c in multi if (r[2], r[3], c) in ref_class]
        if len(any_gap) < 30 or len(same) < 30:
            continue
        cold = sum(c for _, c in multi) / len(multi)
        print(f"{row['run'][:28]:28s} {row['mode'][:4]:4s} {row['level']:>6s}  executions of >=2 requests {len(multi):6d}"
              f"  cold {100 * cold:3.0f} %  speed ratio: any gap {statistics.median(any_gap):.3f},"
              f" same gap class {statistics.median(same):.3f}")


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cal", help="one execution log: the warm / cold table")
    ap.add_argument("--manifest", help="the phase's manifest (run,model,mode,level,batch,start_ns,end_ns,rc)")
    ap.add_argument("--logs", help="folder of the instances' execution logs (<model>.<model>_0_0.bin)")
    ap.add_argument("--ref", action="append", default=[], help="calibration-phase execution log (repeatable)")
    ap.add_argument("--cut-us", type=float, default=300.0, help="gap (µs) from which an execution counts as cold")
    a = ap.parse_args(argv)
    if a.cal:
        cal_table(a.cal, a.cut_us)
        return 0
    if not (a.manifest and a.logs and a.ref):
        ap.error("give --cal LOG, or --manifest, --logs and --ref")
    levels(a.manifest, a.logs, a.ref, a.cut_us)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
