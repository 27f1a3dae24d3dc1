#!/usr/bin/env python3
"""When does Triton send the responses of one execution? From trace_reduce.py's per-request CSV.

Requests of one execution share COMPUTE_START (and COMPUTE_END); within an execution, ranked by their
GRPC_SEND_END, this prints, per execution size n, the median over executions of:

  send_end - compute_end       for each rank (negative: the response left before the compute ended)
  send_end - send_end(rank 0)  the spacing of the sends (compare with the per-request output cost)
  compute_end - output_start   the output phase Triton's statistics count for every request
  arrival lag                  for single-instance models only: the k-th request to reach the server after
                               the execution's first send, less the k-th send (closed loop: how long the
                               k-th returning client took, on the server's clock)

and, for single-instance models, when the next batch was formed: of the requests queued (QUEUE_START)
between an execution's COMPUTE_END and the next one's COMPUTE_START, where those that made it into the next
execution and those that did not were queued, relative to that COMPUTE_START.

  python3 trace_ranks.py --trace requests.csv.xz --model base_d0_i1 [--from-ns A --to-ns B] [--min-execs 10]

--from-ns/--to-ns: keep requests whose REQUEST_START falls in [A, B] (CLOCK_MONOTONIC ns, e.g. one
perf_analyzer call's span from full.sh's manifest.csv).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import lzma
import statistics
import sys
from collections import defaultdict
from typing import Dict, List, Optional

FIELDS = ["waitread_end", "queue_start", "compute_start", "input_end", "output_start", "compute_end",
          "response_complete", "send_start", "send_end", "request_end"]


def read(path: str, model: str, from_ns: Optional[int], to_ns: Optional[int]) -> List[Dict[str, Optional[int]]]:
    opener = lzma.open if path.endswith(".xz") else open
    rows: List[Dict[str, Optional[int]]] = []
    t = 0
    with opener(path, "rt") as f:  # type: ignore[operator]
        for r in csv.DictReader(f):
            t += int(r["start_us"])
            if r["model"] != model:
                continue
            if from_ns is not None and t * 1000 < from_ns:
                continue
            if to_ns is not None and t * 1000 > to_ns:
                continue
            d: Dict[str, Optional[int]] = {"start": t}
            for k in FIELDS:
                d[k] = t + int(r[k]) if r.get(k, "") != "" else None
            rows.append(d)
    return rows


def median_or_none(xs: List[int]) -> Optional[float]:
    return statistics.median(xs) if xs else None


def analyse(rows: List[Dict[str, Optional[int]]], min_execs: int, single_instance: bool) -> List[str]:
    execs: Dict[int, List[Dict[str, Optional[int]]]] = defaultdict(list)
    for d in rows:
        if d["compute_start"] is not None and d["compute_end"] is not None and d["send_end"] is not None:
            execs[d["compute_start"]].append(d)  # type: ignore[index]
    starts = sorted(d["start"] for d in rows)  # type: ignore[type-var]
    by_rank: Dict[int, Dict[int, List[int]]] = defaultdict(lambda: defaultdict(list))
    spacing: Dict[int, Dict[int, List[int]]] = defaultdict(lambda: defaultdict(list))
    lag: Dict[int, Dict[int, List[int]]] = defaultdict(lambda: defaultdict(list))
    output: Dict[int, List[int]] = defaultdict(list)
    for members in execs.values():
        n = len(members)
        ranked = sorted(members, key=lambda d: d["send_end"])  # type: ignore[arg-type,return-value]
        end = ranked[0]["compute_end"]
        first = ranked[0]["send_end"]
        assert end is not None and first is not None
        if ranked[0]["output_start"] is not None:
            output[n].append(end - ranked[0]["output_start"])  # type: ignore[operator]
        arrivals: List[int] = []
        if single_instance:
            i = bisect.bisect_left(starts, first)
            arrivals = starts[i:i + n]  # type: ignore[assignment]
        for k, d in enumerate(ranked):
            s = d["send_end"]
            assert s is not None
            by_rank[n][k].append(s - end)
            spacing[n][k].append(s - first)
            if len(arrivals) == n:
                lag[n][k].append(arrivals[k] - s)
    out = []
    for n in sorted(by_rank):
        count = len(by_rank[n][0])
        if count < min_execs:
            continue
        fmt = lambda table: " ".join("%.0f" % (median_or_none(table[n][k]) or 0) for k in range(n))  # noqa: E731
        line = f"n={n} ({count} executions): send_end - compute_end by rank: {fmt(by_rank)}; spacing: {fmt(spacing)}"
        if output[n]:
            line += f"; output phase {statistics.median(output[n]):.0f}"
        if lag[n][0]:
            line += f"; arrival lag by rank: {fmt(lag)}"
        out.append(line)
    return out


def formation(rows: List[Dict[str, Optional[int]]]) -> Optional[str]:
    execs: Dict[int, List[Dict[str, Optional[int]]]] = defaultdict(list)
    for d in rows:
        if d["compute_start"] is not None and d["compute_end"] is not None:
            execs[d["compute_start"]].append(d)  # type: ignore[index]
    order = sorted(execs)
    queued = sorted((d["queue_start"], d["compute_start"]) for d in rows if d["queue_start"] is not None and d["compute_start"] is not None)
    times = [q[0] for q in queued]
    made: List[int] = []
    missed: List[int] = []
    for prev, nxt in zip(order, order[1:]):
        end = execs[prev][0]["compute_end"]
        assert end is not None
        if nxt < end:
            continue  # overlapping executions: not one instance
        for q, cs in queued[bisect.bisect_left(times, end):bisect.bisect_left(times, nxt)]:
            (made if cs == nxt else missed).append(q - nxt)  # type: ignore[operator]
    if not made and not missed:
        return None
    fmt = lambda xs: "none" if not xs else "%d requests, median %.0f µs, latest %d" % (len(xs), statistics.median(xs), max(xs))  # noqa: E731
    early = lambda xs: "none" if not xs else "%d requests, median %.0f µs, earliest %d" % (len(xs), statistics.median(xs), min(xs))  # noqa: E731
    return f"queued after COMPUTE_END, relative to the next COMPUTE_START: in that execution {fmt(made)}; not in it {early(missed)}"


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trace", required=True, help="trace_reduce.py's CSV (.csv or .csv.xz)")
    p.add_argument("--model", required=True)
    p.add_argument("--from-ns", type=int)
    p.add_argument("--to-ns", type=int)
    p.add_argument("--min-execs", type=int, default=10)
    p.add_argument("--multi-instance", action="store_true", help="skip the arrival lags (executions overlap)")
    a = p.parse_args(argv)
    try:
        rows = read(a.trace, a.model, a.from_ns, a.to_ns)
    except OSError as e:
        print(f"trace_ranks.py: --trace {a.trace}: {e.strerror}", file=sys.stderr)
        return 2
    if not rows:
        print(f"trace_ranks.py: no requests of model {a.model} in {a.trace}", file=sys.stderr)
        return 1
    print(f"{a.model}: {len(rows)} requests")
    for line in analyse(rows, a.min_execs, not a.multi_instance):
        print(line)
    if not a.multi_instance:
        f = formation(rows)
        if f is not None:
            print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
