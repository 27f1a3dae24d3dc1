#!/usr/bin/env python3
"""How fast the server ran during each level of a live run, against its calibration: from execution logs.

The host drifts (the same configuration measured twice minutes apart on one start differs by up to 17 %
in execution time), so a profile calibrated at one moment meets a faster or slower server later. Each
execution of a single-instance run's level (triton_model.py's records: samples, requests, Python
execute() duration) is compared with the calibration-phase executions of the same size and request count
on the same server start (the reference logs, e.g. exec-cal-base-caldyn.bin and exec-cal-base-i1.bin):
the level's speed ratio is the median of duration / reference median duration. Only back-to-back
executions count, on both sides (gap to the instance's previous execution at most 300 µs + 70 µs per
sample of that execution, the busy turnaround seen in the logs), so an instance that idled before an
execution, which the profile's idle stretch already models, does not read as a slow server. A level needs
30 such executions; runs of models with more than one instance are skipped (their executions overlap).

Writes the ratios into each live run's JSON (field serverSpeed), which `servesim validate` reports as the
speed-conditioned error beside the plain one.

  python3 exec_speed.py --manifest manifest-v.csv --logs DIR --ref cal-caldyn.bin --ref cal-i1.bin \\
      --live calibration/live --source "V start (2026-11-26)" [--runs-suffix -v]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import statistics
import sys
from collections import defaultdict
from typing import Dict, Iterator, List, Optional, Tuple

from exec_cut import read_records

Rec = Tuple[int, int, int, int]
MIN_EXECUTIONS = 30


def back_to_back(recs: List[Rec]) -> List[Rec]:
    """Executions that started right after the instance's previous one (no idle before them)."""
    return [b for a, b in zip(recs, recs[1:]) if (b[0] - a[1]) / 1e3 <= 300 + 70 * a[2]]


def key_medians(logs: List[List[Rec]], least: int) -> Dict[Tuple[int, int], float]:
    """Median duration (µs) of the logs' back-to-back executions per (samples, requests), pooled; only
    keys with at least `least` executions."""
    by: Dict[Tuple[int, int], List[float]] = defaultdict(list)
    for recs in logs:
        for r in back_to_back(recs):
            by[(r[2], r[3])].append((r[1] - r[0]) / 1e3)
    return {k: statistics.median(v) for k, v in by.items() if len(v) >= least}


def reference_medians(paths: List[str]) -> Dict[Tuple[int, int], float]:
    return key_medians([read_records(p) for p in paths], MIN_EXECUTIONS)


