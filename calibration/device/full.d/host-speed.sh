# The one-start campaign (onestart: calibration and validation on one server start) and the host-speed phases H, G,
# DV and J. Sourced by full.sh in order; each block runs only for its own $PHASE.

onestart() {  # onestart <tag> <net> <profile> <label> <seq> <sizes> <cal model> <composition levels> <pa range> <run specs...>
  # One-call campaign: calibration and validation on the same server start, so the held-out runs meet the
  # host the profile was measured on. Calibration: request composition (loadgen on the calibration-only
  # dynamic-batching model), the calibration sweep (<net>_i1/_i2/_i4), perf_analyzer's own overheads on
  # the calibration-only model, an execution log at concurrency 1 (slow stretches) and an idle sweep. Then
  # perf_analyzer on each run spec (<name>:<model>:<conc|rate>:<levels>, -p 1500, one call per level).
  # Every instance logs its executions throughout (FULL_EXEC_LOG).
  local tag="$1" net="$2" prof="$3" label="$4" seq="$5" sizes="$6" cal="$7" comp="$8" parange="$9" spec name m mode levels
  shift 9
  new_manifest "$RES/profiles/manifest-$tag.csv"
  warm "${net}_i1" "${net}_i2" "${net}_i4" "$cal" $(for spec in "$@"; do echo "$spec" | cut -d: -f2; done | sort -u)
  place_active "$cal"
  composition "$cal" "$comp" "composition-$tag"
  place_active "${net}_i1" "${net}_i2" "${net}_i4"
  calibrate "$prof.$tag" "$label" "$seq" "$sizes" "${net}_i1" "${net}_i2" "${net}_i4"
  place_active "$cal" "${net}_i1"
  tool_run "$cal" "$parange" "client-pa-$tag"
  LIVE_DIR="$RES/profiles" PA_P=2000 pa_levels "exec-c1-$tag" "${net}_i1" conc 1
  python3 calibration/server/exec_cut.py --manifest "$TRACE_MANIFEST" --logs "$FULL_EXEC_LOG" --run "exec-c1-$tag" \
    --out "$RES/profiles/exec-c1-$tag.bin"
  say "idle sweep"
  timeout 60 python3 calibration/server/idle_sweep.py --url "$URL" -m "${net}_i1" --out "$RES/profiles/idle-$tag.json" \
    > "$RES/logs/idle-$tag.log" 2>&1
  say "idle sweep rc=$?"
  pack
  PA_P="${ONESTART_P:-1500}" PA_EXTRA="${ONESTART_PA_EXTRA:-}" pa_specs "$@"
  unset TRACE_MANIFEST
  [[ "${ONESTART_KEEP:-0}" == 1 ]] && { say "server kept up for the next phase"; pack; return; }
  stop_server "$RES/logs/exec-logs-$tag.tar.xz"
}

onestart_bert_base() {  # onestart_bert_base <tag> <run specs...>: onestart with BERT-Base's calibration settings (sizes
  # 1…64 on bert_base_i1/_i2/_i4, composition on base_cal_dyn, perf_analyzer's own overheads at 1:33:8)
  local tag="$1"
  shift
  onestart "$tag" bert_base h100-bert-base-seq128-fp16 "BERT-Base seq 128 FP16" 128 1,2,4,8,16,32,64 base_cal_dyn \
    1,2,4,8,16,32,64,96 1:33:8 "$@"
}

onestart_bert_large() {  # onestart_bert_large <tag> <run specs...>: onestart with BERT-Large's calibration settings
  # (sizes 1…32 on bert_large_i1/_i2/_i4, composition on large_cal_dyn, perf_analyzer's own overheads at 1:17:4)
  local tag="$1"
  shift
  onestart "$tag" bert_large h100-bert-large-seq384-fp16 "BERT-Large seq 384 FP16" 384 1,2,4,8,16,32 large_cal_dyn \
    1,2,4,8,16,32,48 1:17:4 "$@"
}

cpu_ticks() { awk '/^cpu /{b=$2+$3+$4+$7+$8; print b, b+$5+$6}' /proc/stat; }

