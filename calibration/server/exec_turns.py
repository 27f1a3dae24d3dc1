#!/usr/bin/env python3
"""Check GPU turn-taking against execution logs: how long a turn on the GPU lasts, per live level.

In a multi-instance model's log, an execution during which another instance's execution ends has waited
for the GPU and then run its own turn; its turn is its end less the last such end (the hand-over). servesim's
turn-taking model says a turn handed over with k executions on the GPU lasts the calibrated k-way cycle per
execution: the profile's concurrency-k execution (compute input + infer + output) over k, interpolated
linearly in batch size and, between measured k, in k. For each level of each multi-instance run in the
manifest this prints how many executions were handed the GPU and the median of turn / calibrated cycle
(1 = the model's turn), with k counted from the log (executions running just after the hand-over, and
the one that handed over), and, with three or more instances, how often the GPU went to the earliest-started
of the executions waiting for it (and how often to the next instance in a fixed cyclic order).

  python3 exec_turns.py --manifest manifest-gt.csv --logs DIR \\
      --profile calibration/profiles/h100-bert-base-seq128-fp16-onestart4.json

DIR holds the instance logs (<model>.<instance>.bin, and <model>.<instance>.gpuN.bin for an instance on GPU
N > 0: exec-logs-gt.tar.xz unpacked). Instances take turns only with those on their own GPU, so a model
listed on several GPUs is read per GPU (a row per GPU with two or more of its instances, the GPU named).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import pathlib
import statistics
import sys
from typing import Callable, Dict, List, Optional, Tuple

from exec_cut import read_records
from exec_speed import instance_logs


def interp(xs: List[int], ys: Dict[int, float], x: float) -> float:
    if x <= xs[0]:
        return ys[xs[0]]
    if x >= xs[-1]:
        return ys[xs[-1]]
    hi = bisect.bisect_left(xs, x)
    x0, x1 = xs[hi - 1], xs[hi]
    return ys[x0] + (ys[x1] - ys[x0]) * (x - x0) / (x1 - x0)


def k_way_cycle(profile: dict) -> Callable[[int, int], float]:
    """The calibrated cycle per execution with k executions on the GPU, µs, by (k, batch size)."""
    by_k: Dict[int, Dict[int, float]] = {}
    for c in profile["compute"]:
        if (c.get("requests") or 1) == 1:
            t = c["computeInputUs"]["mean"] + c["computeInferUs"]["mean"] + c["computeOutputUs"]["mean"]
            by_k.setdefault(c["concurrency"], {})[c["batchSize"]] = t
    ks = sorted(k for k in by_k if k > 1)
    if not ks:
        raise SystemExit("the profile has no concurrency-k points (k > 1)")

    def at(k: int, b: int) -> float:
        xs = sorted(by_k[k])
        return interp(xs, by_k[k], b)

    def cycle(k: int, b: int) -> float:
        if k <= ks[0]:
            return at(ks[0], b) / ks[0]
        if k >= ks[-1]:
            return at(ks[-1], b) / ks[-1]
        hi = bisect.bisect_left(ks, k)
        k0, k1 = ks[hi - 1], ks[hi]
        return (at(k0, b) + (at(k1, b) - at(k0, b)) * (k - k0) / (k1 - k0)) / k

    return cycle


def first_come(execs: list, ends: list, starts: List[int], n: int) -> Tuple[int, int, int]:
    """Hand-overs with two or more executions waiting; how many went to the earliest-started one (the
    model serves waiting executions first come, first served; an execution asks for the GPU after its host
    part, so with unequal host parts the earliest-started need not be the first to ask), and how many to
    the next instance after the one handing over in a fixed cyclic order (a round robin over contexts)."""
    total = first = cyclic = 0
    for h, j in ends:
        lo = bisect.bisect_left(starts, h - 50_000_000)
        waiting = [x for x in execs[lo:bisect.bisect_left(starts, h)] if x[1] > h and x[3] != j]
        if len(waiting) < 2:
            continue
        total += 1
        got = min(waiting, key=lambda x: x[1])
        first += got is min(waiting, key=lambda x: x[0])
        ids = {x[3] for x in waiting}
        cyclic += got[3] == next((j + d) % n for d in range(1, n) if (j + d) % n in ids)
    return total, first, cyclic


def level_turns(logs: List[list], t0: int, t1: int, cycle: Callable[[int, int], float]) -> Optional[Tuple[int, float, str, str]]:
    execs = sorted((s, e, n, i) for i, log in enumerate(logs) for (s, e, n, _) in log if t0 <= s and e <= t1)
    ends = sorted((e, i) for s, e, n, i in execs)
    end_times = [e for e, _ in ends]
    starts = [x[0] for x in execs]
    ratios: List[float] = []
    ks: Dict[int, int] = {}
    for s, e, n, i in execs:
        lo, hi = bisect.bisect_right(end_times, s), bisect.bisect_left(end_times, e)
        handover = [t for t, j in ends[lo:hi] if j != i]
        if not handover:
            continue
        h = handover[-1]
        # executions on the GPU at the hand-over: those running just after it (this one included) and the
        # one that handed over (its execute() has returned, but Triton still counts it until its output)
        k = 1 + sum(1 for s2, e2, _, _ in execs[max(0, bisect.bisect_left(starts, h - 50_000_000)):bisect.bisect_right(starts, h)] if e2 > h)
        ks[k] = ks.get(k, 0) + 1
        ratios.append((e - h) / 1e3 / cycle(k, n))
    if not ratios:
        return None
    total, first, cyclic = first_come(execs, ends, starts, len(logs))
    order = f"{first / total:.2f} (cyclic {cyclic / total:.2f}) of {total}" if total else "-"
    return len(ratios), statistics.median(ratios), " ".join(f"k{k}:{c}" for k, c in sorted(ks.items())), order


def logs_by_gpu(paths: List[pathlib.Path]) -> Dict[int, List[pathlib.Path]]:
    """A model's instance logs grouped by the GPU they ran on (.gpuN before .bin; none on GPU 0)."""
    by: Dict[int, List[pathlib.Path]] = {}
    for x in paths:
        suffix = x.name[: -len(".bin")].rsplit(".", 1)[-1]
        gpu = int(suffix[3:]) if suffix.startswith("gpu") and suffix[3:].isdigit() else 0
        by.setdefault(gpu, []).append(x)
    return by


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True, help="folder of <model>.<instance>[.gpuN].bin")
    p.add_argument("--profile", required=True, help="the profile calibrated on the same server start")
    a = p.parse_args(argv)
    cycle = k_way_cycle(json.loads(pathlib.Path(a.profile).read_text()))
    print("run, level, executions handed the GPU, median turn / calibrated k-way cycle, k counts,")
    print("  share of hand-overs with 2+ waiting that went to the earliest-started one (to the next in cyclic order)")
    for row in csv.DictReader(open(a.manifest)):
        by_gpu = logs_by_gpu(instance_logs(a.logs, row["model"]))
        for gpu, paths in sorted(by_gpu.items()):
            if len(paths) < 2:
                continue
            got = level_turns([read_records(x) for x in paths], int(row["start_ns"]), int(row["end_ns"]), cycle)
            if got is not None:
                run = row["run"] if len(by_gpu) == 1 else f"{row['run']} gpu{gpu}"
                print(f"{run:28s} {row['level']:>6s} {got[0]:6d}  {got[1]:.3f}  {got[2]:24s} {got[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
