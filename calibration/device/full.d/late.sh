# The load generators' own time and the host's cores (TI, CF, BP, VP, VS, AS, GL, RP), phase W, and the PyTriton
# server's phases S and B. Sourced by full.sh last; each block runs only for its own $PHASE.

if [[ "$PHASE" == TI && -x "$PA" ]]; then
  # Does a load generator's own time per request depend on how long it sat idle waiting for the response?
  # (FULL_SPEC=calibration/server/specs/tool-idle.json; claim in
  # calibration/device/runs/2026-11-27-h100-tool-idle/README.md, committed before the call.) Concurrency 1,
  # batch 1, on calibration-only models whose batcher delay sets the server time (base_cal_w0 ... w8000,
  # large_cal_w0 and w2000), each measured by servesim loadgen then perf_analyzer, -p 1500, the whole set
  # twice (passes a, b); then loadgen's open loop on base_cal_w0 at 125, 250 and 500/s (Poisson), twice.
  # Into $RES/ti: loadgen JSON/CSV, perf_analyzer CSVs and a manifest of the calls.
  TI="$RES/ti"; mkdir -p "$TI"; echo "run,tool,model,mode,level,pass,start_ns,end_ns,rc" > "$TI/manifest.csv"
  warm base_cal_w0 large_cal_w0
  ti_call() {  # ti_call <pa|lg> <model> <conc|rate> <level> <pass>
    local name="$1-$2-$3$4-$5"
    level_call "$TI/manifest.csv" "$name,$1,$2,$3,$4,$5" "$TI" "$name" "$1" "$2" "$3" "$4"
  }
  for pass in a b; do
    for m in base_cal_w0 base_cal_w500 base_cal_w1000 base_cal_w2000 base_cal_w4000 base_cal_w8000 large_cal_w0 large_cal_w2000; do
      ti_call lg "$m" conc 1 "$pass"
      ti_call pa "$m" conc 1 "$pass"
    done
    pack
  done
  for pass in a b; do
    for r in 125 250 500; do ti_call lg base_cal_w0 rate "$r" "$pass"; done
  done
  pack
fi

if [[ "$PHASE" == CF && -x "$PA" ]]; then
  # Is phase TI's idle-dependent cost the CPU's power state? (FULL_SPEC=calibration/server/specs/tool-idle.json;
  # claim in calibration/device/runs/2026-11-27-h100-cpu-idle/README.md, committed before the call.) servesim
  # loadgen at concurrency 1 on base_cal_w0, w2000 and w8000, each as always (plain), pinned to core 3 (pin),
  # and pinned there with a SCHED_IDLE busy loop on core 3 (spin: the core never halts), twice; then
  # perf_analyzer and loadgen on base_cal_w0 and w8000 without and with SCHED_IDLE busy loops on every core
  # (allspin: the server's threads never wait on a halted core either). Into $RES/cf: CSVs, loadgen JSONs,
  # the cores' idle-state counters around each call, the CPU's description, and a manifest.
  CF="$RES/cf"; mkdir -p "$CF"; echo "run,tool,variant,model,pass,start_ns,end_ns,rc" > "$CF/manifest.csv"
  KA=calibration/server/cpu_keepalive.py
  { lscpu; echo; nproc; for f in /sys/devices/system/cpu/cpufreq/policy0/scaling_{governor,driver,cur_freq,max_freq} \
      /sys/devices/system/cpu/cpuidle/current_{driver,governor} /sys/module/haltpoll/parameters/* \
      /sys/devices/system/cpu/cpu3/cpuidle/state*/{name,latency}; do [[ -r "$f" ]] && echo "$f: $(cat "$f")"; done
    grep -m4 MHz /proc/cpuinfo; } > "$CF/cpu.txt" 2>&1
  warm base_cal_w0 base_cal_w8000
  cf_call() {  # cf_call <pa|lg> <plain|pin|spin|allspin> <model> <pass>
    local tool="$1" v="$2" model="$3" pass="$4" name="$1-$2-$3-$4" PRE=() spinner=""
    if (( $(left) < 25 )); then say "time budget reached: skipping $name"; return; fi
    [[ "$v" == pin || "$v" == spin ]] && PRE=(python3 "$KA" pin --core 3 --)
    if [[ "$v" == spin ]]; then python3 "$KA" spin --cores 3 --seconds 60 > /dev/null & spinner=$!; sleep 0.3; fi
    python3 "$KA" cstates > "$CF/$name.cstates-before.json"
    level_call "$CF/manifest.csv" "$name,$tool,$v,$model,$pass" "$CF" "$name" "$tool" "$model" conc 1
    python3 "$KA" cstates > "$CF/$name.cstates-after.json"
    [[ -n "$spinner" ]] && { kill "$spinner" 2>/dev/null; wait "$spinner" 2>/dev/null; }
  }
  for pass in a b; do
    for m in base_cal_w0 base_cal_w2000 base_cal_w8000; do
      for v in plain spin pin; do cf_call lg "$v" "$m" "$pass"; done
    done
    pack
  done
  # (The committed call, 2026-11-27, named part 2's calls with the pass alone, so its plain loadgen calls
  # overwrote part 1's files for w0 and w8000; part 2's passes are now a2 and b2.)
  for pass in a2 b2; do
    for m in base_cal_w0 base_cal_w8000; do cf_call pa plain "$m" "$pass"; cf_call lg plain "$m" "$pass"; done
    python3 "$KA" spin --cores all --seconds 120 > /dev/null & ALLSPIN=$!; sleep 0.5
    for m in base_cal_w0 base_cal_w8000; do cf_call pa allspin "$m" "$pass"; cf_call lg allspin "$m" "$pass"; done
    kill "$ALLSPIN" 2>/dev/null; wait "$ALLSPIN" 2>/dev/null
    pack
  done
  pack
