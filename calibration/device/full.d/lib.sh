# Helpers of full.sh's phases: perf_analyzer's JSON, calibrate, loadgen, composition, warm-up, one level per
# perf_analyzer call with the manifest of spans, core placement and stopping the server (its execution logs packed).
# Sourced by full.sh into its own shell, after the server is up; defines functions only.

pa_json() {  # pa_json <model> <json path> <range> <interval ms>: the servesim.live/v1 JSON for a perf_analyzer CSV
  [[ -f "${2%.json}.csv" ]] || { say "no perf_analyzer CSV for $1: no JSON written"; return; }
  python3 - "$URL" "$1" "$2" "$GPU" "$DRV" "$3" "$4" <<'PY'
import json, sys, datetime, tritonclient.grpc as g
url, model, path, gpu, drv, rng, p = sys.argv[1:]
a, b, c = (int(x) for x in rng.split(":"))
c = g.InferenceServerClient(url)
cfg = c.get_model_config(model, as_json=True)["config"]
meta = c.get_server_metadata(as_json=True)
name = path.split("/")[-1][:-5]
json.dump({"schema": "servesim.live/v1", "name": name, "model": model, "network": "loopback",
  "tool": "perf_analyzer", "toolVersion": "2.60.0",
  "load": {"mode": "concurrency", "distribution": None, "batchSize": 1, "levels": list(range(a, b + 1, int(rng.split(":")[2])))},
  "modelConfig": cfg, "measurement": {"intervalMs": int(p), "stabilityPct": 10},
  "metadata": {"gpu": gpu, "driver": drv, "tritonVersion": meta.get("version"),
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    "command": f"perf_analyzer -m {model} -u {url} -i grpc --concurrency-range {rng} -p {p} -f {name}.csv"}},
  open(path, "w"), indent=1)
PY
}

calibrate() {  # calibrate <profile name> <label> <seq> <batch sizes> <models...>
  local name="$1" label="$2" seq="$3" sizes="$4"; shift 4
  local ms=(); for m in "$@"; do ms+=(-m "$m"); done
  say "calibrate $name"
  timeout 200 "$NODE" "$BUNDLE" calibrate -u "$URL" "${ms[@]}" --batch-sizes "$sizes" --windows 4 --window-ms 500 \
    --warmup-ms 300 --probe-requests 25 --probe-max-ms 2000 --seq-len "$seq" --precision fp16 --gpu-name "$GPU" \
    --driver "$DRV" --model-label "$label" --name "$name" \
    --description "$label on an $GPU, served by $SERVED_BY" \
    -o "$RES/profiles/$name.json" --raw "$RES/profiles/$name.raw.json" -q
  say "calibrate $name rc=$?"
  pack
}

loadgen() {  # loadgen <run name> <model> <conc|rate> <levels> [-p ms]
  local run="$1" model="$2" mode="$3" levels="$4" p="${5:-500}"
  if [[ "$levels" == auto ]]; then
    timeout 40 "$NODE" "$BUNDLE" loadgen -u "$URL" -m "$model" --concurrency-range 64 -p 500 --max-trials 4 -q \
      --json /tmp/sat.json -f /tmp/sat.csv > /dev/null 2>&1
    levels=$(python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("/tmp/sat.csv")))
x = float(rows[0]["Inferences/Second"])
print(",".join(str(max(1, round(f * x))) for f in (0.3, 0.6, 0.85, 1.0, 1.15)))
PY
)
  fi
  local range=()
  if [[ "$mode" == conc ]]; then range=(--concurrency-range "$levels"); else range=(--request-rate-range "$levels" --request-distribution poisson); fi
  say "loadgen $run ($model, $mode $levels)"
  timeout 90 "$NODE" "$BUNDLE" loadgen -u "$URL" -m "$model" "${range[@]}" -p "$p" --max-trials 6 -s 10 --network loopback \
    --gpu-name "$GPU" --driver "$DRV" --json "$RES/live/$run.json" -f "$RES/live/$run.csv" -q
  say "loadgen $run rc=$?"
  pack
}

