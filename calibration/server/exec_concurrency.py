#!/usr/bin/env python3
"""How a multi-instance model's executions overlapped during each live level, from execution logs.

For each level of `--model` in the manifest (its first tenth left out as warm-up): the request-weighted mean
execution duration (what Triton's per-request compute follows, less its hand-off to the stub), the mean
duration per request count, and how many of the model's other executions (on any of its instances) were
running when each execution started. servesim's GPU turns make an execution that starts with k − 1 others
running wait for their turns; a calibration's multi-instance runs start them in lockstep. Last, per request
count, how many of the other instances' executions ran whole inside each execution (started after it and ended
before it): none while instances take whole turns, about one per other instance where the GPU cut this
execution's turn and let each other instance's whole execution through (docs/VALIDATION.md, session 38).
With --by samples the per-count figures go by each execution's samples instead of its requests (models without
batching, clients of several batch sizes: phase OV2). With --overlap as well, only the span in which every batch size
of the level was running counts (two perf_analyzer calls at once end when each is stable, not together: phase OV3),
and the per-size durations are medians; --median gives medians over the whole level.

  python3 exec_concurrency.py --manifest manifest-tr.csv --logs DIR --model base_m32d0_i4

DIR holds the instance logs (exec-logs-<tag>.tar.xz unpacked). Prints one line per level.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import statistics
import sys
from collections import Counter
from typing import Dict, List, Tuple

from exec_cut import read_records
from exec_speed import after_warmup, instance_logs

Rec = Tuple[int, int, int, int]


def others_running(execs: List[Rec]) -> List[int]:
    """For each execution (sorted by start), how many others started before it and end after its start."""
    ends: List[int] = []  # ends of the executions started so far, sorted
    out: List[int] = []
    for s, e, _, _ in execs:
        out.append(len(ends) - bisect.bisect_right(ends, s))
        bisect.insort(ends, e)
    return out


def overtaken(execs: List[Rec]) -> List[int]:
    """For each execution (sorted by start), how many others started at or after its start and ended by its end.
    An instance's own executions never overlap, so these are other instances'."""
    starts = [s for s, *_ in execs]
    out: List[int] = []
    for i, (s, e, _, _) in enumerate(execs):
        j = bisect.bisect_left(starts, s)
        c = 0
        while j < len(execs) and execs[j][0] < e:
            if j != i and execs[j][1] <= e:
                c += 1
            j += 1
        out.append(c)
    return out


def overlap_span(execs: List[Rec]) -> List[Rec]:
    """The executions (sorted by start) inside the span in which every batch size among them ran: from the latest
    first start of a size to the earliest last end of one."""
    first: Dict[int, int] = {}
    last: Dict[int, int] = {}
    for s, e, b, _ in execs:
        first.setdefault(b, s)
        last[b] = max(last.get(b, e), e)
    lo, hi = max(first.values()), min(last.values())
    return [r for r in execs if r[0] >= lo and r[1] <= hi]


def level_summary(execs: List[Rec], by_samples: bool = False, median: bool = False) -> Dict[str, object]:
    """The level's figures; the per-count ones keyed by each execution's requests, or its samples with by_samples;
    durations per count their mean, or their median with median."""
    weighted = sum((e - s) / 1e3 * n for s, e, _, n in execs) / sum(n for *_, n in execs)
    durations: Dict[int, List[float]] = {}
    inside: Dict[int, List[int]] = {}
    for (s, e, b, n), c in zip(execs, overtaken(execs)):
        key = b if by_samples else n
        durations.setdefault(key, []).append((e - s) / 1e3)
        inside.setdefault(key, []).append(c)
    return {
        "weightedUs": weighted,
        "byCount": {k: (statistics.median if median else statistics.mean)(v) for k, v in sorted(durations.items())},
        "othersAtStart": dict(sorted(Counter(others_running(execs)).items())),
        "overtakenByCount": {k: statistics.mean(v) for k, v in sorted(inside.items())},
    }


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True)
    p.add_argument("--logs", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--by", choices=("requests", "samples"), default="requests", help="per-count figures by requests (default) or samples")
    p.add_argument("--overlap", action="store_true", help="with --by samples: only the span in which every batch size ran; medians")
    p.add_argument("--median", action="store_true", help="per-count durations as medians rather than means")
    a = p.parse_args(argv)
    if a.overlap and a.by != "samples":
        raise SystemExit("--overlap needs --by samples")
    logs = [read_records(x) for x in instance_logs(a.logs, a.model)]
    if len(logs) < 2:
        raise SystemExit(f"{a.model}: fewer than two instance logs in {a.logs}")
    for row in csv.DictReader(open(a.manifest)):
        if row["model"] != a.model:
            continue
        s, e = int(row["start_ns"]), int(row["end_ns"])
        execs = sorted(r for log in logs for r in log if r[0] >= s and r[1] <= e)
        execs = after_warmup(overlap_span(execs) if a.overlap and execs else execs)
        if not execs:
            continue
        got = level_summary(execs, a.by == "samples", a.overlap or a.median)
        by = " ".join(f"{n}:{v:.0f}" for n, v in list(got["byCount"].items())[:8])  # type: ignore[union-attr]
        over = " ".join(f"{n}:{v:.2f}" for n, v in list(got["overtakenByCount"].items())[:8])  # type: ignore[union-attr]
        print(f"{row['run']:30s} {row['level']:>7s} executions {len(execs):6d} request-weighted {got['weightedUs']:.0f} µs"
              f"  by {a.by} {by}  others running at start {got['othersAtStart']}  overtaken by {a.by} {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
