#!/usr/bin/env python3
"""Check GPU turn-taking against execution logs: how long a turn on the GPU lasts, per live level.

In a two-instance model's log, an execution that started while the other instance's was running waits
for that one to end and then runs its own turn; its turn is its end less the other's end. servesim's
turn-taking model says a turn handed over under contention lasts the calibrated two-way cycle per
execution: the profile's concurrency-2 point (compute input + infer + output) over 2, interpolated
linearly in batch size. For each level of each two-instance run in the manifest this prints how many such
executions there were and the median of turn / calibrated cycle (1 = the model's turn).

  python3 exec_turns.py --manifest manifest-gt.csv --logs DIR \\
      --profile calibration/profiles/h100-bert-base-seq128-fp16-onestart4.json

DIR holds the instance logs (<model>.<model>_0_<i>.bin: exec-logs-gt.tar.xz unpacked).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import pathlib
import statistics
import sys
from typing import Callable, Dict, List, Optional

from exec_cut import read_records


def two_way_cycle(profile: dict) -> Callable[[int], float]:
    """The calibrated cycle per execution with two executions on the GPU, µs, by batch size."""
    at: Dict[int, float] = {}
    for c in profile["compute"]:
        if c["concurrency"] == 2 and (c.get("requests") or 1) == 1:
            at[c["batchSize"]] = (c["computeInputUs"]["mean"] + c["computeInferUs"]["mean"] + c["computeOutputUs"]["mean"]) / 2
    sizes = sorted(at)
    if not sizes:
        raise SystemExit("the profile has no concurrency-2 points")

    def cycle(b: int) -> float:
        if b <= sizes[0]:
            return at[sizes[0]]
        if b >= sizes[-1]:
            return at[sizes[-1]]
        hi = bisect.bisect_left(sizes, b)
        x0, x1 = sizes[hi - 1], sizes[hi]
        return at[x0] + (at[x1] - at[x0]) * (b - x0) / (x1 - x0)

    return cycle


def level_ratio(logs: List[list], t0: int, t1: int, cycle: Callable[[int], float]) -> Optional[tuple]:
    recs = [[r for r in log if t0 <= r[0] and r[1] <= t1] for log in logs]
    ratios = []
    for i in range(2):
        other = recs[1 - i]
        starts = [o[0] for o in other]
        for start, end, samples, _ in recs[i]:
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and other[k][1] > start:
                ratios.append((end - other[k][1]) / 1e3 / cycle(samples))
    return (len(ratios), statistics.median(ratios)) if ratios else None


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True, help="folder of <model>.<model>_0_<i>.bin")
    p.add_argument("--profile", required=True, help="the profile calibrated on the same server start")
    a = p.parse_args(argv)
    cycle = two_way_cycle(json.loads(pathlib.Path(a.profile).read_text()))
    print("run, level, executions that waited for the other's, median turn / calibrated two-way cycle")
    for row in csv.DictReader(open(a.manifest)):
        model = row["model"]
        paths = sorted(pathlib.Path(a.logs).glob(f"{model}.{model}_0_*.bin"))
        if len(paths) != 2:
            continue
        got = level_ratio([read_records(x) for x in paths], int(row["start_ns"]), int(row["end_ns"]), cycle)
        if got is not None:
            print(f"{row['run']:28s} {row['level']:>6s} {got[0]:6d}  {got[1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