h_setup() {  # h_setup: $RES/interference with its manifest (full.sh phases H and G)
  D="$RES/interference"; mkdir -p "$D"; M="$D/manifest.csv"
  echo "run,model,mode,level,threads,start_ns,end_ns,rc,busy_cores" > "$M"
  NCPU=$(nproc)
}

h_run() {  # h_run <name> <conc|rate> <level> <threads|lg> [burners]: one call, logged
  local name="$1" mode="$2" x="$3" th="$4" burn="${5:-0}" t0 t1 rc c0 c1 pids=()
  if (( $(left) < 30 )); then say "time budget reached: skipping $name"; return; fi
  for _ in $(seq 1 "$burn"); do python3 -c 'while True: pass' & pids+=($!); done
  read -r c0 tot0 < <(cpu_ticks); t0=$(mono_ns)
  if [[ "$th" == lg ]]; then
    local range=(--concurrency-range "$x"); [[ "$mode" == rate ]] && range=(--request-rate-range "$x" --request-distribution poisson)
    timeout 40 "$NODE" "$BUNDLE" loadgen -u "$URL" -m base_cal_dyn "${range[@]}" -p 1500 --max-trials 4 -s 10 \
      --network loopback -q -f "$D/$name.csv" > "$D/$name.log" 2>&1
  elif [[ "$mode" == conc ]]; then
    timeout 40 "$PA" -m base_cal_dyn -u "$URL" -i grpc --concurrency-range "$x:$x:1" --max-threads "$th" -p 1500 \
      -f "$D/$name.csv" > "$D/$name.log" 2>&1
  else
    timeout 40 "$PA" -m base_cal_dyn -u "$URL" -i grpc --request-rate-range "$x:$x:1" --request-distribution poisson \
      --max-threads "$th" -p 1500 -f "$D/$name.csv" > "$D/$name.log" 2>&1
  fi
  rc=$?; t1=$(mono_ns); read -r c1 tot1 < <(cpu_ticks)
  if (( ${#pids[@]} )); then kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; fi
  local busy; busy=$(python3 -c "print(round($NCPU * ($c1 - $c0) / max(1, $tot1 - $tot0), 2))")
  echo "$name,base_cal_dyn,$mode,$x,$th,$t0,$t1,$rc,$busy" >> "$M"
  say "$name ($mode $x, threads $th, burners $burn) rc=$rc busy cores $busy"
}

if [[ "$PHASE" == H && -x "$PA" ]]; then
  # Load-generator interference (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec).
  # Every call on base_cal_dyn (delay 0, max batch 64, one instance) with its CLOCK_MONOTONIC span and the
  # host's busy CPU (cores, from /proc/stat) over the call in $RES/interference/manifest.csv; the execution
  # logs then give each call's execution durations and gaps by batch size (exec_interference.py).
  h_setup
  warm base_cal_dyn bert_base_i1
  say "warmed up ($NCPU CPUs)"
  h_run lg-c16-a conc 16 lg
  h_run pa-c16-t16-a conc 16 16
  h_run pa-c16-t4 conc 16 4
  h_run lg-r3800-a rate 3800 lg
  h_run pa-r3800-t64-a rate 3800 64
  h_run pa-r3800-t16 rate 3800 16
  h_run pa-r3800-t4 rate 3800 4
  h_run lg-r5400 rate 5400 lg
  h_run pa-r5400-t64 rate 5400 64
  h_run pa-r5400-t4 rate 5400 4
  h_run lg-r3800-burn8 rate 3800 lg 8
  h_run lg-c16-burn8 conc 16 lg 8
  h_run lg-c16-b conc 16 lg
  h_run pa-c16-t16-b conc 16 16
  h_run pa-r3800-t64-b rate 3800 64
  h_run lg-r3800-b rate 3800 lg
  pack
  stop_server "$D/exec-logs.tar.xz"
fi

if [[ "$PHASE" == G && -x "$PA" ]]; then
  # Speed against load, or against time? (FULL_SPEC=calibration/server/specs/campaign-base.json
  # FULL_EXEC_LOG=/tmp/exec) perf_analyzer's open loop on base_cal_dyn up and down a ladder of rates and
  # closed loop at 4 and 16 at both ends, each call logged as in phase H: if the executions at one size
  # slow down with the rate, the same rate on the way down runs as slowly as on the way up.
  h_setup
  warm base_cal_dyn bert_base_i1
  say "warmed up ($NCPU CPUs)"
  h_run pa-c4-a conc 4 16
  h_run pa-c16-a conc 16 16
  for x in 1000 2500 4000 5500; do h_run "pa-r$x-up" rate "$x" 64; done
  for x in 4000 2500 1000; do h_run "pa-r$x-down" rate "$x" 64; done
  h_run pa-r5500-again rate 5500 64
  h_run pa-r1000-again rate 1000 64
  h_run pa-c16-b conc 16 16
  h_run pa-c4-b conc 4 16
  h_run lg-c16 conc 16 lg
  h_run lg-r4000 rate 4000 lg
  pack
  stop_server "$D/exec-logs.tar.xz"
fi

if [[ "$PHASE" == DV && -x "$PA" ]]; then
  # Does the load set the GPU's clock? (FULL_SPEC=calibration/server/specs/campaign-base.json
  # FULL_EXEC_LOG=/tmp/exec) Phase G's calls on base_cal_dyn, but with low and high rates alternating (so a
  # trend in time cannot pass for an effect of the load), while nvidia-smi samples the SM clock, power,
  # utilisation and throttle reasons every 100 ms and the host's mean CPU MHz is sampled every 100 ms;
  # each call's wall-clock span goes to walltimes.csv beside the manifest.
  h_setup
  warm base_cal_dyn bert_base_i1
  say "warmed up ($NCPU CPUs)"
  nvidia-smi --query-gpu=timestamp,clocks.sm,clocks.mem,power.draw,utilization.gpu,pstate,clocks_throttle_reasons.active \
    --format=csv,noheader -lms 100 > "$D/smi.csv" 2>&1 & SMI=$!
  ( while :; do echo "$(date +%s.%N) $(awk '/^cpu MHz/{s+=$4;n++}END{if(n)printf "%.0f", s/n}' /proc/cpuinfo)"; sleep 0.1; done ) > "$D/cpu-mhz.log" 2>&1 & MHZ=$!
  echo "run,wall_start,wall_end" > "$D/walltimes.csv"
  dv() { local w0 w1; w0=$(date +%s.%N); h_run "$@"; w1=$(date +%s.%N); echo "$1,$w0,$w1" >> "$D/walltimes.csv"; }
  dv pa-c16-a conc 16 16
  i=0; for x in 1000 5500 2500 5500 1000 4000 1000 5500 2500; do i=$((i + 1)); dv "pa-r$x-$i" rate "$x" 64; done
  dv pa-c16-b conc 16 16
  dv pa-c1 conc 1 4
  kill "$SMI" "$MHZ" 2>/dev/null
  pack
  stop_server "$D/exec-logs.tar.xz"
fi

if [[ "$PHASE" == J ]]; then
  # The client's warm-up before the probes (FULL_SPEC=calibration/server/specs/campaign-base.json): servesim
  # calibrate, each time a fresh process, on bert_base_i1 at batch 1 and 2, without a client warm-up and with
  # the default one, twice each, alternating; the batch-1 probe's client send and network time tell whether
  # the first probe measured a cold client.
  warm bert_base_i1
  for pass in 1 2; do
    for w in 0 300; do
      say "calibrate bert_base_i1, client warm-up ${w} ms (pass $pass)"
      timeout 60 "$NODE" "$BUNDLE" calibrate -u "$URL" -m bert_base_i1 --batch-sizes 1,2 --windows 2 --window-ms 300 \
        --warmup-ms 200 --probe-requests 25 --probe-max-ms 2000 --client-warmup-ms "$w" --name "warmup-$w-$pass" \
        -o "$RES/profiles/warmup-$w-$pass.json" --raw "$RES/profiles/warmup-$w-$pass.raw.json" -q
      say "rc=$?"
    done
  done
  pack
fi

