#!/usr/bin/env python3
"""How long the GPU lets one instance's execution run while another waits, from calibration execution logs.

Every calibration sweeps a two-instance model (bert_base_i2, bert_large_i2) with both instances kept busy by
requests of one batch size at a time. While instances take whole turns on the GPU, the two instances'
executions end half a cycle apart (each ends one turn after the other's end); where the GPU cuts a long
turn into slices and runs the other instance's between them, the two executions progress together and end
close to each other. So for each batch size of each calibration this reads, over the sweep's executions
that started while the other instance was running one (single-request executions), the median of |the
nearest end of the other instance's executions − this end| / this execution's duration, and the turn: half
the median duration (one cycle of two turns per execution). A batch size whose median is at least 0.4 took
whole turns; one below 0.4 was sliced (the probes, one request at a time, are left out by the overlap rule).

The slice is bracketed by the longest whole turn and the shortest sliced one, pooled over the calibrations:
the GPU ran turns up to the first without cutting them and cut turns from the second on. The midpoint is
written as the prior compose-profile's --gpu-slice reads (servesim.gpu-slice-prior/v1).

  python3 exec_slices.py --runs calibration/device/runs --gpu h100 [--exclude RUN]… [-o calibration/profiles/priors/h100-gpu-slice.json]

Runs are the folders whose name holds the GPU tag (2026-11-27-h100-fresh9: h100) and whose exec-logs-*.tar.xz
holds a two-instance sweep's logs (<model>.<model>_0_0.bin and _0_1.bin).

--instances K reads the K-instance sweeps instead (bert_base_iK, bert_large_iK: every calibration sweeps four),
as a diagnostic: each execution's nearest end is that of any other instance, whole turns end about 1 / K of the
execution apart, so a batch size is taken as sliced below 0.8 / K (0.4 for two), and the turn is the median
duration / K. It prints the bracket; only the two-instance reading is written as the prior (-o).
"""

from __future__ import annotations

import argparse
import bisect
import pathlib
import statistics
import sys
import tarfile
import tempfile
from typing import Dict, List, Optional, Tuple

from exec_cut import read_records
from exec_speed import Rec, write_json_atomic

MIN_EXECUTIONS = 30


def whole_at(instances: int) -> float:
    """A median end offset at least this fraction of the execution: whole turns (0.4 for two instances)."""
    return 0.8 / instances


def offsets_by_batch(logs: List[List[Rec]]) -> Dict[int, Tuple[float, float, int]]:
    """Per batch size: (median end offset / duration, turn µs, executions), over contended single-request
    executions (another instance running at the start); the offset is to the nearest end of any other instance."""
    ends = [[r[1] for r in log] for log in logs]
    starts = [[r[0] for r in log] for log in logs]
    k_inst = len(logs)
    got: Dict[int, List[Tuple[float, float]]] = {}
    for i, log in enumerate(logs):
        others = [j for j in range(k_inst) if j != i]
        for s, e, b, n in log:
            if n != 1:
                continue
            running = False
            near: List[int] = []
            for j in others:
                k = bisect.bisect_right(starts[j], s) - 1
                if k >= 0 and ends[j][k] >= s:
                    running = True
                c = bisect.bisect_left(ends[j], e)
                near += [abs(ends[j][x] - e) for x in (c - 1, c) if 0 <= x < len(ends[j])]
            if not running or not near:  # the other instances were idle: a probe or the sweep's edge
                continue
            got.setdefault(b, []).append((min(near) / (e - s), (e - s) / (k_inst * 1e3)))
    return {
        b: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), len(v))
        for b, v in got.items()
        if len(v) >= MIN_EXECUTIONS
    }


def sweep_logs(tarball: pathlib.Path, model: str, instances: int, into: str) -> Optional[List[List[Rec]]]:
    names = {f"{model}.{model}_0_{i}.bin" for i in range(instances)}
    with tarfile.open(tarball) as tf:
        members = [m for m in tf.getmembers() if pathlib.Path(m.name).name in names]
        if len(members) != instances:
            return None
        tf.extractall(into, members=members, filter="data")
    return [read_records(pathlib.Path(into) / m.name) for m in sorted(members, key=lambda m: m.name)]


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="folder of run folders (calibration/device/runs)")
    p.add_argument("--gpu", required=True, help="GPU tag in the run folders' names (h100)")
    p.add_argument("--exclude", action="append", default=[], help="leave this run folder out (repeatable): a fresh test of the prior as frozen")
    p.add_argument("--instances", type=int, default=2, help="read the sweeps of this many instances (default 2; others print only)")
    p.add_argument("-o", "--out", help="write the prior here (JSON; two instances only)")
    a = p.parse_args(argv)
    if a.instances < 2:
        raise SystemExit("exec_slices: --instances must be at least 2")
    if a.out and a.instances != 2:
        raise SystemExit("exec_slices: the prior (-o) is the two-instance reading; leave out --instances or -o")
    models = (f"bert_base_i{a.instances}", f"bert_large_i{a.instances}")
    whole_min = whole_at(a.instances)
    whole_max: Tuple[float, str] = (0.0, "")
    sliced_min: Tuple[float, str] = (float("inf"), "")
    used: List[str] = []
    for run in sorted(pathlib.Path(a.runs).iterdir()):
        if f"-{a.gpu}-" not in run.name or run.name in a.exclude:
            continue
        tarballs = sorted(run.glob("exec-logs*.tar.xz"))
        if not tarballs:
            continue
        for model in models:
            with tempfile.TemporaryDirectory() as tmp:
                logs = sweep_logs(tarballs[0], model, a.instances, tmp)
            if logs is None:
                continue
            rows = offsets_by_batch(logs)
            if not rows:
                continue
            used.append(f"{run.name}:{model}")
            cells = []
            for b in sorted(rows):
                off, turn, n = rows[b]
                whole = off >= whole_min
                cells.append(f"b{b} {turn:.0f}µs {off:.2f}{'' if whole else '*'}")
                if whole and turn > whole_max[0]:
                    whole_max = (turn, f"{run.name} {model} b{b}")
                if not whole and turn < sliced_min[0]:
                    sliced_min = (turn, f"{run.name} {model} b{b}")
            print(f"{run.name:36s} {model:14s} " + "  ".join(cells))
    if not used or sliced_min[1] == "":
        raise SystemExit(f"exec_slices: no {a.instances}-instance sweep with a sliced batch size in {a.runs} for {a.gpu}")
    if whole_max[0] >= sliced_min[0]:
        raise SystemExit(f"exec_slices: no slice length separates whole from sliced turns ({whole_max} against {sliced_min})")
    slice_us = round((whole_max[0] + sliced_min[0]) / 2)
    print(f"longest whole turn {whole_max[0]:.0f} µs ({whole_max[1]}); shortest sliced {sliced_min[0]:.0f} µs ({sliced_min[1]})")
    print(f"slice {slice_us} µs from {len(used)} sweeps of {a.instances} instances (* = sliced: median end offset below {whole_min:.2f} of the execution)")
    if a.out:
        prior = {
            "schema": "servesim.gpu-slice-prior/v1",
            "description": f"how long the GPU runs one instance's turn while another waits, on {a.gpu.upper()} starts",
            "sliceUs": slice_us,
            "wholeTurnMaxUs": round(whole_max[0]),
            "slicedTurnMinUs": round(sliced_min[0]),
            "measuredFrom": f"the two-instance calibration sweeps' execution logs of {len(used)} {a.gpu.upper()} starts (calibration/server/exec_slices.py)",
            "sweeps": used,
        }
        write_json_atomic(pathlib.Path(a.out), prior)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