fi

if [[ "$PHASE" == BP && -x "$PA" ]]; then
  # Does a client that never sleeps escape phase TI's idle-dependent cost? (FULL_SPEC=calibration/server/specs/
  # tool-idle.json; claim in calibration/device/runs/2026-11-27-h100-busy-poll/README.md, committed before the
  # call.) servesim loadgen at concurrency 1 on base_cal_w0, w1000, w4000 and w8000, as always (plain) and with
  # --busy-poll (busy), in turn (pass a plain first, pass b busy first); then both at concurrency 4 and at
  # 500/s (Poisson) on base_cal_w0. Into $RES/bp: loadgen CSVs and JSONs, and a manifest.
  BP="$RES/bp"; mkdir -p "$BP"; echo "run,variant,model,mode,level,pass,start_ns,end_ns,rc" > "$BP/manifest.csv"
  warm base_cal_w0 base_cal_w8000
  bp_call() {  # bp_call <plain|busy> <model> <conc|rate> <level> <pass>
    local name="lg-$1-$2-$3$4-$5" LG_EXTRA=()
    [[ "$1" == busy ]] && LG_EXTRA=(--busy-poll)
    level_call "$BP/manifest.csv" "$name,$1,$2,$3,$4,$5" "$BP" "$name" lg "$2" "$3" "$4"
  }
  for pass in a b; do
    order=(plain busy); [[ "$pass" == b ]] && order=(busy plain)
    for lv in base_cal_w0:conc:1 base_cal_w1000:conc:1 base_cal_w4000:conc:1 base_cal_w8000:conc:1 base_cal_w0:conc:4 base_cal_w0:rate:500; do
      IFS=: read -r m mode x <<< "$lv"
      for v in "${order[@]}"; do bp_call "$v" "$m" "$mode" "$x" "$pass"; done
    done
    pack
  done
  pack
fi

