#!/usr/bin/env python3
"""How perf_analyzer's closed loop splits its clients into cohorts: of the clients one execution answered, how many
are back in time for the very next execution (docs/VALIDATION.md, "Read in session 55").

--times: perf_analyzer's send and receive times of one level (its export JSON, or the send_ns,recv_ns CSV phase RS
keeps of it, rs-c<N>-times.csv.xz; the system clock; read as response_spread.py reads them). --exec-log: the
instance's execution log of the same start (start, end, samples, requests; the monotonic clock). The two clocks
differ by an offset, found without any timing assumption: the responses each execution sends are counted between its
end and the next one's, and the offset is one at which the counts equal the executions' requests (a coarse one
first, from the most common difference between a response burst's first receive and an execution's end; then the
middle of the longest run of offsets, 2 µs apart, at which the fewest counts are off). An execution k+1 holds a
client of execution k when it carries a request sent after k's first response was received; the share of k's
requests whose clients made k+1 is printed by k's requests.

  python3 cohorts.py --times rs-c17-times.csv.xz --exec-log base_cal_dyn.base_cal_dyn_0_0.bin
"""

from __future__ import annotations

import argparse
import bisect
import collections
import sys
from typing import Dict, List, Optional, Tuple

from exec_cut import read_records
from response_spread import bursts, request_times

BURST_GAP_NS = 300_000
COARSE_NS = 20_000


def members(execs, recv: List[int], offset: int) -> Tuple[List[Optional[Tuple[int, int]]], int]:
    """Per execution but the last: the index range of the responses received between its end and the next
    one's (clock offset applied), when their count is its requests, else None; and how many of those windows lie
    inside the responses' span (the others are None too)."""
    out: List[Optional[Tuple[int, int]]] = []
    inside = 0
    for k in range(len(execs) - 1):
        a, b = execs[k][1] + offset, execs[k + 1][1] + offset
        if a < recv[0] or b > recv[-1]:
            out.append(None)
            continue
        inside += 1
        i, j = bisect.bisect_right(recv, a), bisect.bisect_right(recv, b)
        out.append((i, j) if j - i == execs[k][3] else None)
    return out, inside


def align(execs, recv: List[int]) -> Tuple[int, int, int]:
    """The clock offset (ns), and how many executions it matches out of how many lie inside the responses."""
    firsts = [b[0] for b in bursts(recv, BURST_GAP_NS)]
    hist: Dict[int, int] = collections.Counter()
    for x in firsts[::3]:
        for e in execs:
            hist[(x - e[1]) // COARSE_NS] += 1
    coarse = hist.most_common(1)[0][0] * COARSE_NS
    offsets = list(range(coarse - 3_000_000, coarse + 3_000_000, 2_000))
    scores = []
    for off in offsets:
        m, inside = members(execs, recv, off)
        scores.append((sum(1 for x in m if x is not None), inside))
    # the fewest executions whose count is off (those inside the responses' span, whose number moves with the offset)
    least = min(s[1] - s[0] for s in scores)
    # the middle of the longest run of offsets with that many (a count shifted by one response at both ends of every
    # execution matches too, over a far narrower run)
    best, run = (0, 0), None
    for i, s in enumerate(scores):
        if s[1] - s[0] == least:
            run = (run[0], i) if run is not None else (i, i)
            if run[1] - run[0] >= best[1] - best[0]:
                best = run
        else:
            run = None
    mid = (best[0] + best[1]) // 2
    return offsets[mid], scores[mid][0], scores[mid][1]


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times", required=True)
    ap.add_argument("--exec-log", required=True)
    ap.add_argument("--min", type=int, default=20, help="print a size with at least this many executions (default 20)")
    a = ap.parse_args(argv)
    try:
        rows = request_times(a.times)
    except (OSError, ValueError, KeyError, IndexError) as e:
        print(f"--times {a.times}: {e}", file=sys.stderr)
        return 2
    try:
        execs = read_records(a.exec_log)
    except OSError as e:
        print(f"--exec-log {a.exec_log}: {e}", file=sys.stderr)
        return 2
    if len(rows) < 2 or len(execs) < 3:
        print(f"--times {a.times}, --exec-log {a.exec_log}: too few responses or executions", file=sys.stderr)
        return 2
    recv = [r[1] for r in rows]
    offset, matched, inside = align(execs, recv)
    m, _ = members(execs, recv, offset)
    print(f"{matched} of {inside} executions matched to their responses")
    by: Dict[int, List[int]] = collections.defaultdict(lambda: [0, 0])
    for k in range(len(m) - 1):
        if m[k] is None or m[k + 1] is None or execs[k][3] == 0:
            continue
        i, j = m[k]  # type: ignore[misc]
        first = recv[i]
        i2, j2 = m[k + 1]  # type: ignore[misc]
        back = sum(1 for r in rows[i2:j2] if r[0] > first)
        by[execs[k][3]][0] += back
        by[execs[k][3]][1] += execs[k][3]
    back = sum(v[0] for v in by.values())
    total = sum(v[1] for v in by.values())
    print(f"clients back for the next execution: {back / total:.3f} of {total}")
    print("by the execution's requests: " + " ".join(f"{n}: {v[0] / v[1]:.2f} ({v[1] // n})" for n, v in sorted(by.items()) if v[1] // n >= a.min))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