composition() {  # composition <model> <levels> <name>: servesim loadgen closed loop, -b 1, on a calibration-only
  # dynamic-batching model (request composition, turnaround, loadgen's response gap) into $RES/profiles/<name>
  say "composition $1 ($2)"
  timeout 120 "$NODE" "$BUNDLE" loadgen -u "$URL" -m "$1" --concurrency-range "$2" -p 500 --max-trials 4 -s 10 --network loopback \
    --gpu-name "$GPU" --driver "$DRV" --json "$RES/profiles/$3.json" -f "$RES/profiles/$3.csv" -q
  pack
}

tool_run() {  # tool_run <model> <concurrency range> <name>: perf_analyzer's closed loop on a calibration-only model
  # (its own overheads: compose-profile --tool-run), -p 1000, into $RES/profiles/<name>.csv and .json
  say "perf_analyzer $3 ($1, concurrency $2)"
  timeout 90 "$PA" -m "$1" -u "$URL" -i grpc --concurrency-range "$2" -p 1000 -f "$RES/profiles/$3.csv" > "$RES/logs/pa-$3.log" 2>&1
  say "perf_analyzer rc=$?"
  pa_json "$1" "$RES/profiles/$3.json" "$2" 1000
}

warm() {  # warm <model...>: a short closed loop on each (GPU clocks, first-run allocations); errors ignored
  for m in "$@"; do
    timeout 20 "$NODE" "$BUNDLE" loadgen -u "$URL" -m "$m" --concurrency-range 4 -p 300 --max-trials 3 -q -f /tmp/warm.csv > /dev/null 2>&1
  done
}

