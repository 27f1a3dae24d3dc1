#!/usr/bin/env python3
"""How late Triton's dynamic batcher wakes after its queue delay, from phase BL's perf_analyzer levels.

A request that waits out max_queue_delay alone is dispatched when the batcher thread wakes from its timed wait.
Phase BL (full.sh) measures one-instance calibration-only models that differ only in their delay, each at one
client: a level's Server Queue less its delay less the same pass's delay-0 level's Server Queue is how late the
batcher woke. The lateness grows with the wait, so a least-squares line through every (delay, lateness) gives
the prior `servesim compose-profile --batcher-late` puts into a profile: baseUs + fractionOfWait × the wait.

Levels are the run folder's bl-d<delay>-<pass>.csv files (perf_analyzer's CSV, one row at concurrency 1).

  python3 batcher_late.py --run calibration/device/runs/2026-11-27-h100-batcher-late \\
      -o calibration/profiles/priors/h100-batcher-late.json
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import re
import sys
from collections import defaultdict
from typing import Dict, List, Tuple

from exec_speed import write_json_atomic

LEVEL = re.compile(r"^bl-d(\d+)-([a-z0-9]+)\.csv$")


def queue_of(path: pathlib.Path) -> float:
    rows = [r for r in csv.DictReader(open(path)) if r.get("Concurrency") == "1"]
    if len(rows) != 1:
        raise ValueError(f"{path}: expected one row at concurrency 1")
    return float(rows[0]["Server Queue"])


def lateness(run: pathlib.Path) -> List[Tuple[int, str, float]]:
    """(delay, pass, lateness µs) for every delay > 0 whose pass has a delay-0 level."""
    by: Dict[str, Dict[int, float]] = defaultdict(dict)
    for f in sorted(run.glob("bl-d*-*.csv")):
        m = LEVEL.match(f.name)
        if m:
            by[m.group(2)][int(m.group(1))] = queue_of(f)
    out = []
    for p, levels in sorted(by.items()):
        if 0 not in levels:
            continue
        out += [(d, p, q - d - levels[0]) for d, q in sorted(levels.items()) if d > 0]
    return out


def line(points: List[Tuple[int, float]]) -> Tuple[float, float]:
    """Least-squares intercept and slope."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return my, 0.0
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - slope * mx, slope


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", required=True, help="phase BL's run folder (bl-d<delay>-<pass>.csv)")
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args(argv)
    run = pathlib.Path(a.run)
    try:
        pts = lateness(run)
    except (OSError, ValueError, KeyError) as e:
        print(f"{a.run}: {e}", file=sys.stderr)
        return 2
    if len({d for d, _, _ in pts}) < 2:
        print(f"{a.run}: need levels at two delays or more beside delay 0", file=sys.stderr)
        return 2
    base, slope = line([(d, late) for d, _, late in pts])
    for d, p, late in pts:
        print(f"delay {d:5d} µs pass {p}: {late:.0f} µs late")
    print(f"lateness {base:.1f} µs + {100 * slope:.2f} % of the wait ({len(pts)} levels)")
    write_json_atomic(pathlib.Path(a.out), {
        "schema": "servesim.batcher-late-prior/v1",
        "baseUs": round(base, 1),
        "fractionOfWait": round(slope, 5),
        "levels": [{"delayUs": d, "pass": p, "latenessUs": round(late, 1)} for d, p, late in pts],
        "measuredFrom": f"{run.name}: one-instance models at one client, Server Queue less the delay less the delay-0 level's (calibration/server/batcher_late.py)",
    })
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
