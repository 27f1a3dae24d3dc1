#!/usr/bin/env python3
"""Cut one run out of an instance's execution log (triton_model.py's servesim_exec_log records).

The manifest (full.sh: run,model,mode,level,batch,start_ns,end_ns,rc, CLOCK_MONOTONIC) gives each
perf_analyzer call's span; the records of that span, for that run's model, are written unchanged.

  python3 exec_cut.py --manifest manifest.csv --logs DIR --run exec-base-c1-b1 --out exec-base-c1.bin
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
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True, help="folder of <model>.<instance>.bin")
    p.add_argument("--run", required=True)
    p.add_argument("--level", help="the run's level, when it has several")
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