pa_levels() {  # pa_levels <run name> <model> <conc|rate|const|intervals> <levels>: perf_analyzer, one call per level,
  # -p $PA_P (default 1000) with -b $PA_B (default 1), merged into $LIVE_DIR/<run name>.csv (default $RES/live) with its
  # servesim.live/v1 JSON (an unstable level costs only itself; open loop uses $PA_THREADS (default 64) sending
  # threads: perf_analyzer's default 4 cannot keep a few thousand requests/s). rate: Poisson gaps; const: constant
  # gaps (perf_analyzer's default distribution); intervals: <levels> is one --request-intervals file (gaps in µs,
  # calibration/server/make_intervals.py), its gaps written into the JSON. With $TRACE_MANIFEST set, each call's
  # CLOCK_MONOTONIC start and end (Triton's trace clock) are appended to it.
  local name="$1" model="$2" mode="$3" levels="$4" x rc t0 p="${PA_P:-1000}" b="${PA_B:-1}" dir="${LIVE_DIR:-$RES/live}"
  local extra="${PA_EXTRA:-}"  # e.g. --percentile=99: perf_analyzer judges stability on that latency percentile
  local threads="${PA_THREADS:-64}"
  rm -f /tmp/pa-level-*.csv
  for x in ${levels//,/ }; do
    if (( $(left) < 25 )); then say "time budget reached: skipping $name at $x"; continue; fi
    t0=$(mono_ns)
    if [[ "$mode" == conc ]]; then
      timeout $(( 30 + 9 * p / 1000 )) "$PA" -m "$model" -u "$URL" -i grpc -b "$b" --concurrency-range "$x:$x:1" -p "$p" $extra -f "/tmp/pa-level-$x.csv" >> "$RES/logs/pa-$name.log" 2>&1
    elif [[ "$mode" == intervals ]]; then
      timeout $(( 40 + 9 * p / 1000 )) "$PA" -m "$model" -u "$URL" -i grpc -b "$b" --request-intervals "$x" -p "$p" --max-threads "$threads" $extra \
        -f "/tmp/pa-level-intervals.csv" >> "$RES/logs/pa-$name.log" 2>&1
    else
      local dist=poisson; [[ "$mode" == const ]] && dist=constant
      timeout $(( 40 + 9 * p / 1000 )) "$PA" -m "$model" -u "$URL" -i grpc -b "$b" --request-rate-range "$x:$x:1" --request-distribution "$dist" -p "$p" --max-threads "$threads" $extra \
        -f "/tmp/pa-level-$x.csv" >> "$RES/logs/pa-$name.log" 2>&1
    fi
    rc=$?
    local lv="$x"  # an intervals file's level in the manifest: its rate, as perf_analyzer reports it
    [[ "$mode" == intervals ]] && lv=$(awk '{n++; s+=$1} END {printf "%.1f", n * 1e6 / s}' "$x")
    [[ -n "${TRACE_MANIFEST:-}" ]] && echo "$name,$model,$mode,$lv,$b,$t0,$(mono_ns),$rc" >> "$TRACE_MANIFEST"
    say "perf_analyzer $name ($model, $mode $x, -b $b) rc=$rc"
  done
  python3 - "$dir/$name.csv" /tmp/pa-level-*.csv <<'PY'
import sys
out, parts = sys.argv[1], sys.argv[2:]
rows, head = [], None
for f in parts:
    lines = [l for l in open(f).read().splitlines() if l.strip()]
    if len(lines) >= 2:
        head = head or lines[0]
        rows += lines[1:]
if head and rows:
    rows.sort(key=lambda l: float(l.split(",")[0]))
    open(out, "w").write("\n".join([head] + rows) + "\n")
PY
  [[ -f "$dir/$name.csv" ]] && python3 - "$URL" "$model" "$dir/$name.json" "$GPU" "$DRV" "$mode" "$p" "$b" "$extra" "$threads" "$levels" <<'PY'
import csv, json, sys, datetime, tritonclient.grpc as g
url, model, path, gpu, drv, mode, p, b, extra, threads, levels = sys.argv[1:]
rows = list(csv.DictReader(open(path[:-5] + ".csv")))
if mode == "conc":
    load = {"mode": "concurrency", "distribution": None, "batchSize": int(b), "levels": [int(float(r["Concurrency"])) for r in rows]}
    how = f"-b {b} --concurrency-range C:C:1 -p {p}{' ' + extra if extra else ''} (one call per level)"
elif mode == "intervals":
    gaps = [int(l) for l in open(levels).read().split()]
    load = {"mode": "rate", "distribution": "custom", "requestIntervalsUs": gaps, "batchSize": int(b), "levels": [float(r["Request Rate"]) for r in rows]}
    how = f"-b {b} --request-intervals {levels} -p {p} --max-threads {threads}{' ' + extra if extra else ''}"
else:
    dist = "constant" if mode == "const" else "poisson"
    load = {"mode": "rate", "distribution": dist, "batchSize": int(b), "levels": [float(r["Request Rate"]) for r in rows]}
    how = f"-b {b} --request-rate-range R:R:1 --request-distribution {dist} -p {p} --max-threads {threads}{' ' + extra if extra else ''} (one call per rate)"
measurement = {"intervalMs": int(p), "stabilityPct": 10}
if extra.startswith("--percentile="):
    measurement["percentile"] = int(extra.split("=")[1])
c = g.InferenceServerClient(url)
json.dump({"schema": "servesim.live/v1", "name": path.split("/")[-1][:-5], "model": model, "network": "loopback",
  "tool": "perf_analyzer", "toolVersion": "2.60.0", "load": load,
  "modelConfig": c.get_model_config(model, as_json=True)["config"], "measurement": measurement,
  "metadata": {"gpu": gpu, "driver": drv, "tritonVersion": c.get_server_metadata(as_json=True).get("version"),
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    "command": f"perf_analyzer -m {model} -u {url} -i grpc {how}"}},
  open(path, "w"), indent=1)
PY
  pack
}

pa_specs() {  # pa_specs <name>:<model>:<conc|rate>:<levels> ...: pa_levels for each (place_active on each new model)
  local spec name m mode levels before=""
  for spec in "$@"; do
    IFS=: read -r name m mode levels <<< "$spec"
    [[ "$m" != "$before" ]] && place_active "$m"
    before="$m"
    pa_levels "$name" "$m" "$mode" "$levels"
  done
}

place_active() {  # place_active <model...>: with PLACE_ACTIVE=N set (phase VS), these models' stubs each alone on one
  # of the last N cores, every other stub on the core below them, tritonserver and this shell (so every tool it
  # starts later) on the rest; each placement appended to $RES/logs/placement-$PHASE.txt. A no-op otherwise.
  [[ -n "${PLACE_ACTIVE:-}" ]] || return 0
  local log="$RES/logs/placement-$PHASE.txt" rest p
  if rest=$(python3 calibration/server/cpu_keepalive.py place --mode active --reserve "$PLACE_ACTIVE" --pid $$ "$@" 2>&1); then
    say "stubs of $* alone on a core each; the others parked; tritonserver and the tools on $rest"
  else
    say "place failed for $*: $rest"
  fi
  { echo "== +$(( $(date +%s) - T0 ))s active: $* rest: $rest"
    for p in $(pgrep -x tritonserver) $(pgrep -f triton_python_backend_stub); do
      echo "$p $(tr '\0' ' ' < /proc/$p/cmdline | cut -d' ' -f1,2 | sed 's|.*/triton_python_backend_stub|stub|') $(grep Cpus_allowed_list /proc/$p/status)"
    done; grep Cpus_allowed_list /proc/$$/status; } >> "$log" 2>&1
}

level_call() {  # level_call <manifest> <fields> <dir> <name> <pa|lg> <model> <conc|rate> <level>: one level, -p 1500,
  # of perf_analyzer or servesim loadgen into <dir>/<name>.csv (loadgen also .json, both .log), skipped when the
  # call's time is nearly spent; "<fields>,<start_ns>,<end_ns>,<rc>" appended to <manifest>. The caller's
  # arrays PRE (a command prefix, e.g. a core pin), NODE_FLAGS and LG_EXTRA (loadgen flags) and LG_TRIALS
  # (loadgen's --max-trials, default 6) apply when set.
  local manifest="$1" fields="$2" dir="$3" name="$4" tool="$5" model="$6" mode="$7" x="$8" t0 rc range=()
  if (( $(left) < 25 )); then say "time budget reached: skipping $name"; return; fi
  t0=$(mono_ns)
  if [[ "$tool" == pa ]]; then
    if [[ "$mode" == conc ]]; then range=(--concurrency-range "$x:$x:1"); else range=(--request-rate-range "$x:$x:1" --request-distribution poisson --max-threads 64); fi
    timeout 45 ${PRE[@]+"${PRE[@]}"} "$PA" -m "$model" -u "$URL" -i grpc "${range[@]}" -p 1500 -f "$dir/$name.csv" > "$dir/$name.log" 2>&1
  else
    if [[ "$mode" == conc ]]; then range=(--concurrency-range "$x"); else range=(--request-rate-range "$x" --request-distribution poisson); fi
    timeout 45 ${PRE[@]+"${PRE[@]}"} "$NODE" ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"} "$BUNDLE" loadgen -u "$URL" -m "$model" "${range[@]}" -p 1500 \
      --max-trials "${LG_TRIALS:-6}" -s 10 ${LG_EXTRA[@]+"${LG_EXTRA[@]}"} --network loopback -q --json "$dir/$name.json" -f "$dir/$name.csv" > "$dir/$name.log" 2>&1
  fi
  rc=$?
  echo "$fields,$t0,$(mono_ns),$rc" >> "$manifest"
  say "$name rc=$rc"
}

stop_server() {  # stop_server [<tar.xz of FULL_EXEC_LOG>]: SIGTERM, wait for tritonserver (instances flush their
  # execution logs, Triton its last traces), then pack the execution logs when asked
  say "stop the server"
  pkill -TERM -f "calibration/server/repo.py" ; for _ in $(seq 1 40); do pgrep -f tritonserver > /dev/null || break; sleep 0.5; done
  [[ -n "${1:-}" ]] && tar cJf "$1" -C "$FULL_EXEC_LOG" . && say "exec logs: $(du -sh "$FULL_EXEC_LOG" | cut -f1)"
  pack
}

