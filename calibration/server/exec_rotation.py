#!/usr/bin/env python3
"""Which idle time slows a rotating execution: its instance's or its GPU's? From execution logs.

With several instances, an instance can sit idle while its GPU runs the others' executions (a single batch
rotating over four instances: each instance idles three executions, the GPU hardly at all). The profile's idle
factor (`idle_sweep.py`, on a one-instance model, where the two idle times are one) says how much longer an
execution runs after an idle stretch. For one level of a multi-instance model (a manifest row), this takes the
executions of --requests requests after the level's first tenth, and for each the time its instance and the
time its GPU (every instance of the model) had been idle before it; the median duration over them, against the
median of the same start's back-to-back calibration executions of as many single-sample requests (--ref, e.g.
exec-cal-base-caldyn.bin, as exec_speed.py reads them), is compared with the profile's idle factor at the two
median idle times (linear between its points, the last beyond, never below 1, as the simulator takes it).

  python3 exec_rotation.py --manifest manifest-f10.csv --logs DIR --run pa-base-m8p4d2000-i4-conc-f10 --level 4 \\
      --ref exec-cal-base-caldyn.bin --profile h100-bert-base-seq128-fp16-fresh10.json [--requests 4]

Prints the counts, the ratio, both idle times and both factors, and which factor the ratio is the closer to.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from typing import List, Tuple

from exec_cut import read_records
from exec_speed import after_warmup, instance_logs, reference_medians


def idle_factor(points: List[Tuple[float, float]], idle_us: float) -> float:
    """The profile's factor at idle_us: monotone (running maximum), ≥ 1, linear between points, 1 + a line from
    0 before the first, the last beyond (the simulator's ComputeTables.idleFactor, isotonic aside)."""
    pts = sorted(points)
    xs = [x for x, _ in pts]
    ys: List[float] = []
    for _, y in pts:
        ys.append(max(1.0, y, ys[-1] if ys else 1.0))
    if not xs:
        return 1.0
    if idle_us <= xs[0]:
        return 1 + (ys[0] - 1) * max(0.0, idle_us) / xs[0] if xs[0] > 0 else ys[0]
    if idle_us >= xs[-1]:
        return ys[-1]
    i = next(k for k in range(len(xs)) if xs[k] >= idle_us)
    return ys[i - 1] + (ys[i] - ys[i - 1]) * (idle_us - xs[i - 1]) / (xs[i] - xs[i - 1])


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--run", required=True, help="the manifest's run name")
    ap.add_argument("--level", required=True, help="the manifest's level (e.g. 4 clients)")
    ap.add_argument("--ref", action="append", required=True, help="calibration-phase log(s) of the same start")
    ap.add_argument("--profile", required=True, help="the start's profile JSON (its idle points)")
    ap.add_argument("--requests", type=int, default=4)
    a = ap.parse_args(argv)
    rows = [r for r in csv.DictReader(open(a.manifest)) if r["run"] == a.run and r["level"] == a.level]
    if not rows:
        print(f"{a.manifest}: no row for run {a.run} at level {a.level}", file=sys.stderr)
        return 2
    row = rows[0]
    s, e = int(row["start_ns"]), int(row["end_ns"])
    recs = sorted((r[0], r[1], r[2], r[3], k) for k, p in enumerate(instance_logs(a.logs, row["model"])) for r in read_records(p)
                  if r[0] >= s and r[1] <= e)
    if not recs:
        print(f"{a.logs}: no executions of {row['model']} within the row's span", file=sys.stderr)
        return 2
    last_inst: dict = {}
    gpu_end = float("-inf")
    picked = []
    for r in recs:
        inst_idle = (r[0] - last_inst[r[4]]) / 1e3 if r[4] in last_inst else float("inf")
        gpu_idle = max(0.0, (r[0] - gpu_end) / 1e3)
        picked.append((r, inst_idle, gpu_idle))
        last_inst[r[4]] = r[1]
        gpu_end = max(gpu_end, r[1])
    sel = [(r, i, g) for r, i, g in after_warmup(picked) if r[3] == a.requests and r[2] == a.requests]
    ref = reference_medians(a.ref).get((a.requests, a.requests))
    if ref is None or len(sel) < 30:
        print(f"too few executions: {len(sel)} of {a.requests} requests in the level, reference {'missing' if ref is None else 'present'}",
              file=sys.stderr)
        return 2
    prof = json.load(open(a.profile))
    points = [(p["idleUs"], p["factor"]) for p in prof.get("idle", [])]
    ratio = statistics.median((r[1] - r[0]) / 1e3 for r, _, _ in sel) / ref
    inst_idle = statistics.median(i for _, i, _ in sel)
    gpu_idle = statistics.median(g for _, _, g in sel)
    f_inst, f_gpu = idle_factor(points, inst_idle), idle_factor(points, gpu_idle)
    closer = "GPU" if abs(ratio - f_gpu) < abs(ratio - f_inst) else "instance"
    print(f"{row['model']} at {a.level}: {len(sel)} executions of {a.requests} requests of {len(recs)}; "
          f"median duration / calibration's back-to-back {ratio:.3f} (reference {ref:.0f} µs)")
    print(f"  instance idle median {inst_idle:.0f} µs: factor {f_inst:.3f}; GPU idle median {gpu_idle:.0f} µs: factor {f_gpu:.3f}")
    print(f"  closer to the factor at the {closer}'s idle time")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
