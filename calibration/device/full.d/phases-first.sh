# full.sh's first phases (C, A, R, S, Q, I, L, P, K, T, X): the first calibrations and live runs, tool overheads,
# request traces and execution logs. Sourced by full.sh in order; each block runs only for its own $PHASE.

if [[ "$PHASE" == C ]]; then
  # A second, later pass: warm the server, measure request composition on calibration-only models,
  # calibrate again (drift), perf_analyzer against loadgen with longer windows, and repeat four live
  # runs (run-to-run spread of the measurements themselves).
  for m in bert_base_i1 bert_large_i1 base_cal_dyn large_cal_dyn; do
    timeout 30 "$NODE" "$BUNDLE" loadgen -u "$URL" -m "$m" --concurrency-range 4 -p 500 --max-trials 3 -q -f /tmp/warm.csv > /dev/null 2>&1
  done
  say "warmed up"
  composition base_cal_dyn 1,2,4,8,16,32,64,96 composition-bert-base
  composition large_cal_dyn 1,2,4,8,16,32,48 composition-bert-large
  calibrate h100-bert-base-seq128-fp16 "BERT-Base seq 128 FP16" 128 1,2,4,8,16,32,64 bert_base_i1 bert_base_i2 bert_base_i4
  calibrate h100-bert-large-seq384-fp16 "BERT-Large seq 384 FP16" 384 1,2,4,8,16,32 bert_large_i1 bert_large_i2 bert_large_i4
  if [[ -x "$PA" ]]; then
    for model in base_d0_i1 large_d0_i1 bert_base_i1; do
      if (( $(left) < 70 )); then say "time budget reached: skipping cross-check $model"; continue; fi
      say "cross-check $model: perf_analyzer and servesim loadgen, -p 2000, concurrency 1:9:8"
      timeout 75 "$PA" -m "$model" -u "$URL" -i grpc --concurrency-range 1:9:8 -p 2000 -f "$RES/live/xc2-$model-pa.csv" > "$RES/logs/pa2-$model.log" 2>&1
      say "perf_analyzer rc=$?"
      pa_json "$model" "$RES/live/xc2-$model-pa.json" "1:9:8" 2000
      loadgen "xc2-$model-loadgen" "$model" conc 1:9:8 2000
    done
  fi
fi

if [[ "$PHASE" == A ]]; then
  calibrate h100-bert-base-seq128-fp16 "BERT-Base seq 128 FP16" 128 1,2,4,8,16,32,64 bert_base_i1 bert_base_i2 bert_base_i4
  calibrate h100-bert-large-seq384-fp16 "BERT-Large seq 384 FP16" 384 1,2,4,8,16,32 bert_large_i1 bert_large_i2 bert_large_i4
fi

if [[ "$PHASE" == R || "$PHASE" == S || "$PHASE" == Q ]]; then
  # Warm every model the phase measures (GPU clocks, first-run allocations), then for R the request
  # composition on calibration-only models and the calibration itself.
  warm $(awk -v ph="$PHASE" '$1 == ph {print $3}' "$RUNS" | sort -u) bert_base_i1 bert_large_i1
  say "warmed up"
  if [[ "$PHASE" == R ]]; then
    composition base_cal_dyn 1,2,4,8,16,32,64,96 composition-bert-base
    composition large_cal_dyn 1,2,4,8,16,32,48 composition-bert-large
    calibrate h100-bert-base-seq128-fp16 "BERT-Base seq 128 FP16" 128 1,2,4,8,16,32,64 bert_base_i1 bert_base_i2 bert_base_i4
    calibrate h100-bert-large-seq384-fp16 "BERT-Large seq 384 FP16" 384 1,2,4,8,16,32 bert_large_i1 bert_large_i2 bert_large_i4
  fi
fi

