#!/usr/bin/env bash
# How well the model reproduces perf_analyzer's own calibration runs (its closed loop on the
# calibration-only model base_cal_dyn, concurrency 1, 9, 17, 25, 33) on each one-start BERT-Base profile:
# those runs are where its response gap and loaded network time were fitted (on the mean Network+Server
# column), so their latency percentiles are a calibration-only check of the tool model's tails. Prints
# the median absolute and mean signed % error of throughput, p50, p90 and p99 over the loaded levels
# (concurrency above 1) of the eight starts. Run after `npm run build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for k in "" 2 3 4 5 6 7 8; do
  P=calibration/profiles/passes-onestart$k
  mkdir -p "$T/run$k" && cp "$P/client-pa-bert-base.json" "$P/client-pa-bert-base.csv" "$T/run$k/"
  node bin/servesim.js validate --live "$T/run$k" --profile "h100-bert-base-seq128-fp16-onestart$k" --json > "$T/v$k.json"
done
python3 - "$T" <<'PY'
import json, statistics, sys
errors = {"throughput": [], "p50": [], "p90": [], "p99": []}
for k in ["", 2, 3, 4, 5, 6, 7, 8]:
    for p in json.load(open(f"{sys.argv[1]}/v{k}.json"))["points"]:
        if p["load"] > 1:
            for m in errors:
                errors[m].append(p["errorPct"][m])
print(f"perf_analyzer's calibration runs, {len(errors['p50'])} loaded levels on 8 starts (median abs / mean signed %):")
for m, v in errors.items():
    print(f"  {m:10s} {statistics.median(abs(x) for x in v):5.1f} / {statistics.mean(v):+5.1f}")
PY
