#!/usr/bin/env python3
"""Cut one run out of an instance's execution log (triton_model.py's servesim_exec_log records).

The manifest (full.sh: run,model,mode,level,batch,start_ns,end_ns,rc, CLOCK_MONOTONIC) gives each
perf_analyzer call's span; the records of that span, for that run's model, are written unchanged.

  python3 exec_cut.py --manifest manifest.csv --logs DIR --run exec-base-c1-b1 --out exec-base-c1.bin
  python3 exec_cut.py --log DIR/base_cal_dyn.base_cal_dyn_0_0.bin --segment 2 --out tool.bin

Without a manifest entry (runs full.sh did not log there), --segment K takes the K-th stretch of one
instance log's executions (from 0) between idle gaps longer than --gap-s (default 3 s).

--until-end-of RUN (with --manifest and --log) keeps one instance log's executions that start before that
run's call ended: everything the instance ran during calibration, when RUN is the last calibration run.

  python3 exec_cut.py --manifest manifest.csv --log DIR/bert_base_i1.bert_base_i1_0_0.bin --until-end-of exec-c1-v --out cal.bin
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import struct
import sys
from typing import List

REC = struct.Struct("<qqii")


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest")
    p.add_argument("--logs", help="folder of <model>.<instance>.bin")
    p.add_argument("--run")
    p.add_argument("--log", help="one instance log, with --segment")
    p.add_argument("--segment", type=int)
    p.add_argument("--gap-s", type=float, default=3.0)
    p.add_argument("--level", help="the run's level, when it has several")
    p.add_argument("--until-end-of", help="with --manifest and --log: executions that start before this run ended")
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    if a.segment is not None:
        return cut_segment(a)
    if a.until_end_of is not None:
        return cut_until(a)
    if not (a.manifest and a.logs and a.run):
        print("give --manifest, --logs and --run, or --log and --segment", file=sys.stderr)
        return 2
    rows = [r for r in csv.DictReader(open(a.manifest)) if r["run"] == a.run and (a.level is None or r["level"] == a.level)]
    if len(rows) != 1:
        print(f"{a.manifest}: {len(rows)} rows for run {a.run} (level {a.level}); need exactly one", file=sys.stderr)
        return 2
    r = rows[0]
    t0, t1 = int(r["start_ns"]), int(r["end_ns"])
    logs = sorted(pathlib.Path(a.logs).glob(f'{r["model"]}.*.bin'))
    if len(logs) != 1:
        print(f'{a.logs}: {len(logs)} instance logs for {r["model"]}; need exactly one', file=sys.stderr)
        return 2
    data = logs[0].read_bytes()
    out = bytearray()
    for i in range(len(data) // REC.size):
        rec = REC.unpack_from(data, i * REC.size)
        if t0 <= rec[0] <= t1:
            out += data[i * REC.size:(i + 1) * REC.size]
    pathlib.Path(a.out).write_bytes(bytes(out))
    print(f"{a.out}: {len(out) // REC.size} executions of {logs[0].name} in {a.run}")
    return 0


def cut_until(a: argparse.Namespace) -> int:
    if not (a.manifest and a.log):
        print("--until-end-of needs --manifest and --log", file=sys.stderr)
        return 2
    ends = [int(r["end_ns"]) for r in csv.DictReader(open(a.manifest)) if r["run"] == a.until_end_of]
    if not ends:
        print(f"{a.manifest}: no run {a.until_end_of}", file=sys.stderr)
        return 2
    t1 = max(ends)
    data = pathlib.Path(a.log).read_bytes()
    out = bytearray()
    for i in range(len(data) // REC.size):
        if REC.unpack_from(data, i * REC.size)[0] <= t1:
            out += data[i * REC.size:(i + 1) * REC.size]
    pathlib.Path(a.out).write_bytes(bytes(out))
    print(f"{a.out}: {len(out) // REC.size} executions of {a.log} until the end of {a.until_end_of}")
    return 0


def cut_segment(a: argparse.Namespace) -> int:
    if not a.log:
        print("--segment needs --log", file=sys.stderr)
        return 2
    data = pathlib.Path(a.log).read_bytes()
    recs = [data[i * REC.size:(i + 1) * REC.size] for i in range(len(data) // REC.size)]
    segments, last_end = [[]], None
    for r in recs:
        start, end, _, _ = REC.unpack(r)
        if last_end is not None and start - last_end > a.gap_s * 1e9:
            segments.append([])
        segments[-1].append(r)
        last_end = end
    if not 0 <= a.segment < len(segments):
        print(f"{a.log}: {len(segments)} segments; no segment {a.segment}", file=sys.stderr)
        return 2
    pathlib.Path(a.out).write_bytes(b"".join(segments[a.segment]))
    print(f"{a.out}: {len(segments[a.segment])} executions, segment {a.segment} of {len(segments)} in {a.log}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