if [[ "$PHASE" == I ]]; then
  # Idle-gap sweep, twice (run with FULL_SPEC=calibration/server/specs/idle.json): does an execution
  # take longer after its instance idled? Single requests with a sleep between them.
  for pass in 1 2; do
    say "idle sweep pass $pass"
    timeout 150 python3 calibration/server/idle_sweep.py --url "$URL" -m bert_base_i1 -m bert_large_i1 -m bert_base_i2 \
      --out "$RES/profiles/idle-h100.pass$pass.json" > "$RES/logs/idle-$pass.log" 2>&1
    say "idle sweep rc=$?"
    pack
  done
fi

if [[ "$PHASE" == L ]]; then
  # The load generator's own cost (run with FULL_SPEC=calibration/server/specs/client.json): servesim
  # loadgen closed and open loop on the calibration-only models, recording its event-loop utilization.
  warm base_cal_dyn large_cal_dyn
  for spec in "client-bert-base-conc:base_cal_dyn:conc:1,2,4,8,16,32,64,96" "client-bert-base-rate:base_cal_dyn:rate:1500,3000,4500,6000" \
              "client-bert-large-conc:large_cal_dyn:conc:1,2,4,8,16,32,48" "client-bert-large-rate:large_cal_dyn:rate:300,600,900,1150"; do
    IFS=: read -r name m mode levels <<< "$spec"
    if (( $(left) < 40 )); then say "time budget reached: skipping $name"; continue; fi
    range=(--concurrency-range "$levels"); [[ "$mode" == rate ]] && range=(--request-rate-range "$levels" --request-distribution poisson)
    say "loadgen $name ($m, $mode $levels)"
    timeout 120 "$NODE" "$BUNDLE" loadgen -u "$URL" -m "$m" "${range[@]}" -p 500 --max-trials 4 -s 10 --network loopback \
      --gpu-name "$GPU" --driver "$DRV" --json "$RES/profiles/$name.json" -f "$RES/profiles/$name.csv" -q
    say "loadgen $name rc=$?"
    pack
  done
fi

if [[ "$PHASE" == P && -x "$PA" ]]; then
  # perf_analyzer (FULL_SPEC=calibration/server/specs/pa.json): closed loop on the calibration-only models
  # (its own overheads), then open loop on held-out configurations at phase R's rates, one perf_analyzer
  # call per rate (an unstable level then costs only itself).
  warm base_cal_dyn large_cal_dyn base_d0_i1 base_d100_i1 base_d500_i2 large_d0_i1
  for pair in "base_cal_dyn:1:33:8:client-pa-bert-base" "large_cal_dyn:1:17:4:client-pa-bert-large"; do
    [[ "${FULL_PA_SKIP_CAL:-0}" == 1 ]] && continue
    IFS=: read -r m a b st name <<< "$pair"
    tool_run "$m" "$a:$b:$st" "$name"
    pack
  done
  for spec in "pa-base-d0-i1-rate:base_d0_i1:1896,3793,5373" "pa-base-d100-i1-rate:base_d100_i1:1903,3807,5393" \
              "pa-base-d500-i2-rate:base_d500_i2:2488,4975,7048" "pa-large-d0-i1-rate:large_d0_i1:383,765,1084"; do
    IFS=: read -r name m rates <<< "$spec"
    pa_levels "$name" "$m" rate "$rates"
  done
fi

if [[ "$PHASE" == K && -x "$PA" ]]; then
  # perf_analyzer closed loop on held-out configurations (FULL_SPEC=calibration/server/specs/pa-closed.json),
  # one call per concurrency level, at the levels servesim loadgen measured in phase R/S.
  warm base_d2000_i1 base_d5000_i1 base_d100_i4 base_d0_i2 large_d500_i2 large_d5000_i1
  for spec in "pa-base-d2000-i1-conc:base_d2000_i1:1,2,4,8,16" "pa-base-d5000-i1-conc:base_d5000_i1:1,2,4,8,16" \
              "pa-base-d100-i4-conc:base_d100_i4:1,4,16,64" "pa-base-d0-i2-conc:base_d0_i2:1,4,16,64" \
              "pa-large-d500-i2-conc:large_d500_i2:1,4,16,32" "pa-large-d5000-i1-conc:large_d5000_i1:1,2,4,8,16"; do
    IFS=: read -r name m levels <<< "$spec"
    pa_levels "$name" "$m" conc "$levels"
  done
