#!/usr/bin/env python3
"""Slow stretches on several instances under open-loop load: the host, or one instance following another?

For each open-loop ("rate") row of the manifest whose model has two or more instance logs in --logs: the executions
of every instance within the row's span (the first tenth left out as warm-up; `mean_batch`: their mean samples),
each divided by the level's median duration at its batch size (samples), and compose-profile's slow-stretch rule
per instance (a running median of that ratio over 15 neighbouring executions above 1.25;
calibrate/slow-stretches.ts). Then, for the executions in stretches and for the others, how they sat against the
other instances' executions:

  - `led_by`: another instance's execution was already running when this one started (it started second);
  - `overtook`: another instance started an execution while this one ran;
  - `overlap`: the share of its duration during which another instance was running.

If the host slowed (a CPU-wide stretch), an instance's executions in a stretch sit among the others' as usual and
the other instances are slowed at the same time (`together`: the share of stretch time during which another
instance is in a stretch too, beside `apart`, that share if the instances' stretches fell independently). If one
instance instead follows another, starting just after it and waiting out its GPU turn, the executions in stretches
are nearly all `led_by` and seldom `overtook`, and the instances take the follower's part in turn, not together.
Docs: docs/VALIDATION.md, "Tried in session 48".

  python3 calibration/server/exec_followers.py --manifest manifest-cap4.csv --logs DIR [--model base_m16d500_i2]

DIR holds the instance logs (<model>.<model>_0_<i>.bin: exec-logs-<tag>.tar.xz unpacked).
"""

from __future__ import annotations

import bisect
import statistics
import sys
from typing import Dict, List, Sequence, Tuple

from exec_speed import after_warmup, level_args, open_loop_levels

HALF_WINDOW = 7
THRESHOLD = 1.25

Exec = Tuple[int, int, int]  # start ns, end ns, samples


def in_stretch(ratios: Sequence[float], half: int = HALF_WINDOW, threshold: float = THRESHOLD) -> List[bool]:
    """compose-profile's rule: the running median of the ratios over 2·half + 1 neighbours above threshold."""
    n = len(ratios)
    return [statistics.median(ratios[max(0, i - half) : min(n, i + half + 1)]) > threshold for i in range(n)]


def stretch_spans(execs: Sequence[Exec], marks: Sequence[bool]) -> List[Tuple[int, int]]:
    """Each stretch from its first marked execution's start to its last one's end."""
    spans: List[Tuple[int, int]] = []
    i = 0
    while i < len(execs):
        if not marks[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(execs) and marks[j + 1]:
            j += 1
        spans.append((execs[i][0], execs[j][1]))
        i = j + 1
    return spans


def covered_ns(spans: Sequence[Tuple[int, int]], lo: int, hi: int) -> int:
    """Time within [lo, hi) covered by the (disjoint, sorted) spans."""
    return sum(max(0, min(e, hi) - max(s, lo)) for s, e in spans)


def relations(x: Exec, others: Sequence[Sequence[Exec]], other_starts: Sequence[Sequence[int]]) -> Tuple[bool, bool, float]:
    """(led_by, overtook, overlap share) of execution x against the other instances' executions."""
    led = over = False
    busy = 0
    for execs, starts in zip(others, other_starts):
        j = bisect.bisect_right(starts, x[0])  # the first execution that started after x; j - 1 the last before
        k = j - 1
        if k >= 0 and execs[k][1] > x[0]:
            led = True
        if j < len(starts) and starts[j] < x[1]:
            over = True
        for s, e, _ in execs[max(0, k) : bisect.bisect_left(starts, x[1])]:
            busy += max(0, min(e, x[1]) - max(s, x[0]))
    return led, over, min(1.0, busy / max(1, x[1] - x[0]))


def level_report(instances: List[List[Exec]]) -> Dict[str, float]:
    """The level's figures (see the module's text) from each instance's executions, in start order."""
    durs: Dict[int, List[int]] = {}
    for execs in instances:
        for s, e, b in execs:
            durs.setdefault(b, []).append(e - s)
    med = {b: statistics.median(v) for b, v in durs.items()}
    marks = [in_stretch([(e - s) / med[b] for s, e, b in execs]) for execs in instances]
    spans = [stretch_spans(execs, m) for execs, m in zip(instances, marks)]
    starts = [[x[0] for x in execs] for execs in instances]
    lo = min(execs[0][0] for execs in instances)
    hi = max(execs[-1][1] for execs in instances)
    groups: Dict[bool, List[Tuple[bool, bool, float]]] = {True: [], False: []}
    for i, execs in enumerate(instances):
        others = [instances[j] for j in range(len(instances)) if j != i]
        other_starts = [starts[j] for j in range(len(instances)) if j != i]
        for x, m in zip(execs, marks[i]):
            groups[m].append(relations(x, others, other_starts))
    # how much of each instance's stretch time another instance spends in a stretch, and the chance level
    stretch_ns = together_ns = 0
    apart = 0.0
    for i, sp in enumerate(spans):
        rest = [spans[j] for j in range(len(spans)) if j != i]
        for s, e in sp:
            stretch_ns += e - s
            together_ns += max((covered_ns(r, s, e) for r in rest), default=0)
        share_rest = max((covered_ns(r, lo, hi) / (hi - lo) for r in rest), default=0.0)
        apart += covered_ns(sp, lo, hi) * share_rest
    count = sum(len(e) for e in instances)
    out: Dict[str, float] = {
        "seconds": (hi - lo) / 1e9,
        "executions": float(count),
        "mean_batch": sum(x[2] for execs in instances for x in execs) / count,
        "stretch_share": sum(covered_ns(sp, lo, hi) for sp in spans) / (len(spans) * (hi - lo)),
        "together": together_ns / stretch_ns if stretch_ns else float("nan"),
        "apart": apart / stretch_ns if stretch_ns else float("nan"),
    }
    for key, flag in (("in", True), ("out", False)):
        g = groups[flag]
        out[f"{key}_n"] = float(len(g))
        out[f"{key}_led_by"] = sum(r[0] for r in g) / len(g) if g else float("nan")
        out[f"{key}_overtook"] = sum(r[1] for r in g) / len(g) if g else float("nan")
        out[f"{key}_overlap"] = sum(r[2] for r in g) / len(g) if g else float("nan")
    return out


COLUMNS = [
    "seconds", "executions", "mean_batch", "stretch_share", "in_n", "in_led_by", "in_overtook", "in_overlap",
    "out_led_by", "out_overtook", "out_overlap", "together", "apart",
]


def main(argv: List[str]) -> int:
    a = level_args(__doc__, argv)
    print("model,level," + ",".join(COLUMNS))
    for row, logs in open_loop_levels(a.manifest, a.logs, a.model):
        model = row["model"]
        if len(logs) < 2:
            continue
        s, e = int(row["start_ns"]), int(row["end_ns"])
        inst = [[(r[0], r[1], r[2]) for r in log if r[0] >= s and r[1] <= e] for log in logs]
        if min(len(x) for x in inst) < 100:
            continue
        first = after_warmup(sorted(x[0] for execs in inst for x in execs))[0]
        r = level_report([[x for x in execs if x[0] >= first] for execs in inst])
        print(f"{model},{row['level']}," + ",".join(f"{r[c]:.0f}" if c in ("executions", "in_n") else f"{r[c]:.3f}" for c in COLUMNS))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
