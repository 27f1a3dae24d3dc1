#!/usr/bin/env python3
"""What the host did when executions turned slow: host_sampler.py's samples around each slow episode.

Slow executions are those over 2 x their level's median for the batch size (exec_bursts.py's rule), in the
manifest's live levels; an episode starts at a sample holding one, after ten samples without. For each
counter the mean change per sample away from episodes (more than 15 samples from any onset) and at the
six samples before and after each onset (onset = the seventh column), then the sampler's own interval
(a host that freezes every process stretches it) and, when sampled, the threads whose CPU time rose most
and the system calls they were in near the episodes and away from them ("running": in user space).

  python3 host_episodes.py --dir calibration/device/runs/2026-11-26-h100-hostnoise/hn2

DIR holds samples.csv.xz, manifest.csv and exec-logs-*.tar.xz (unpacked to a temporary folder).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import glob
import io
import lzma
import pathlib
import statistics
import sys
import tarfile
import tempfile
from collections import Counter
from typing import Dict, List

from exec_bursts import level_records, slow_starts

COUNTERS = ["cpu_user", "cpu_system", "cpu_idle", "cpu_steal", "ctxt", "intr", "pgfault", "psi_cpu_us", "psi_mem_us"]


def onsets(d: pathlib.Path, logs: pathlib.Path, t: List[int]) -> List[int]:
    slow = [s for row in csv.DictReader(open(d / "manifest.csv")) for s in slow_starts(level_records(logs, row), 2.0)]
    hot = sorted({bisect.bisect_right(t, s) - 1 for s in slow} - {-1, len(t) - 1})
    return [k for i, k in enumerate(hot) if i == 0 or k - hot[i - 1] > 10]


def profile(series: List[float], on: List[int], base: List[int]) -> str:
    b = statistics.mean(series[k] for k in base)
    around = [statistics.mean(series[o + j] for o in on if 0 <= o + j < len(series)) for j in range(-6, 6)]
    return f"away {b:9.1f} | " + " ".join(f"{x:8.1f}" for x in around)


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True)
    a = p.parse_args(argv)
    d = pathlib.Path(a.dir)
    csv.field_size_limit(1 << 30)
    rows = list(csv.reader(io.TextIOWrapper(lzma.open(d / "samples.csv.xz"))))
    head, data = rows[0], rows[1:]
    t = [int(r[0]) for r in data]
    with tempfile.TemporaryDirectory() as tmp:
        tarfile.open(next(iter(glob.glob(str(d / "exec-logs-*.tar.xz"))))).extractall(tmp)
        on = onsets(d, pathlib.Path(tmp), t)
    man = list(csv.DictReader(open(d / "manifest.csv")))
    lo = min(bisect.bisect_left(t, int(m["start_ns"])) for m in man)
    hi = max(bisect.bisect_left(t, int(m["end_ns"])) for m in man)
    base = [k for k in range(lo, hi - 1) if all(abs(k - o) > 15 for o in on)]
    print(f"{d}: {len(t)} samples, {len(on)} slow episodes during the levels; change per sample, 6 before / 6 from onset")
    for c in COUNTERS:
        if c in head:
            i = head.index(c)
            v = [int(r[i]) for r in data]
            print(f"{c:12s} {profile([v[k + 1] - v[k] for k in range(len(v) - 1)], on, base)}")
    print(f"{'interval ms':12s} {profile([(t[k + 1] - t[k]) / 1e6 for k in range(len(t) - 1)], on, base)}")
    if head[-1] == "threads":
        per: Dict[str, Dict[int, int]] = {}
        calls: Dict[str, Dict[int, str]] = {}
        for k, r in enumerate(data):
            for item in filter(None, r[-1].split(";")):
                name, tid, ticks, *call = item.split(":")
                per.setdefault(f"{name}:{tid}", {})[k] = int(ticks)
                if call:
                    calls.setdefault(f"{name}:{tid}", {})[k] = call[0]
        rises = []
        for name, ts in per.items():
            series = [ts.get(k + 1, 0) - ts.get(k, 0) if k in ts and k + 1 in ts else 0 for k in range(len(t) - 1)]
            b = statistics.mean(series[k] for k in base)
            top = max(statistics.mean(series[o + j] for o in on if o + j < len(series)) for j in range(0, 4))
            rises.append((top - b, name, profile(series, on, base)))
        for _, name, prof in sorted(rises, reverse=True)[:8]:
            print(f"{name[:24]:24s} {prof}")
        near = {o + j for o in on for j in range(-1, 3)}
        for _, name, _p in sorted(rises, reverse=True)[:6]:
            if name not in calls:
                continue
            at = Counter(v for k, v in calls[name].items() if k in near).most_common(4)
            away = Counter(v for k, v in calls[name].items() if k in set(base)).most_common(4)
            print(f"{name[:24]:24s} system call near episodes {at}; away {away}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
