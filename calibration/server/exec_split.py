#!/usr/bin/env python3
"""Where an execution's time goes, host or GPU (full.sh phase GS; triton_model.py's servesim_exec_split logs).

Each split record holds an execution's start and end, samples and requests, when its inputs were gathered,
when its GPU work was issued and when the stream was synchronised (CLOCK_MONOTONIC ns), and its GPU time
(CUDA events from before the input copy to after the output copy, µs). host = duration − GPU time.

Per manifest row (each level's executions, first tenth left out) this prints the medians of the duration,
the GPU time and the host parts (gather: start to inputs gathered; issue: to GPU work issued; wait: to the
stream synchronised; post: to the end). Then phase GS's three frozen questions
(calibration/device/runs/2026-11-27-h100-gpu-split/README.md):

1. load: per single-instance model with open-loop levels below and above 3000/s, over the back-to-back
   executions of --requests A-B (default 3-8), each execution's excess over its model's pooled median of
   the same samples and request count, in duration and in GPU time; a level's excess is the median. The
   rise d = mean(high levels) − mean(low levels): *none* if d_dur < 20 µs, else *host* if d_gpu < d_dur / 3,
   *gpu* if d_gpu > 2 d_dur / 3, *shared* between. Printed besides (read after the call, not part of the claim):
   the same rise in each host-side stretch, gather, issue, wait and post. The events' GPU time includes the
   GPU's idle wait for the graph's launch, so a slower issue shows there too; wait is the GPU's own tail.
2. drift: the runs named --clock (default gs-c1-a, gs-c1-b, gs-c1-c: bert_base_i1 at concurrency 1): the
   spread (max − min) of their median duration and of their median GPU time, judged as in 1.
3. turns: for each batch size b with a one-instance run at concurrency 1 (gs-i1-b<b>) and a two-instance
   run at concurrency 1 and 4 (gs-i2-b<b>), the GPU part the calibration infers for turn-taking — the
   two-way cycle (the span of the concurrency-4 level's executions over their count) less the switch (the
   concurrency-1 two-instance median duration less the one-instance one) — against the one-instance
   median GPU time measured.

  python3 exec_split.py --manifest manifest.csv --logs DIR [--requests 3-8] [--runs REGEX] [--clock A,B] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import re
import statistics
import struct
import sys
from collections import defaultdict
from typing import Dict, List, Optional, Tuple

from exec_speed import MIN_EXECUTIONS, after_warmup, back_to_back, write_json_atomic  # split records start as exec logs do

SPLIT = struct.Struct("<qqiiqqqf")
Split = Tuple[int, int, int, int, int, int, int, float]
NO_EFFECT_US = 20.0


def read_split(path: pathlib.Path) -> List[Split]:
    data = path.read_bytes()
    return [SPLIT.unpack_from(data, i * SPLIT.size) for i in range(len(data) // SPLIT.size)]


def dur_us(r: Split) -> float:
    return (r[1] - r[0]) / 1e3


STRETCHES = {
    "dur": dur_us,
    "gpu": lambda r: r[7],
    "gather": lambda r: (r[4] - r[0]) / 1e3,
    "issue": lambda r: (r[5] - r[4]) / 1e3,
    "wait": lambda r: (r[6] - r[5]) / 1e3,
    "post": lambda r: (r[1] - r[6]) / 1e3,
}


def parts(recs: List[Split]) -> Dict[str, float]:
    """Medians (µs) of the duration, GPU time, host time and the four host-side stretches."""
    def med(f) -> float:
        return round(statistics.median(f(r) for r in recs), 1)
    out = {"n": len(recs), "host": med(lambda r: dur_us(r) - r[7])}
    return {**out, **{k: med(f) for k, f in STRETCHES.items()}}


def verdict(d_dur: float, d_gpu: float) -> str:
    if d_dur < NO_EFFECT_US:
        return "none"
    if d_gpu < d_dur / 3:
        return "host"
    return "gpu" if d_gpu > 2 * d_dur / 3 else "shared"


def level_excess(recs: List[Split], ref: Dict[Tuple[int, int], Dict[str, float]], lo: int, hi: int) -> Optional[Dict[str, float]]:
    """Median excess (µs) of each stretch over the pooled medians of the same key, over the level's
    back-to-back executions of lo..hi requests, and their number; None with fewer than MIN_EXECUTIONS."""
    sel = [r for r in back_to_back(recs) if lo <= r[3] <= hi and (r[2], r[3]) in ref]
    if len(sel) < MIN_EXECUTIONS:
        return None
    ex = {k: statistics.median(f(r) - ref[(r[2], r[3])][k] for r in sel) for k, f in STRETCHES.items()}
    return {**ex, "n": len(sel)}


def load_question(levels, lo: int, hi: int) -> List[dict]:
    out = []
    for model in sorted({row["model"] for row, _ in levels if row["mode"] == "rate"}):
        mine = [(row, recs) for row, recs in levels if row["model"] == model and row["mode"] == "rate"]
        by: Dict[Tuple[int, int], List[Split]] = defaultdict(list)
        for _, recs in mine:
            for r in back_to_back(recs):
                by[(r[2], r[3])].append(r)
        ref = {k: {s: statistics.median(f(r) for r in v) for s, f in STRETCHES.items()}
               for k, v in by.items() if len(v) >= MIN_EXECUTIONS}
        rows = []
        for row, recs in mine:
            ex = level_excess(recs, ref, lo, hi)
            if ex is not None:
                rows.append({"run": row["run"], "level": float(row["level"]), "excessDurUs": round(ex["dur"], 1),
                             "excessGpuUs": round(ex["gpu"], 1), "executions": ex["n"],
                             "excessStretchesUs": {s: round(ex[s], 1) for s in ("gather", "issue", "wait", "post")}})
        high = [r for r in rows if r["level"] >= 3000]
        low = [r for r in rows if r["level"] < 3000]
        if not high or not low:
            continue

        def rise(get) -> float:
            return statistics.mean(get(r) for r in high) - statistics.mean(get(r) for r in low)
        d_dur, d_gpu = rise(lambda r: r["excessDurUs"]), rise(lambda r: r["excessGpuUs"])
        out.append({"model": model, "levels": rows, "riseDurUs": round(d_dur, 1), "riseGpuUs": round(d_gpu, 1),
                    "verdict": verdict(d_dur, d_gpu),
                    "riseStretchesUs": {s: round(rise(lambda r: r["excessStretchesUs"][s]), 1) for s in ("gather", "issue", "wait", "post")}})
    return out


def drift_question(levels, clock: List[str]) -> Optional[dict]:
    meds = [parts(recs) for row, recs in levels if row["run"] in clock and recs]
    if len(meds) < 2:
        return None
    s_dur = max(m["dur"] for m in meds) - min(m["dur"] for m in meds)
    s_gpu = max(m["gpu"] for m in meds) - min(m["gpu"] for m in meds)
    return {"runs": clock, "durUs": [m["dur"] for m in meds], "gpuUs": [m["gpu"] for m in meds],
            "spreadDurUs": round(s_dur, 1), "spreadGpuUs": round(s_gpu, 1), "verdict": verdict(s_dur, s_gpu),
            "stretchesUs": {k: [m[k] for m in meds] for k in ("gather", "issue", "wait", "post")}}


def turns_question(levels) -> List[dict]:
    got = {(row["run"], row["level"]): recs for row, recs in levels}
    out = []
    for b in (1, 2, 4, 8, 16, 32):
        one, two1, two4 = got.get((f"gs-i1-b{b}", "1")), got.get((f"gs-i2-b{b}", "1")), got.get((f"gs-i2-b{b}", "4"))
        if not (one and two1 and two4 and len(two4) > 1):
            continue
        starts = sorted(r[0] for r in two4)
        cycle = (starts[-1] - starts[0]) / 1e3 / (len(starts) - 1)
        standalone = statistics.median(dur_us(r) for r in one)
        switch = statistics.median(dur_us(r) for r in two1) - standalone
        gpu = statistics.median(r[7] for r in one)
        wait = statistics.median(STRETCHES["wait"](r) for r in one)
        inferred = cycle - switch
        out.append({"batch": b, "standaloneUs": round(standalone, 1), "twoWayCycleUs": round(cycle, 1),
                    "switchUs": round(switch, 1), "inferredGpuUs": round(inferred, 1), "measuredGpuUs": round(gpu, 1),
                    "inferredOverMeasured": round(inferred / gpu, 3) if gpu > 0 else None,
                    "measuredWaitUs": round(wait, 1), "inferredOverWait": round(inferred / wait, 3) if wait > 0 else None})
    return out


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True, help="the phase's manifest (run,model,mode,level,batch,start_ns,end_ns,rc)")
    ap.add_argument("--logs", required=True, help="the execution-log folder (its split/ holds <model>.<instance>.bin)")
    ap.add_argument("--requests", default="3-8", help="A-B: the request counts question 1 compares (default 3-8)")
    ap.add_argument("--clock", default="gs-c1-a,gs-c1-b,gs-c1-c", help="question 2's runs, comma-separated")
    ap.add_argument("--runs", help="only the manifest rows whose run matches this regular expression (phase GSP: ^all- or ^apart-)")
    ap.add_argument("--json", help="also write the answers as JSON here")
    a = ap.parse_args(argv)
    lo, hi = (int(x) for x in a.requests.split("-"))
    split_dir = pathlib.Path(a.logs) / "split"
    logs: Dict[str, List[Split]] = {}
    levels = []
    for row in csv.DictReader(open(a.manifest)):
        if a.runs and not re.search(a.runs, row["run"]):
            continue
        m = row["model"]
        if m not in logs:
            paths = sorted(split_dir.glob(f"{m}.*.bin"))
            logs[m] = sorted((r for p in paths for r in read_split(p)), key=lambda r: r[0])
        s, e = int(row["start_ns"]), int(row["end_ns"])
        recs = [r for r in logs[m] if r[0] >= s and r[1] <= e]
        levels.append((row, after_warmup(recs)))
    if not any(recs for _, recs in levels):
        print(f"{split_dir}: no split records inside the manifest's spans", file=sys.stderr)
        return 2
    print(f"{'run':<14} {'level':>6} {'b':>2} {'n':>6} {'dur':>7} {'gpu':>7} {'host':>6} {'gather':>6} {'issue':>6} {'wait':>7} {'post':>6}  (medians, µs)")
    for row, recs in levels:
        if recs:
            p = parts(recs)
            print(f"{row['run']:<14} {row['level']:>6} {row['batch']:>2} {p['n']:>6} {p['dur']:>7} {p['gpu']:>7} {p['host']:>6} "
                  f"{p['gather']:>6} {p['issue']:>6} {p['wait']:>7} {p['post']:>6}")
    answers = {"load": load_question(levels, lo, hi), "drift": drift_question(levels, a.clock.split(",")),
               "turns": turns_question(levels)}
    print(f"\n1. load: back-to-back executions of {lo}-{hi} requests, excess over the model's pooled median (µs)")
    for q in answers["load"]:
        cells = " ".join(f"{int(r['level'])}:{r['excessDurUs']:+.0f}/{r['excessGpuUs']:+.0f}" for r in q["levels"])
        print(f"  {q['model']:<14} rise: duration {q['riseDurUs']:+.1f}, GPU {q['riseGpuUs']:+.1f} → {q['verdict']}   (level: duration/GPU) {cells}")
        print(f"  {'':<14} the rise by stretch: " + ", ".join(f"{s} {v:+.1f}" for s, v in q["riseStretchesUs"].items()))
    d = answers["drift"]
    if d:
        print(f"2. drift: median duration {d['durUs']}, GPU {d['gpuUs']}: spread {d['spreadDurUs']} against {d['spreadGpuUs']} → {d['verdict']}")
        print("   by stretch: " + "; ".join(f"{k} {v}" for k, v in d["stretchesUs"].items()))
    print("3. turns: batch, standalone, two-way cycle, switch, inferred GPU part, measured GPU time (µs), inferred/measured;"
          " measured wait (µs), inferred/wait")
    for t in answers["turns"]:
        print(f"  b{t['batch']:<3} {t['standaloneUs']:>8} {t['twoWayCycleUs']:>8} {t['switchUs']:>7} {t['inferredGpuUs']:>8} {t['measuredGpuUs']:>8}  "
              f"{t['inferredOverMeasured']};  {t['measuredWaitUs']:>8}  {t['inferredOverWait']}")
    if a.json:
        write_json_atomic(pathlib.Path(a.json), answers)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
