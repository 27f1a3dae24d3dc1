#!/usr/bin/env python3
"""Write a perf_analyzer --request-intervals file (one gap in whole µs per line) for a periodic, piecewise-
constant-rate Poisson load: within each stretch of a period, arrivals at that stretch's rate; the list covers
`--periods` periods, so that perf_analyzer, which repeats the list, repeats the pattern exactly.

  python3 make_intervals.py --stretch 150:2000 --stretch 150:8000 --periods 20 --seed 1 --out bursts.txt
      (150 ms at 2000/s, then 150 ms at 8000/s: mean 5000/s, period 300 ms)

Arrival times are drawn as a Poisson process whose rate changes at the stretch boundaries (an exponential gap
at the current rate; one that would cross a boundary starts again there at the next rate, which a memoryless
process allows), rounded to whole µs as absolute times so no rounding drift builds up. perf_analyzer leads
each repeat of the list with its first gap, so that gap also carries the time from the list's last arrival
to the end of its last period: the list then spans exactly `--periods` periods. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import List, Tuple


def parse_stretch(s: str) -> Tuple[float, float]:
    ms, rate = s.split(":")
    if float(ms) <= 0 or float(rate) < 0:
        raise argparse.ArgumentTypeError(f"--stretch {s}: want MS:RATE with MS > 0 and RATE >= 0")
    return float(ms), float(rate)


def arrival_times_us(stretches: List[Tuple[float, float]], periods: int, seed: int) -> Tuple[List[int], int]:
    """Whole-µs arrival times in (0, span], and the span (periods × the period) in µs."""
    rng = random.Random(seed)
    bounds: List[Tuple[float, float, float]] = []  # (start µs, end µs, rate /s)
    t = 0.0
    for _ in range(periods):
        for ms, rate in stretches:
            bounds.append((t, t + ms * 1e3, rate))
            t += ms * 1e3
    span = t
    times: List[int] = []
    for start, end, rate in bounds:
        x = start
        while rate > 0:
            x += rng.expovariate(rate / 1e6)
            if x >= end:
                break
            times.append(max(1, round(x)))
    times.sort()
    return times, int(round(span))


def gaps_us(times: List[int], span: int) -> List[int]:
    """Gaps between successive arrivals; the first also covers the list's tail, so the gaps sum to span."""
    if not times:
        raise SystemExit("no arrivals: every stretch has rate 0")
    gaps = [times[0] + (span - times[-1])] + [b - a for a, b in zip(times, times[1:])]
    assert sum(gaps) == span
    return gaps


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stretch", type=parse_stretch, action="append", required=True, help="MS:RATE, in order; repeat")
    p.add_argument("--periods", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    times, span = arrival_times_us(a.stretch, a.periods, a.seed)
    gaps = gaps_us(times, span)
    with open(a.out, "w") as f:
        f.write("\n".join(str(g) for g in gaps) + "\n")
    print(f"{a.out}: {len(gaps)} gaps over {span / 1e6:.3f} s, {len(gaps) * 1e6 / span:.1f} requests/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
