#!/usr/bin/env python3
"""Is the open loop's p50 error a start's speed? A diagnostic of validate's speed conditioning (session 30).

Each BERT-Base perf_analyzer open-loop level gets a server-speed ratio (servesim.live/v1 serverSpeed) read from
Triton's statistics in a validate --json report: the measured over the predicted compute per request
(input + infer + output), as a median over levels below 85 % of capacity. --mode loco gives each level the
median of its start's other configurations' ratios (a start-level factor, as a calibration-time open-loop step
could at best measure it); --mode oracle gives each level its own ratio. The live runs are copied into a
temporary folder with those ratios (any serverSpeed they had is dropped), validate is run on it, and the plain
and speed-conditioned median absolute errors are printed by load band.

  python3 scripts/speed-proxy.py --validate-json V.json --mode loco   # V.json: validate --live calibration/live --json
"""
import argparse
import json
import os
import shutil
import statistics as st
import subprocess
import sys
import tempfile
from collections import defaultdict


def compute_us(b):
    return b["computeInput"] + b["computeInfer"] + b["computeOutput"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--validate-json", required=True)
    ap.add_argument("--mode", choices=["loco", "oracle"], required=True)
    ap.add_argument("--live", default="calibration/live")
    a = ap.parse_args()
    points = [
        p for p in json.load(open(a.validate_json))["points"]
        if p["steady"] and p["stable"] and "large" not in p["profile"] and p["tool"] == "perf_analyzer" and p["arrival"] != "closed"
    ]
    ratio = lambda p: compute_us(p["measured"]["breakdownUs"]) / compute_us(p["predicted"]["breakdownUs"])
    by_start = defaultdict(lambda: defaultdict(list))
    for p in points:
        if p["band"] != ">85%":
            by_start[p["profile"]][p["model"]].append(ratio(p))
    levels = defaultdict(list)
    for p in points:
        if a.mode == "oracle":
            r = ratio(p)
        else:
            others = [st.median(v) for m, v in by_start[p["profile"]].items() if m != p["model"]]
            if not others:
                continue
            r = st.median(others)
        levels[p["run"]].append({"level": p["load"], "ratio": round(r, 4), "executions": 1})
    tmp = tempfile.mkdtemp(prefix="speed-proxy-")
    try:
        for f in os.listdir(a.live):
            shutil.copy(os.path.join(a.live, f), tmp)
            if f.endswith(".json"):
                path = os.path.join(tmp, f)
                run = json.load(open(path))
                run.pop("serverSpeed", None)
                name = f[: -len(".json")]
                if name in levels:
                    run["serverSpeed"] = {"measuredFrom": f"speed-proxy.py --mode {a.mode}", "levels": levels[name]}
                json.dump(run, open(path, "w"))
        out = subprocess.run(["node", "bin/servesim.js", "validate", "--live", tmp, "--json"], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"validate failed: {out.stderr.strip()}")
        conditioned = [p for p in json.loads(out.stdout)["points"] if p["steady"] and p["stable"] and p.get("speedConditioned")]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"mode {a.mode}: median absolute error in %, plain -> conditioned on the proxy speed")
    for band in [None, "<50%", "50–85%", ">85%"]:
        q = [p for p in conditioned if band is None or p["band"] == band]
        if not q:
            continue
        cells = []
        for m in ["throughput", "p50", "p90", "p99"]:
            plain = st.median(abs(p["errorPct"][m]) for p in q)
            cond = st.median(abs(p["speedConditioned"]["errorPct"][m]) for p in q)
            cells.append(f"{m} {plain:.1f} -> {cond:.1f}")
        print(f"{band or 'all'} ({len(q)}): " + ", ".join(cells))


if __name__ == "__main__":
    main()