def after_warmup(recs: List[Rec]) -> List[Rec]:
    """A level's executions without its first tenth, its warm-up."""
    return recs[len(recs) // 10:]


def instance_logs(logs: str | pathlib.Path, model: str) -> List[pathlib.Path]:
    """A model's instance logs in `logs` (<model>.<instance>[.gpuN].bin): one per instance, on every GPU."""
    return sorted(pathlib.Path(logs).glob(f"{model}.*.bin"))


def single_instance_log(logs: str | pathlib.Path, model: str, cache: Dict[pathlib.Path, List[Rec]]) -> Optional[List[Rec]]:
    """The executions of `model`'s one instance log in `logs` (read once into `cache`); None for a model with
    more instances, on one GPU or several: their executions overlap."""
    inst = instance_logs(logs, model)
    if len(inst) != 1:
        return None
    if inst[0] not in cache:
        cache[inst[0]] = read_records(inst[0])
    return cache[inst[0]]


def single_instance_levels(manifest: str, logs: str, model: Optional[str] = None) -> Iterator[Tuple[dict, List[Rec]]]:
    """Each manifest row (of `model`, when given) whose model has a single instance log in `logs`, with the
    executions that lie within the row's span, its first tenth left out as warm-up."""
    cache: Dict[pathlib.Path, List[Rec]] = {}
    for row in csv.DictReader(open(manifest)):
        if model is not None and row["model"] != model:
            continue
        recs = single_instance_log(logs, row["model"], cache)
        if recs is None:
            continue
        s, e = int(row["start_ns"]), int(row["end_ns"])
        yield row, after_warmup([r for r in recs if r[0] >= s and r[1] <= e])


def open_loop_levels(manifest: str, logs: str, model: Optional[str] = None) -> Iterator[Tuple[dict, List[List[Rec]]]]:
    """Each open-loop ("rate") manifest row (of `model`, when given) with its model's instance logs in `logs`
    (instance_logs; one record list per instance, read once per model): single_instance_levels' counterpart for
    models of several instances, whose executions the caller cuts to the row's span."""
    cache: Dict[str, List[List[Rec]]] = {}
    for row in csv.DictReader(open(manifest)):
        m = row["model"]
        if row["mode"] != "rate" or (model is not None and m != model):
            continue
        if m not in cache:
            cache[m] = [read_records(p) for p in instance_logs(logs, m)]
        yield row, cache[m]


def level_args(doc: Optional[str], argv: List[str]) -> argparse.Namespace:
    """--manifest, --logs and --model, the arguments of the scripts that read open_loop_levels."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--model")
    return ap.parse_args(argv)


def ratios_by_requests(recs: List[Rec], ref: Dict[Tuple[int, int], float]) -> Dict[int, List[float]]:
    """duration / ref median of the same samples and request count, per request count, over the
    back-to-back executions whose key the reference has."""
    by: Dict[int, List[float]] = defaultdict(list)
    for r in back_to_back(recs):
        if (r[2], r[3]) in ref:
            by[r[3]].append((r[1] - r[0]) / 1e3 / ref[(r[2], r[3])])
    return by


def level_ratio(recs: List[Rec], ref: Dict[Tuple[int, int], float]) -> Optional[Tuple[float, int]]:
    ratios = [x for v in ratios_by_requests(after_warmup(recs), ref).values() for x in v]
    if len(ratios) < MIN_EXECUTIONS:
        return None
    return statistics.median(ratios), len(ratios)


def write_json_atomic(path: pathlib.Path, doc: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True, help="folder of <model>.<instance>.bin")
    p.add_argument("--ref", action="append", required=True, help="calibration-phase execution log (repeatable)")
    p.add_argument("--live", required=True, help="folder of live runs whose JSON gets serverSpeed")
    p.add_argument("--source", required=True, help="what the ratios were measured against, for the JSON")
    p.add_argument("--dry-run", action="store_true", help="print the ratios, write nothing")
    a = p.parse_args(argv)
    ref = reference_medians(a.ref)
    if not ref:
        print(f"{a.ref}: no size with {MIN_EXECUTIONS} back-to-back executions", file=sys.stderr)
        return 2
    logs = pathlib.Path(a.logs)
    cache: Dict[pathlib.Path, List[Rec]] = {}
    found: Dict[str, List[dict]] = defaultdict(list)
    for row in csv.DictReader(open(a.manifest)):
        if not (pathlib.Path(a.live) / f"{row['run']}.json").exists():
            continue
        recs = single_instance_log(logs, row["model"], cache)
        if recs is None:
            continue
        t0, t1 = int(row["start_ns"]), int(row["end_ns"])
        got = level_ratio([r for r in recs if t0 <= r[0] <= t1], ref)
        if got is not None:
            found[row["run"]].append({"level": float(row["level"]), "ratio": round(got[0], 4), "executions": got[1]})
    for run, levels in sorted(found.items()):
        print(run, " ".join(f"{x['level']:g}:{x['ratio']:.3f}({x['executions']})" for x in levels))
        if a.dry_run:
            continue
        path = pathlib.Path(a.live) / f"{run}.json"
        doc = json.loads(path.read_text())
        doc["serverSpeed"] = {"measuredFrom": a.source, "levels": levels}
        write_json_atomic(path, doc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
