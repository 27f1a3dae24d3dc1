#!/usr/bin/env python3
"""Turns or processor sharing? Per open-loop level of a multi-instance model, from its execution logs (session 31).

Each execution (after the level's warm-up tenth) is put in one class by how other instances' executions overlapped it:
alone (none), joined-later (others started only while it ran: under GPU turns it keeps the GPU and runs as long as
alone; under processor sharing it slows down), or started-during (it began while another ran). Prints the median
duration in µs per request count, with the count of executions in brackets (5 or more).

  python3 scripts/exec-joined.py MANIFEST LOGS MODEL
  e.g. DIR from `tar xJf calibration/device/runs/2026-11-27-h100-fresh-large4/exec-logs-fl4.tar.xz -C DIR`, then
  python3 scripts/exec-joined.py calibration/device/runs/2026-11-27-h100-fresh-large4/manifest-fl4.csv DIR large_m32p1632d1000_i2
"""
import csv
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "calibration", "server"))
from exec_cut import read_records  # noqa: E402
from exec_speed import after_warmup, instance_logs  # noqa: E402


def classes(execs):
    """alone / joined-later / started-during: request count → durations (ms)."""
    alone, joined, joiner = {}, {}, {}
    for r, i in execs:
        st, en, _, n = r
        others = [o for o, j in execs if j != i and o[0] < en and o[1] > st]
        d = (en - st) / 1e3
        if not others:
            alone.setdefault(n, []).append(d)
        elif all(o[0] > st for o in others):
            joined.setdefault(n, []).append(d)
        else:
            joiner.setdefault(n, []).append(d)
    return alone, joined, joiner


def fmt(d):
    return " ".join(f"{n}:{statistics.median(v):.0f}({len(v)})" for n, v in sorted(d.items()) if len(v) >= 5)


def main(manifest, logs_dir, model):
    logs = [read_records(x) for x in instance_logs(logs_dir, model)]
    for row in csv.DictReader(open(manifest)):
        if row["model"] != model or row["mode"] != "rate":
            continue
        s, e = int(row["start_ns"]), int(row["end_ns"])
        execs = after_warmup(sorted((r, i) for i, log in enumerate(logs) for r in log if r[0] >= s and r[1] <= e))
        alone, joined, joiner = classes(execs)
        print(f"{row['run']:38s} {row['level']:>5s} alone {fmt(alone)} | joined-later {fmt(joined)} | started-during {fmt(joiner)}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
