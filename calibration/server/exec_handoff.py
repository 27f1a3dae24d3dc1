#!/usr/bin/env python3
"""Triton's hand-off beyond the stub: per live level, the compute Triton reports per request (the perf_analyzer CSV's
Server Compute Input + Infer + Output) less the stubs' own request-weighted execution duration (their execution logs),
against the request-weighted number of requests per execution; then a least-squares line through the levels, the
hand-off at one request and its growth per further request (session 45, docs/VALIDATION.md "Tried and not kept").

Triton's per-request compute is request-weighted (each request counts its execution's span), so the stub side is too:
sum(duration × requests) / sum(requests), and requests per execution sum(requests²) / sum(requests). Each level's
executions are those of the manifest row's span, its first tenth left out (exec_speed.after_warmup).

  python3 exec_handoff.py --manifest manifest.csv --logs DIR --live CSV_DIR [--model M ...]

DIR holds the instance logs (exec-logs-<tag>.tar.xz unpacked); CSV_DIR the runs' perf_analyzer CSVs (<run>.csv, a row
per level). Levels whose CSV row is missing are skipped.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from typing import Dict, List, Optional, Tuple

from exec_cut import read_records
from exec_speed import after_warmup, instance_logs


def csv_compute_us(path: str, level: float) -> Optional[float]:
    """Server Compute Input + Infer + Output (µs) of the CSV row whose first column is the level."""
    if not os.path.exists(path):
        return None
    for row in csv.DictReader(open(path)):
        lv = row.get("Concurrency") or row.get("Request Rate")
        if lv is not None and abs(float(lv) - level) <= 0.6:
            return float(row["Server Compute Input"]) + float(row["Server Compute Infer"]) + float(row["Server Compute Output"])
    return None


def level_figures(execs: List[Tuple[int, int, int, int]]) -> Tuple[float, float]:
    """(request-weighted duration µs, request-weighted requests per execution) of (start, end, samples, requests)."""
    total = sum(r[3] for r in execs)
    duration = sum((r[1] - r[0]) / 1e3 * r[3] for r in execs) / total
    requests = sum(r[3] * r[3] for r in execs) / total
    return duration, requests


def fit_line(points: List[Tuple[float, float]]) -> Tuple[float, float]:
    """Least-squares (value at x = 1, slope) through (x, y) points."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx > 0 else 0.0
    return my + slope * (1 - mx), slope


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True)
    p.add_argument("--live", required=True, help="folder of the runs' perf_analyzer CSVs (<run>.csv)")
    p.add_argument("--model", action="append", help="only these models (repeatable; default: every model with logs)")
    a = p.parse_args(argv)
    logs: Dict[str, list] = {}
    points: List[Tuple[float, float]] = []
    for row in csv.DictReader(open(a.manifest)):
        model = row["model"]
        if a.model and model not in a.model:
            continue
        if model not in logs:
            logs[model] = [read_records(x) for x in instance_logs(a.logs, model)]
        if not logs[model]:
            continue
        s, e = int(row["start_ns"]), int(row["end_ns"])
        execs = after_warmup(sorted(r for log in logs[model] for r in log if r[0] >= s and r[1] <= e))
        triton = csv_compute_us(os.path.join(a.live, row["run"] + ".csv"), float(row["level"]))
        if not execs or triton is None:
            continue
        stub, requests = level_figures(execs)
        points.append((requests, triton - stub))
        print(f"{row['run']:38s} {row['level']:>7s} instances {len(logs[model])} requests/execution {requests:5.2f}"
              f"  Triton {triton:6.0f} µs  stub {stub:6.0f} µs  hand-off {triton - stub:5.0f} µs")
    if len(points) >= 2:
        at_one, slope = fit_line(points)
        print(f"hand-off over {len(points)} levels: {at_one:.0f} µs at one request, {slope:+.1f} µs per further request")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
