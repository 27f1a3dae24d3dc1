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

--since-end-of RUN (with --until-end-of; RUN looked up in --since-manifest, default --manifest) also drops the
executions that start before RUN's call ended: a host check run before the calibration (phases TP4, TP5) stays
out of the calibration's log.
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import struct
import sys
from typing import Callable, List, Tuple

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
    p.add_argument("--since-end-of", help="with --until-end-of: and not before this run ended")
    p.add_argument("--since-manifest", help="the manifest --since-end-of's run is in (default --manifest)")
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
    n = write_starting(logs[0], a.out, lambda start: t0 <= start <= t1)
    print(f"{a.out}: {n} executions of {logs[0].name} in {a.run}")
    return 0


def cut_until(a: argparse.Namespace) -> int:
    if not (a.manifest and a.log):
        print("--until-end-of needs --manifest and --log", file=sys.stderr)
        return 2
    t1 = run_end(a.manifest, a.until_end_of)
    if t1 is None:
        return 2
    t0, since = -1, ""
    if a.since_end_of is not None:
        before = run_end(a.since_manifest or a.manifest, a.since_end_of)
        if before is None:
            return 2
        t0, since = before, f" since the end of {a.since_end_of}"
    n = write_starting(a.log, a.out, lambda start: t0 < start <= t1)
    print(f"{a.out}: {n} executions of {a.log}{since} until the end of {a.until_end_of}")
    return 0


def run_end(manifest: str, run: str) -> int | None:
    """When the manifest's last call of `run` ended (ns); None, with a one-line error, when it holds none."""
    ends = [int(r["end_ns"]) for r in csv.DictReader(open(manifest)) if r["run"] == run]
    if not ends:
        print(f"{manifest}: no run {run}", file=sys.stderr)
        return None
    return max(ends)


def write_starting(log: str | pathlib.Path, out: str, keep: Callable[[int], bool]) -> int:
    """Write the log's records (unchanged) whose start ns `keep` accepts; returns how many."""
    data = pathlib.Path(log).read_bytes()
    kept = bytearray()
    for i in range(len(data) // REC.size):
        if keep(REC.unpack_from(data, i * REC.size)[0]):
            kept += data[i * REC.size:(i + 1) * REC.size]
    pathlib.Path(out).write_bytes(bytes(kept))
    return len(kept) // REC.size


def read_records(path: str | pathlib.Path) -> List[Tuple[int, int, int, int]]:
    """One instance log's records: (start ns, end ns, samples, requests)."""
    data = pathlib.Path(path).read_bytes()
    return [REC.unpack_from(data, i * REC.size) for i in range(len(data) // REC.size)]


def gap_ranges(recs: List[Tuple[int, int, int, int]], gap_ns: float) -> List[Tuple[int, int]]:
    """Index ranges [a, b) of the runs of executions between idle gaps longer than gap_ns."""
    starts = [0] + [i for i in range(1, len(recs)) if recs[i][0] - recs[i - 1][1] > gap_ns]
    return list(zip(starts, starts[1:] + [len(recs)])) if recs else []


def cut_segment(a: argparse.Namespace) -> int:
    if not a.log:
        print("--segment needs --log", file=sys.stderr)
        return 2
    data = pathlib.Path(a.log).read_bytes()
    ranges = gap_ranges(read_records(a.log), a.gap_s * 1e9)
    if not 0 <= a.segment < len(ranges):
        print(f"{a.log}: {len(ranges)} segments; no segment {a.segment}", file=sys.stderr)
        return 2
    lo, hi = ranges[a.segment]
    pathlib.Path(a.out).write_bytes(data[lo * REC.size:hi * REC.size])
    print(f"{a.out}: {hi - lo} executions, segment {a.segment} of {len(ranges)} in {a.log}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
