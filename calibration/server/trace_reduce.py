#!/usr/bin/env python3
"""Reduce Triton trace files (TIMESTAMPS level, `triton` mode) to one compact CSV, a request a row.

Triton writes each trace as several JSON objects sharing an "id": one with model_name/model_version and
one per timestamp ({"name": ..., "ns": ...}, steady clock = CLOCK_MONOTONIC). This groups them by id and
writes, per request ordered by REQUEST_START:

  model, start_us (REQUEST_START in whole µs, less the previous row's; the first row: since the clock's zero),
  then µs relative to REQUEST_START (empty when the trace lacks it): waitread_end, queue_start,
  compute_start, input_end, output_start, compute_end, response_complete, send_start, send_end, request_end

Requests of one execution share compute_start and compute_end, so an execution is the set of rows of one
model with the same absolute compute_start. Partial traces (missing REQUEST_START) are counted and dropped.

  python3 trace_reduce.py --out trace.csv.xz /tmp/trace/t.json.*
"""

from __future__ import annotations

import argparse
import glob
import json
import lzma
import sys
from typing import Dict, List

FIELDS = [
    ("waitread_end", "GRPC_WAITREAD_END"),
    ("queue_start", "QUEUE_START"),
    ("compute_start", "COMPUTE_START"),
    ("input_end", "COMPUTE_INPUT_END"),
    ("output_start", "COMPUTE_OUTPUT_START"),
    ("compute_end", "COMPUTE_END"),
    ("response_complete", "INFER_RESPONSE_COMPLETE"),
    ("send_start", "GRPC_SEND_START"),
    ("send_end", "GRPC_SEND_END"),
    ("request_end", "REQUEST_END"),
]


def load(paths: List[str]) -> tuple[Dict[int, str], Dict[int, Dict[str, int]], int]:
    models: Dict[int, str] = {}
    stamps: Dict[int, Dict[str, int]] = {}
    bad = 0
    for path in paths:
        try:
            with open(path) as f:
                items = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{path}: skipped ({e})", file=sys.stderr)
            bad += 1
            continue
        for it in items:
            i = it.get("id")
            if i is None:
                continue
            if "model_name" in it:
                models[i] = it["model_name"]
            for t in it.get("timestamps", ()):
                stamps.setdefault(i, {})[t["name"]] = int(t["ns"])
    return models, stamps, bad


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output .csv.xz")
    p.add_argument("files", nargs="+")
    a = p.parse_args(argv)
    paths = sorted({x for pat in a.files for x in glob.glob(pat)}, key=lambda s: (len(s), s))
    models, stamps, bad = load(paths)
    rows = []
    partial = 0
    for i, st in stamps.items():
        start = st.get("REQUEST_START")
        if start is None or i not in models:
            partial += 1
            continue
        rows.append((start, models[i], st))
    rows.sort(key=lambda r: r[0])
    prev = 0
    with lzma.open(a.out, "wt") as out:
        out.write("model,start_us," + ",".join(k for k, _ in FIELDS) + "\n")
        for start, model, st in rows:
            rel = ["" if name not in st else str(round((st[name] - start) / 1000)) for _, name in FIELDS]
            start_us = round(start / 1000)
            out.write(f"{model},{start_us - prev}," + ",".join(rel) + "\n")
            prev = start_us
    print(f"{len(paths)} files ({bad} unreadable), {len(rows)} requests, {partial} partial traces dropped -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
