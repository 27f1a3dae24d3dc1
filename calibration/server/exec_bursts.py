#!/usr/bin/env python3
"""When do a start's slow executions come, and do the instances of one model slow down together?

For each live level in the manifest: the executions that took more than --factor times the level's median
for their batch size ("slow"), the 50 ms bins holding three or more of them (the level's slow episodes,
seconds from the level's start) and the intervals between the episodes. With --models, for each of those
models (the calibration's multi-instance models, say) over its whole log: the 50 ms bins in which every
instance was executing, the bins in which each instance had a slow execution (over 1.5 x its median for
the batch size), and how many were slow on all instances at once. An instance that waits for another's
slow GPU turn looks slow too, so coincidence on two instances does not by itself say the host slowed both.

  python3 exec_bursts.py --manifest manifest-f5.csv --logs DIR [--models bert_base_i2,bert_base_i4]

DIR holds the instance logs (<model>.<model>_0_<i>.bin: exec-logs-<tag>.tar.xz unpacked).
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import statistics
import sys
from typing import Dict, List, Tuple

from exec_cut import read_records

BIN_NS = 50_000_000


def medians(recs: List[Tuple[int, int, int, int]]) -> Dict[int, float]:
    by: Dict[int, List[int]] = {}
    for s, e, n, _ in recs:
        by.setdefault(n, []).append(e - s)
    return {n: statistics.median(v) for n, v in by.items()}


def level_records(logs: pathlib.Path, row: Dict[str, str]) -> List[Tuple[int, int, int, int]]:
    """The executions of a manifest row's model that started within its span (all instances)."""
    t0, t1, model = int(row["start_ns"]), int(row["end_ns"]), row["model"]
    return [r for log in sorted(logs.glob(f"{model}.*.bin")) for r in read_records(log) if t0 <= r[0] < t1]


def slow_starts(recs: List[Tuple[int, int, int, int]], factor: float) -> List[int]:
    """Start times (ns) of the executions over `factor` x the median for their batch size among `recs`."""
    med = medians(recs)
    return [s for s, e, n, _ in recs if e - s > factor * med[n]]


def levels(a: argparse.Namespace) -> None:
    for row in csv.DictReader(open(a.manifest)):
        if row["run"].startswith("exec-"):
            continue
        t0 = int(row["start_ns"])
        recs = level_records(pathlib.Path(a.logs), row)
        if not recs:
            continue
        bins: Dict[int, int] = {}
        for s in slow_starts(recs, a.factor):
            bins[(s - t0) // BIN_NS] = bins.get((s - t0) // BIN_NS, 0) + 1
        hot = sorted(b for b, c in bins.items() if c >= 3)
        onsets = [b for i, b in enumerate(hot) if i == 0 or b - hot[i - 1] > 4]
        gaps = [round((b - a_) * BIN_NS / 1e9, 2) for a_, b in zip(onsets, onsets[1:])]
        print(f"{row['run']} {row['level']}: {sum(bins.values())} slow of {len(recs)}; episodes at s "
              f"{[round(b * BIN_NS / 1e9, 2) for b in onsets]}; intervals {gaps}")


def coincidence(a: argparse.Namespace, model: str) -> None:
    logs = sorted(pathlib.Path(a.logs).glob(f"{model}.*.bin"))
    if not logs:
        print(f"{model}: no execution log", file=sys.stderr)
        return
    hot, busy = [], []
    for log in logs:
        recs = read_records(log)
        med = medians(recs)
        hot.append({s // BIN_NS for s, e, n, _ in recs if e - s > 1.5 * med[n]})
        busy.append({s // BIN_NS for s, _, _, _ in recs})
    every = set.intersection(*busy)
    h = [x & every for x in hot]
    print(f"{model}: {len(every)} bins busy on all {len(logs)} instances; slow bins per instance {[len(x) for x in h]}, "
          f"on all at once {len(set.intersection(*h))}, on any {len(set.union(*h))}")


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True)
    p.add_argument("--factor", type=float, default=2.0, help="slow: over this many times the level's median for the size")
    p.add_argument("--models", default="", help="comma-separated models to check for coincident slow bins")
    a = p.parse_args(argv)
    levels(a)
    for m in filter(None, a.models.split(",")):
        coincidence(a, m)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