fi

if [[ "$PHASE" == T && -x "$PA" ]]; then
  # Triton's own request tracing (FULL_SPEC=calibration/server/specs/trace.json FULL_TRACE=/tmp/trace/t.json:
  # the server traces every request at TIMESTAMPS level): perf_analyzer at concurrency 1 over client batch
  # sizes on the calibration models (per-execution durations with nothing else running), then loaded levels
  # of five held-out configurations, closed and open loop. Each call's clock span goes to the manifest; the
  # traces are reduced to one row per request (trace_reduce.py). Tracing costs the server a little per
  # request, so these runs are diagnostics, kept apart from calibration/live.
  new_manifest "$RES/traces/manifest.csv"; export LIVE_DIR="$RES/traces" PA_P=1500
  warm bert_base_i1 bert_large_i1 base_d0_i1 base_d2000_i1 base_d100_i4 base_d0_i2 large_d0_i1
  for b in 1 2 4 8 16 32; do PA_B=$b pa_levels "trace-base-c1-b$b" bert_base_i1 conc 1; done
  for b in 1 2 4 8 16; do PA_B=$b pa_levels "trace-large-c1-b$b" bert_large_i1 conc 1; done
  PA_P=2000
  pa_specs trace-base-d0-i1-conc:base_d0_i1:conc:4,16,64 trace-base-d0-i1-rate:base_d0_i1:rate:1896,3793,5373 \
    trace-base-d2000-i1-conc:base_d2000_i1:conc:4,8,16 trace-base-d100-i4-conc:base_d100_i4:conc:4,16 \
    trace-base-d0-i2-conc:base_d0_i2:conc:16,64 trace-large-d0-i1-conc:large_d0_i1:conc:4,16
  unset TRACE_MANIFEST LIVE_DIR PA_P
  stop_server
  python3 calibration/server/trace_reduce.py --out "$RES/traces/requests.csv.xz" "$FULL_TRACE.*" "$FULL_TRACE"
  say "trace reduce rc=$?"
  pack
fi

if [[ "$PHASE" == X && -x "$PA" ]]; then
  # Execution logs without tracing (FULL_SPEC=calibration/server/specs/exec.json FULL_EXEC_LOG=/tmp/exec):
  # every instance logs each execution's start, end and size (triton_model.py). perf_analyzer drives the
  # calibration models at concurrency 1 (BERT-Base with perf_analyzer's default 5 s windows: long enough to
  # see how often executions slow down, and for how long), then held-out configurations (live runs, -p 2000).
  new_manifest "$RES/exec/manifest.csv"
  warm bert_base_i1 bert_large_i1 base_d0_i1 base_d2000_i1 base_d100_i4 base_d0_i2 base_d500_i2 large_d0_i1
  LIVE_DIR="$RES/exec" PA_P=5000 pa_levels exec-base-c1-b1 bert_base_i1 conc 1
  LIVE_DIR="$RES/exec" PA_P=2000 PA_B=8 pa_levels exec-base-c1-b8 bert_base_i1 conc 1
  LIVE_DIR="$RES/exec" PA_P=2000 pa_levels exec-large-c1-b1 bert_large_i1 conc 1
  PA_P=2000 pa_specs pa-base-d0-i1-rate-x:base_d0_i1:rate:1896,3793,5373 pa-base-d0-i1-conc-x:base_d0_i1:conc:4,16,64 \
    pa-base-d2000-i1-conc-x:base_d2000_i1:conc:4,8,16 pa-base-d100-i4-conc-x:base_d100_i4:conc:4,16,64 \
    pa-base-d0-i2-conc-x:base_d0_i2:conc:4,16,64 pa-base-d500-i2-rate-x:base_d500_i2:rate:2488,4975,7048 \
    pa-large-d0-i1-conc-x:large_d0_i1:conc:4,16
  unset TRACE_MANIFEST
  stop_server "$RES/exec/exec-logs.tar.xz"
fi

