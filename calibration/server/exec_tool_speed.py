#!/usr/bin/env python3
"""The calibration-only model's executions under its two calibration tools, side by side.

In a one-start campaign (full.sh `onestart`), base_cal_dyn runs servesim loadgen's composition run and,
about a minute later, perf_analyzer's own closed loop (client-pa); its instance log holds both as the last
two stretches of executions between idle gaps longer than --gap-s. For every request count measured
often enough in both (batches of n single-sample requests, entered after a wait of at most --max-wait-us
so that the idle stretch stays out), this prints the median duration under each and their ratio
(perf_analyzer over loadgen), then the median ratio over those counts. Then the instance's gap after an
execution of n requests (its end to the next execution's start, counted when the next one took two or more requests,
so that requests were waiting and the instance went straight on: the backend answering the n requests and taking the
next payload), the median under each tool and their difference; session 53 read perf_analyzer's as longer, by more the
more requests the execution answered (docs/VALIDATION.md, step 43).

  python3 exec_tool_speed.py --log DIR/base_cal_dyn.base_cal_dyn_0_0.bin [--min 15] [--max-wait-us 600]
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
from collections import defaultdict
from typing import Dict, List, Tuple, Union

REC = struct.Struct("<qqii")
Record = Tuple[int, int, int, int]


def read(path: str) -> List[Record]:
    with open(path, "rb") as f:
        b = f.read()
    return [REC.unpack_from(b, i) for i in range(0, len(b) - len(b) % REC.size, REC.size)]


def stretches(recs: List[Record], gap_ns: float) -> List[List[Record]]:
    out: List[List[Record]] = [[recs[0]]] if recs else []
    for a, c in zip(recs, recs[1:]):
        if c[0] - a[1] > gap_ns:
            out.append([])
        out[-1].append(c)
    return out


def by_count(stretch: List[Record], max_wait_us: float) -> Dict[int, List[float]]:
    out: Dict[int, List[float]] = defaultdict(list)
    for a, c in zip(stretch, stretch[1:]):
        wait = (c[0] - a[1]) / 1000
        if 0 <= wait <= max_wait_us and c[2] == c[3]:
            out[c[3]].append((c[1] - c[0]) / 1000)
    return out


def gaps_after(stretch: List[Record]) -> Dict[int, List[float]]:
    """The gap (µs) after each execution of n requests whose successor took two or more, by n."""
    out: Dict[int, List[float]] = defaultdict(list)
    for a, c in zip(stretch, stretch[1:]):
        if c[3] >= 2:
            out[a[3]].append((c[0] - a[1]) / 1000)
    return out


def runs_of(argv: List[str], script: str, description: str, gap_s: float, need: int, needs: str, min_help: str) -> Union[int, Tuple[argparse.Namespace, List[List[Record]]]]:
    """The tool scripts' shared front (this one's and exec_tool_abba.py's): --log, --gap-s, --min and --max-wait-us
    parsed, the log read and cut into stretches; (args, stretches), or an exit code after a one-line error when the log
    cannot be read (2) or holds fewer than `need` stretches (1; `needs` says what it needs)."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--log", required=True)
    p.add_argument("--gap-s", type=float, default=gap_s)
    p.add_argument("--min", type=int, default=15, help=min_help)
    p.add_argument("--max-wait-us", type=float, default=600.0)
    a = p.parse_args(argv)
    try:
        recs = read(a.log)
    except OSError as e:
        print(f"{script}: --log {a.log}: {e.strerror}", file=sys.stderr)
        return 2
    parts = stretches(recs, a.gap_s * 1e9)
    if len(parts) < need:
        print(f"{script}: --log {a.log}: needs {needs}, found {len(parts)}", file=sys.stderr)
        return 1
    return a, parts


def main(argv: List[str]) -> int:
    got = runs_of(argv, "exec_tool_speed.py", __doc__, 3.0, 2, "two stretches of executions", "executions of a count needed under each tool")
    if isinstance(got, int):
        return got
    a, parts = got
    lg, pa = by_count(parts[-2], a.max_wait_us), by_count(parts[-1], a.max_wait_us)
    ratios = []
    for n in sorted(set(lg) & set(pa)):
        if len(lg[n]) >= a.min and len(pa[n]) >= a.min:
            m1, m2 = statistics.median(lg[n]), statistics.median(pa[n])
            ratios.append(m2 / m1)
            print(f"n={n}: loadgen {m1:.0f} µs ({len(lg[n])}), perf_analyzer {m2:.0f} µs ({len(pa[n])}), ratio {m2 / m1:.3f}")
    if not ratios:
        print("exec_tool_speed.py: no request count measured often enough under both tools", file=sys.stderr)
        return 1
    print(f"median ratio {statistics.median(ratios):.3f} over {len(ratios)} request counts")
    g1, g2 = gaps_after(parts[-2]), gaps_after(parts[-1])
    diffs = []
    for n in sorted(set(g1) & set(g2)):
        if len(g1[n]) >= a.min and len(g2[n]) >= a.min:
            m1, m2 = statistics.median(g1[n]), statistics.median(g2[n])
            diffs.append(m2 - m1)
            print(f"gap after n={n}: loadgen {m1:.0f} µs ({len(g1[n])}), perf_analyzer {m2:.0f} µs ({len(g2[n])}), {m2 - m1:+.0f} µs")
    if diffs:
        print(f"median gap difference {statistics.median(diffs):+.0f} µs over {len(diffs)} request counts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