if [[ ( "$PHASE" == VP || "$PHASE" == VP2 ) && -x "$PA" ]]; then
  # Phase V's campaign with the stubs apart (FULL_SPEC=calibration/server/specs/campaign-base.json
  # FULL_EXEC_LOG=/tmp/exec; claim in calibration/device/runs/2026-11-27-h100-stubs-apart/README.md, committed
  # before the call): once the server is up, every Python-backend stub process on the last 8 cores together, and
  # tritonserver and this shell — so every tool it starts: calibrate, loadgen, perf_analyzer — on the others
  # (calibration/server/cpu_keepalive.py place --mode apart --share 8 --pid); then BERT-Base calibrated and its
  # 39 levels measured on this start exactly as in phase V, the live runs named diag-* (diagnostics). VP2: the
  # same on another start with the stubs on the last 4 cores, so the front end and the tools keep 12 (claim in
  # calibration/device/runs/2026-11-27-h100-stubs-apart2/README.md).
  share=8; [[ "$PHASE" == VP2 ]] && share=4
  tag=$(echo "$PHASE" | tr A-Z a-z)
  rest=$(python3 calibration/server/cpu_keepalive.py place --mode apart --share $share --pid $$) || { say "place failed"; pack; exit 1; }
  say "stubs on the last $share cores; tritonserver and this call's tools on $rest"
  { lscpu -e; for p in $(pgrep -x tritonserver) $(pgrep -f triton_python_backend_stub); do
      echo "$p $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-60) $(grep Cpus_allowed_list /proc/$p/status)"; done
    grep Cpus_allowed_list /proc/$$/status; } > "$RES/logs/placement-$PHASE.txt" 2>&1
  VP_SPECS=${V_SPECS//-S:/-$tag:}
  onestart_bert_base "$tag" ${VP_SPECS//pa-base/diag-base}
  pack
fi

if [[ ( "$PHASE" == VS || "$PHASE" == VS2 ) && -x "$PA" ]]; then
  # Phase V's campaign with each step's stubs alone on a core (FULL_SPEC=calibration/server/specs/campaign-base.json
  # FULL_EXEC_LOG=/tmp/exec; claim in calibration/device/runs/2026-11-27-h100-stubs-own-core/README.md, committed
  # before the call): before each step (composition, the calibration sweep, perf_analyzer's overheads, each live
  # model) the stubs of the models it uses each alone on one of the last 7 cores, the other models' stubs parked
  # together on the core below, tritonserver and this shell on the rest (place_active); then BERT-Base calibrated
  # and its levels measured as in phase V, the live runs named diag-* (diagnostics). VS2: the same on another start
  # whose concurrency-1 check (host-check) shows no recurring host episodes (claim in …-stubs-own-core2/README.md).
  tag=$(echo "$PHASE" | tr A-Z a-z)
  lscpu -e > "$RES/logs/placement-$PHASE.txt" 2>&1
  # VS2 goes on only on a start whose check shows no recurring host episodes (a stalling start stops here)
  [[ "$PHASE" == VS2 ]] && stop_unless_quiet "$tag"
  PLACE_ACTIVE=7
  VS_SPECS=${V_SPECS//-S:/-$tag:}
  onestart_bert_base "$tag" ${VS_SPECS//pa-base/diag-base}
  unset PLACE_ACTIVE
  pack
fi

if [[ "$PHASE" == AS && -x "$PA" ]]; then
  # Phase V's campaign with no core halting (FULL_SPEC=calibration/server/specs/campaign-base.json
  # FULL_EXEC_LOG=/tmp/exec; claim in calibration/device/runs/2026-11-27-h100-allspin/README.md, committed
  # before the call): a SCHED_IDLE busy loop on every core (calibration/server/cpu_keepalive.py) from before
  # the warm-up to the end, then BERT-Base calibrated and validated on this start exactly as in phase V.
  python3 calibration/server/cpu_keepalive.py spin --cores all --seconds 900 > "$RES/logs/allspin.log" 2>&1 & ASPIN=$!
  sleep 0.5
  onestart_bert_base as ${V_SPECS//-S:/-as:}
  kill "$ASPIN" 2>/dev/null; wait "$ASPIN" 2>/dev/null
  pack
fi

if [[ ( "$PHASE" == GL || "$PHASE" == GL2 ) && -x "$PA" ]]; then
  # servesim loadgen's GC pauses, tested out of sample (FULL_SPEC=calibration/server/specs/campaign-base.json
  # FULL_EXEC_LOG=/tmp/exec; claim in calibration/device/runs/2026-11-26-h100-client-gc2/README.md, committed
  # before the call): BERT-Base calibrated on one start as in phase V (its composition run by loadgen now
  # records the client's GC pauses), then servesim loadgen, -p 1500, on five configurations, and
  # perf_analyzer at the same levels. Live runs into $RES/live (diagnostic: they stay out of calibration/live).
  # GL2: the same on another start (claim in calibration/device/runs/2026-11-26-h100-client-gc3/README.md).
  t=${PHASE,,}
  ONESTART_KEEP=1 onestart_bert_base "$t"
  for spec in lg-base-i1-conc-$t:bert_base_i1:conc:1,4,16 lg-base-d2000-i1-conc-$t:base_d2000_i1:conc:4,16 \
      lg-base-d0-i2-conc-$t:base_d0_i2:conc:4,16,64 lg-base-d500-i2-rate-$t:base_d500_i2:rate:2488,4975,7048 \
      lg-base-d100-i4-conc-$t:base_d100_i4:conc:4,16; do
    IFS=: read -r name m mode levels <<< "$spec"
    if (( $(left) < 60 )); then say "time budget reached: skipping $name"; continue; fi
    loadgen "$name" "$m" "$mode" "$levels" 1500
  done
  PA_P=1500 pa_specs pa-base-i1-conc-$t:bert_base_i1:conc:4,16 pa-base-d2000-i1-conc-$t:base_d2000_i1:conc:4,16 \
    pa-base-d0-i2-conc-$t:base_d0_i2:conc:16 pa-base-d500-i2-rate-$t:base_d500_i2:rate:4975
  stop_server "$RES/logs/exec-logs-$t.tar.xz"
fi

if [[ "$PHASE" == RP && -x "$PA" ]]; then
  # How repeatable is perf_analyzer within one server start? (FULL_SPEC=calibration/server/specs/campaign-base.json)
  # The same twelve levels twice, back to back (-p 1500, one call per level), into $RES/repeat: a
  # measurement-noise study, validated on its own (`servesim validate --live calibration/repeat-pa`).
  mkdir -p "$RES/repeat"
  warm base_d0_i1 base_d2000_i1 base_d0_i2 base_d500_i2 base_d100_i4
  for pass in a b; do
    LIVE_DIR="$RES/repeat" PA_P=1500 pa_specs pa-base-d0-i1-rate-$pass:base_d0_i1:rate:1896,3793,5373 \
      pa-base-d0-i1-conc-$pass:base_d0_i1:conc:4,16 pa-base-d2000-i1-conc-$pass:base_d2000_i1:conc:4,16 \
      pa-base-d0-i2-conc-$pass:base_d0_i2:conc:16,64 pa-base-d500-i2-rate-$pass:base_d500_i2:rate:2488,4975 \
      pa-base-d100-i4-conc-$pass:base_d100_i4:conc:16
  done
fi

if [[ "$PHASE" == W && -x "$PA" ]]; then
  # BERT-Large on one server start (FULL_SPEC=calibration/server/specs/campaign-large.json FULL_EXEC_LOG=/tmp/exec).
  onestart_bert_large w \
    pa-large-d0-i1-rate-w:large_d0_i1:rate:383,765,1084 pa-large-d0-i1-conc-w:large_d0_i1:conc:1,4,16,32 \
    pa-large-d1000-i1-rate-w:large_d1000_i1:rate:384,768,1088 pa-large-d500-i2-conc-w:large_d500_i2:conc:1,4,16,32 \
    pa-large-d5000-i1-conc-w:large_d5000_i1:conc:2,4,8,16 pa-large-d100-i2-rate-w:large_d100_i2:rate:373,746,1056 \
    pa-large-i1-conc-w:bert_large_i1:conc:1,4,8 pa-large-i2-conc-w:bert_large_i2:conc:1,4,16
fi

while read -r phase run model mode levels p; do
  [[ -z "${phase:-}" || "$phase" == \#* || "$phase" != "$PHASE" ]] && continue
  if (( $(left) < 40 )); then say "time budget reached: skipping $run"; continue; fi
  # comma lists become loadgen's range syntax one level at a time
  loadgen "$run" "$model" "$mode" "$levels" "${p:-500}"
done < "$RUNS"

if [[ "$PHASE" == S && -x "$PA" ]]; then
  for model in base_d0_i1 large_d0_i1; do
    if (( $(left) < 50 )); then say "time budget reached: skipping cross-check $model"; continue; fi
    say "cross-check $model: perf_analyzer and servesim loadgen, -p 1000, concurrency 1:17:8"
    timeout 60 "$PA" -m "$model" -u "$URL" -i grpc --concurrency-range 1:17:8 -p 1000 -f "$RES/live/xc-$model-pa.csv" > "$RES/logs/pa-$model.log" 2>&1
    say "perf_analyzer rc=$?"
    pa_json "$model" "$RES/live/xc-$model-pa.json" "1:17:8" 1000
    loadgen "xc-$model-loadgen" "$model" conc 1:17:8 1000
  done
fi

if [[ "$PHASE" == B && -x "$PA" ]]; then
  for model in base_d0_i1 base_d2000_i1 large_d0_i1; do
    if (( $(left) < 45 )); then say "time budget reached: skipping cross-check $model"; continue; fi
    say "cross-check $model: perf_analyzer and servesim loadgen, -p 1000, concurrency 1:17:8"
    timeout 60 "$PA" -m "$model" -u "$URL" -i grpc --concurrency-range 1:17:8 -p 1000 -f "$RES/live/xc-$model-pa.csv" > "$RES/logs/pa-$model.log" 2>&1
    pa_json "$model" "$RES/live/xc-$model-pa.json" "1:17:8" 1000
    loadgen "xc-$model-loadgen" "$model" conc 1:17:8 1000
  done
fi
if [[ "$PHASE" == S ]]; then
  # A second calibration pass on another server start, when time is left (pooled with R's: drift).
  for pair in "h100-bert-base-seq128-fp16:BERT-Base seq 128 FP16:128:1,2,4,8,16,32,64:bert_base" \
              "h100-bert-large-seq384-fp16:BERT-Large seq 384 FP16:384:1,2,4,8,16,32:bert_large"; do
    IFS=: read -r name label seq sizes pre <<< "$pair"
    if (( $(left) < 75 )); then say "time budget reached: no second pass of $name"; continue; fi
    calibrate "$name.pass2" "$label" "$seq" "$sizes" "${pre}_i1" "${pre}_i2" "${pre}_i4"
  done
fi

if [[ "$PHASE" =~ ^TA2?$ && -x "$PA" ]]; then
  # How repeatable is one composition run's turnaround on one start? (session 32; FULL_SPEC=calibration/server/specs/
  # turnaround-repeat.json FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-27-h100-turnaround-
  # repeat/README.md.) The calibration-only model base_cal_dyn alone: servesim loadgen's composition run (as in every
  # one-start calibration) four times and perf_analyzer's tool run twice, alternating c1 p1 c2 c3 p2 c4, 3 s apart so
  # its execution log splits into the six runs. TA2: the same on another start.
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  warm base_cal_dyn
  ta_pa() { tool_run base_cal_dyn 1:33:8 "client-pa-$tag-$1"; pack; }  # ta_pa <k>: the tool run into client-pa-$tag-<k>
  sleep 3; composition base_cal_dyn 1,2,4,8,16,32,64,96 "composition-$tag-1"
  sleep 3; ta_pa 1
  sleep 3; composition base_cal_dyn 1,2,4,8,16,32,64,96 "composition-$tag-2"
  sleep 3; composition base_cal_dyn 1,2,4,8,16,32,64,96 "composition-$tag-3"
  sleep 3; ta_pa 2
  sleep 3; composition base_cal_dyn 1,2,4,8,16,32,64,96 "composition-$tag-4"
  stop_server "$RES/logs/exec-logs-$tag.tar.xz"
fi
