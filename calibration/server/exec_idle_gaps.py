#!/usr/bin/env python3
"""Does the host stop while an open-loop level runs? The joint idle gaps of a model's instances, per level.

For each open-loop ("rate") row of the manifest whose model has instance logs in --logs: the executions of all
its instances within the row's span (the first tenth left out as warm-up) merged into one timeline, and the gaps
in which no instance ran. Under Poisson arrivals at N/s an idle stretch longer than the model's queue delay plus
max(3 ms, 15 / N s) is all but impossible while requests keep reaching the scheduler (no arrival for 15 mean gaps:
e^-15), so the gaps beyond that limit are the level's front-end stalls: the host's front end (or the whole host)
stopped while Poisson arrivals should have been coming. Printed per level: its seconds, gaps over 2 and 3 ms, the
stalls (count, per second, mean length) and the six longest gaps. Docs: docs/VALIDATION.md, "Tried in session 47".

  python3 calibration/server/exec_idle_gaps.py --manifest manifest-cap4.csv --logs DIR [--model base_m16d500_i2]

DIR holds the instance logs (<model>.<model>_0_<i>.bin: exec-logs-<tag>.tar.xz unpacked).
"""

from __future__ import annotations

import re
import sys
from typing import List, Optional, Tuple

from exec_speed import after_warmup, level_args, open_loop_levels


def joint_idle_gaps_ms(spans: List[Tuple[int, int]]) -> List[float]:
    """The gaps (ms) in which none of the executions (start ns, end ns; in start order) ran."""
    gaps: List[float] = []
    end = spans[0][1]
    for s, e in spans[1:]:
        if s > end:
            gaps.append((s - end) / 1e6)
        end = max(end, e)
    return gaps


def stall_limit_ms(rate_per_s: float, delay_us: float) -> float:
    """The idle stretch that Poisson arrivals at rate_per_s all but never leave: delay + max(3 ms, 15 mean gaps)."""
    return delay_us / 1000 + max(3.0, 15000.0 / rate_per_s)


def queue_delay_us(model: str) -> float:
    """The max_queue_delay of the campaign's model names (…d<µs>_i<k>); none: 0."""
    m = re.search(r"d(\d+)_i\d+$", model)
    return float(m.group(1)) if m else 0.0


def main(argv: List[str]) -> int:
    a = level_args(__doc__, argv)
    print("model,level,seconds,gaps_over_2ms,gaps_over_3ms,limit_ms,stalls,stalls_per_s,stall_mean_ms,longest_ms")
    for row, logs in open_loop_levels(a.manifest, a.logs, a.model):
        model = row["model"]
        s, e = int(row["start_ns"]), int(row["end_ns"])
        spans = sorted((r[0], r[1]) for log in logs for r in log if r[0] >= s and r[1] <= e)
        if len(spans) < 100:
            continue
        spans = after_warmup(spans)
        seconds = (spans[-1][1] - spans[0][0]) / 1e9
        gaps = joint_idle_gaps_ms(spans)
        limit = stall_limit_ms(float(row["level"]), queue_delay_us(model))
        stalls = [g for g in gaps if g > limit]
        mean: Optional[float] = sum(stalls) / len(stalls) if stalls else None
        longest = " ".join(f"{g:.2f}" for g in sorted(gaps)[-6:])
        print(
            f"{model},{row['level']},{seconds:.1f},{sum(g > 2 for g in gaps)},{sum(g > 3 for g in gaps)},{limit:.1f},"
            f"{len(stalls)},{len(stalls) / seconds:.2f},{'' if mean is None else f'{mean:.1f}'},{longest}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
