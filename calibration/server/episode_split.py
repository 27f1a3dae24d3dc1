#!/usr/bin/env python3
"""Which part of an execution a host episode stretches (full.sh phase GE; triton_model.py's split logs).

Per instance, over the executions of the runs chosen (--runs, a regex on the manifest's run names; each
run's executions are those starting inside its manifest window): an execution is slow when its duration is
over --factor (2) times the median of the chosen executions of its sample count; slow executions less than
--join-ms (30) apart, end to next start, form a cluster, and a cluster of two or more is an episode, from its
first slow execution's start to its last one's end (the rule of src/calibrate/host-episodes.ts). Executions
starting inside an episode are *inside*, the rest *outside*.

For each sample count with enough executions on both sides this prints the medians of every stretch inside
and outside and their difference, the *added time*: dur (the whole execution), gather (start to inputs
gathered), issue (to GPU work issued), wait (to the stream synchronised), post (to the end) and gpu (the GPU
time between CUDA events, part of the wait and the issue). Phase GE's frozen claims
(calibration/device/runs/2026-11-27-h100-episode-split/README.md), on the first instance's batch-1 executions:
1. where: *host* if gather + issue + post carry 2/3 or more of the added duration, *wait* if the wait does,
   else *mixed*;
2. GPU: *GPU steady* if the GPU time inside is within 10 % of outside, *GPU slowed* if 25 % or more longer,
   else *in between*.

  python3 episode_split.py --manifest manifest.csv --logs DIR [--runs '^ge-c1-[ab]$'] [--json out.json]

DIR is the folder of the execution logs (split logs in DIR/split), or the phase's exec-logs-*.tar.xz itself.
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import re
import statistics
import sys
import tarfile
import tempfile
from collections import defaultdict
from typing import Dict, List, Optional, Tuple

from exec_speed import MIN_EXECUTIONS, write_json_atomic
from exec_split import STRETCHES, Split, read_split

ORDER = ("dur", "gather", "issue", "wait", "post", "gpu")


def episodes(recs: List[Split], factor: float, join_ns: int) -> List[Tuple[int, int]]:
    """Episode spans (start ns, end ns) of a start-ordered list of executions, by the rule above."""
    by: Dict[int, List[float]] = defaultdict(list)
    for r in recs:
        by[r[2]].append(r[1] - r[0])
    med = {k: statistics.median(v) for k, v in by.items()}
    spans: List[Tuple[int, int]] = []
    first: Optional[Split] = None
    last: Optional[Split] = None
    n = 0
    for r in recs:
        if not (r[1] - r[0] > factor * med[r[2]]):
            continue
        if last is not None and r[0] - last[1] >= join_ns:
            if n >= 2:
                spans.append((first[0], last[1]))
            first, n = None, 0
        if first is None:
            first = r
        last, n = r, n + 1
    if first is not None and last is not None and n >= 2:
        spans.append((first[0], last[1]))
    return spans


def inside(recs: List[Split], spans: List[Tuple[int, int]]) -> List[bool]:
    out, k = [], 0
    for r in recs:  # both start-ordered
        while k < len(spans) and spans[k][1] < r[0]:
            k += 1
        out.append(k < len(spans) and spans[k][0] <= r[0] <= spans[k][1])
    return out


def compare(recs: List[Split], flags: List[bool]) -> List[dict]:
    """Per sample count: medians inside and outside of every stretch, and the added time."""
    rows = []
    for s in sorted({r[2] for r in recs}):
        ins = [r for r, f in zip(recs, flags) if f and r[2] == s]
        outs = [r for r, f in zip(recs, flags) if not f and r[2] == s]
        if len(ins) < 5 or len(outs) < MIN_EXECUTIONS:
            continue
        med_in = {k: statistics.median(STRETCHES[k](r) for r in ins) for k in ORDER}
        med_out = {k: statistics.median(STRETCHES[k](r) for r in outs) for k in ORDER}
        rows.append({"samples": s, "inside": len(ins), "outside": len(outs),
                     "insideUs": {k: round(med_in[k], 1) for k in ORDER},
                     "outsideUs": {k: round(med_out[k], 1) for k in ORDER},
                     "addedUs": {k: round(med_in[k] - med_out[k], 1) for k in ORDER}})
    return rows


def verdicts(row: dict) -> dict:
    add = row["addedUs"]
    host = add["gather"] + add["issue"] + add["post"]
    where = "host" if host >= 2 / 3 * add["dur"] else "wait" if add["wait"] >= 2 / 3 * add["dur"] else "mixed"
    ratio = row["insideUs"]["gpu"] / row["outsideUs"]["gpu"]
    gpu = "GPU steady" if abs(ratio - 1) <= 0.10 else "GPU slowed" if ratio >= 1.25 else "in between"
    return {"hostShareOfAdded": round(host / add["dur"], 3) if add["dur"] else None,
            "waitShareOfAdded": round(add["wait"] / add["dur"], 3) if add["dur"] else None,
            "gpuRatio": round(ratio, 3), "where": where, "gpu": gpu}


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--logs", required=True, help="folder of the execution logs, with the split logs in split/")
    ap.add_argument("--runs", default=r"^ge-c1-[ab]$", help="regex on the manifest's run names")
    ap.add_argument("--factor", type=float, default=2.0)
    ap.add_argument("--join-ms", type=float, default=30.0)
    ap.add_argument("--json", help="also write the answer as JSON here (atomically)")
    a = ap.parse_args(argv)
    with open(a.manifest, newline="") as f:
        rows = [r for r in csv.DictReader(f) if re.search(a.runs, r["run"])]
    if not rows:
        print(f"episode_split: no run in {a.manifest} matches {a.runs!r}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        logs = pathlib.Path(a.logs)
        if logs.is_file():
            with tarfile.open(logs) as t:
                try:
                    t.extractall(tmp, filter="data")
                except TypeError:  # Python before 3.12 (and 3.8–3.11 without the backport)
                    t.extractall(tmp)
            logs = pathlib.Path(tmp)
        doc = answer(rows, logs / "split", a.factor, int(a.join_ms * 1e6))
    if a.json:
        write_json_atomic(pathlib.Path(a.json), doc)
    return 0


def answer(rows: List[dict], split: pathlib.Path, factor: float, join_ns: int) -> dict:
    doc: dict = {"runs": sorted({r["run"] for r in rows}), "instances": []}
    for model in sorted({r["model"] for r in rows}):
        windows = [(int(r["start_ns"]), int(r["end_ns"])) for r in rows if r["model"] == model]
        for path in sorted(split.glob(f"{model}.*.bin")):
            recs = sorted((r for r in read_split(path) if any(s <= r[0] <= e for s, e in windows)), key=lambda r: r[0])
            if not recs:
                continue
            spans = episodes(recs, factor, join_ns)
            flags = inside(recs, spans)
            logged_s = sum(e - s for s, e in windows) / 1e9
            inst = {"log": path.name, "executions": len(recs), "episodes": len(spans),
                    "perS": round(len(spans) / logged_s, 3) if logged_s else None,
                    "meanEpisodeMs": round(statistics.mean((e - s) / 1e6 for s, e in spans), 1) if spans else None,
                    "bySamples": compare(recs, flags)}
            for row in inst["bySamples"]:
                row["verdict"] = verdicts(row)
            doc["instances"].append(inst)
            print(f"{path.name}: {len(recs)} executions, {len(spans)} episodes ({inst['perS']}/s, mean {inst['meanEpisodeMs']} ms)")
            for row in inst["bySamples"]:
                cells = "  ".join(f"{k} {row['outsideUs'][k]:.0f}→{row['insideUs'][k]:.0f} ({row['addedUs'][k]:+.0f})" for k in ORDER)
                v = row["verdict"]
                print(f"  batch {row['samples']:>2} (inside {row['inside']}, outside {row['outside']}): {cells}")
                print(f"    host share of the added {v['hostShareOfAdded']}, wait share {v['waitShareOfAdded']}, "
                      f"GPU inside/outside {v['gpuRatio']}: {v['where']}, {v['gpu']}")
    return doc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
