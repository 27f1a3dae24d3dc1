# Phases with execution logs per level (logged_levels) and the split probes: BW, BL, BL2, SQ, TG, RS, LS, LS2, GS, GSL, GSP, TX, ND, EW, EW2, EW3, OV, OV2, OV3, OV4, FL, FL2,
# FL3, FL4, TD, V99, V99B and GC. Sourced by full.sh in order; each block runs only for its own $PHASE.

logged_run() {  # logged_run <results folder> <tag> <models to warm, comma-separated> <command> [<arg> ...]: the models
  # warmed, the command's levels into $RES/<results folder> (as $D) with their manifest, then the server stopped and its
  # execution logs packed as exec-logs-<tag>.tar.xz
  D="$RES/$1"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm ${3//,/ }
  "${@:4}"
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-$2.tar.xz"
  pack
}

pa_specs_in_d() { LIVE_DIR="$D" PA_P=1500 pa_specs "$@"; }  # pa_specs (-p 1500) into logged_run's folder

logged_levels() {  # logged_levels <results folder> <tag> <models to warm, comma-separated> <name>:<model>:<conc|rate>:<levels> ...:
  # perf_analyzer's levels (-p 1500) by logged_run (phases LS, LS2 and BW)
  logged_run "$1" "$2" "$3" pa_specs_in_d "${@:4}"
}

if [[ "$PHASE" == BW && -x "$PA" ]]; then
  # Does Triton's batcher wake when an instance finishes, without prefetch? (FULL_SPEC=calibration/server/specs/
  # campaign-base.json FULL_EXEC_LOG=/tmp/exec; claim in calibration/device/runs/2026-11-27-h100-batcher-wake/
  # README.md, committed before the call) base_prio_i1 (priority levels: no prefetch; max_batch_size 8, 500 µs)
  # by perf_analyzer's closed loop at concurrency 2, 4 and 8 (-p 1500), every execution logged: its requests per
  # execution tell whether a freed instance takes the waiting request at once or at the next arrival.
  logged_levels batcher-wake bw base_prio_i1 bw:base_prio_i1:conc:2,4,8
fi

if [[ "$PHASE" == BL && -x "$PA" ]]; then
  # How late the dynamic batcher wakes after its queue delay (session 35; FULL_SPEC=calibration/server/specs/batcher-late.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-27-h100-batcher-late/README.md): one-instance
  # calibration-only models with delays 0, 200, 1000 and 4000 µs, perf_analyzer at concurrency 1 (-p 1500), the four
  # interleaved and measured twice, so that a drift in time cannot pass for an effect of the delay.
  logged_levels batcher-late bl base_cal_dyn,base_cal_d200,base_cal_d1000,base_cal_d4000 \
    bl-d0-a:base_cal_dyn:conc:1 bl-d200-a:base_cal_d200:conc:1 bl-d1000-a:base_cal_d1000:conc:1 bl-d4000-a:base_cal_d4000:conc:1 \
    bl-d0-b:base_cal_dyn:conc:1 bl-d200-b:base_cal_d200:conc:1 bl-d1000-b:base_cal_d1000:conc:1 bl-d4000-b:base_cal_d4000:conc:1
fi

if [[ "$PHASE" == SQ && -x "$PA" ]]; then
  # Does the batcher's scan come on top of the probes' queue time? (session 42; run kind nvidia-h200; FULL_SPEC=
  # calibration/server/specs/scan-in-queue.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-28-h200-scan-in-queue/README.md): bert_base_i1 (no dynamic batching) and base_cal_dyn
  # (delay 0) at concurrency 1 (-p 1500), alternating, four passes, on one start.
  logged_levels scan-in-queue sq bert_base_i1,base_cal_dyn \
    sq-def-a:bert_base_i1:conc:1 sq-dyn-a:base_cal_dyn:conc:1 sq-def-b:bert_base_i1:conc:1 sq-dyn-b:base_cal_dyn:conc:1 \
    sq-def-c:bert_base_i1:conc:1 sq-dyn-c:base_cal_dyn:conc:1 sq-def-d:bert_base_i1:conc:1 sq-dyn-d:base_cal_dyn:conc:1
fi

if [[ "$PHASE" == BL2 && -x "$PA" ]]; then
  # Phase BL on another start (session 35; FULL_SPEC=calibration/server/specs/batcher-late2.json FULL_EXEC_LOG=/tmp/exec;
  # claims frozen in calibration/device/runs/2026-11-27-h100-batcher-late2/README.md), with a two-instance model at
  # 1000 µs after each pass.
  logged_levels batcher-late bl base_cal_dyn,base_cal_d200,base_cal_d1000,base_cal_d4000,base_cal_d1000_i2 \
    bl-d0-a:base_cal_dyn:conc:1 bl-d200-a:base_cal_d200:conc:1 bl-d1000-a:base_cal_d1000:conc:1 bl-d4000-a:base_cal_d4000:conc:1 \
    i2-d1000-a:base_cal_d1000_i2:conc:1 \
    bl-d0-b:base_cal_dyn:conc:1 bl-d200-b:base_cal_d200:conc:1 bl-d1000-b:base_cal_d1000:conc:1 bl-d4000-b:base_cal_d4000:conc:1 \
    i2-d1000-b:base_cal_d1000_i2:conc:1
fi

if [[ "$PHASE" == LS && -x "$PA" ]]; then
  # Load against speed (FULL_SPEC=calibration/server/specs/load-speed.json FULL_EXEC_LOG=/tmp/exec): do executions of
  # equal request count run longer when the open-loop rate is higher? base_d100_i1 at 1900, 5400, 3800, 1900, 5400,
  # 3800, 1900, 5400/s, base_d0_i1 at 5400, 1900, 3800, 5400, 1900/s and base_d500_i1 at 1900, 5400, 3800, 1900,
  # 5400/s (-p 1500, one call each; the rates differ by 1/s so that every call keeps its own CSV), interleaved so
  # that a drift in time cannot pass for an effect of the rate; bert_base_i1 at concurrency 1 before, between and
  # after. Frozen claim and analysis: calibration/device/runs/2026-11-26-h100-load-speed/README.md. Diagnostics:
  # nothing goes to calibration/live.
  logged_levels load-speed ls bert_base_i1,base_d100_i1,base_d0_i1,base_d500_i1 ls-c1-a:bert_base_i1:conc:1 ls-d100:base_d100_i1:rate:1900,5400,3800,1901,5401,3801,1902,5402 \
    ls-c1-b:bert_base_i1:conc:1 ls-d0:base_d0_i1:rate:5400,1900,3800,5401,1901 ls-d500:base_d500_i1:rate:1900,5400,3800,1901,5401 \
    ls-c1-c:bert_base_i1:conc:1
fi

if [[ "$PHASE" == LS2 && -x "$PA" ]]; then
  # Phase LS again at rates a slow start carries (FULL_SPEC=calibration/server/specs/load-speed.json
  # FULL_EXEC_LOG=/tmp/exec): 1900/s against 3800/s, three of each per model, alternating (d500 beginning high),
  # bert_base_i1 at concurrency 1 before, between and after. Frozen claim:
  # calibration/device/runs/2026-11-26-h100-load-speed2/README.md. Diagnostics only.
  logged_levels load-speed2 ls2 bert_base_i1,base_d100_i1,base_d0_i1,base_d500_i1 ls2-c1-a:bert_base_i1:conc:1 ls2-d100:base_d100_i1:rate:1900,3800,1901,3801,1902,3802 \
    ls2-d500:base_d500_i1:rate:3800,1900,3801,1901,3802,1902 ls2-c1-b:bert_base_i1:conc:1 \
    ls2-d0:base_d0_i1:rate:1900,3800,1901,3801,1902,3802 ls2-c1-c:bert_base_i1:conc:1
fi

split_probes() {  # split_probes <one-instance model> <two-instance model>: phases GS and GSL's probes into $D, at
  # batch 1, 4 and 16: the first at concurrency 1 (gs-i1-b<b>), the second at 1 and 4 (gs-i2-b<b>), -p 1000
  for b in 1 4 16; do
    LIVE_DIR="$D" PA_P=1000 PA_B=$b pa_levels "gs-i1-b$b" "$1" conc 1
    LIVE_DIR="$D" PA_P=1000 PA_B=$b pa_levels "gs-i2-b$b" "$2" conc 1,4
  done
}

if [[ "$PHASE" == GS && -x "$PA" ]]; then
  # GPU or host (FULL_SPEC=calibration/server/specs/gpu-split.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1):
  # every execution also logs its GPU time (CUDA events) and when its work was issued and synchronised
  # (triton_model.py's servesim_exec_split). First bert_base_i1 at concurrency 1 and bert_base_i2 at 1 and 4,
  # each at batch 1, 4 and 16 (-p 1000); then LS2's open-loop levels. Frozen claim and analysis:
  # calibration/device/runs/2026-11-27-h100-gpu-split/README.md. Diagnostics only.
  D="$RES/gpu-split"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm bert_base_i1 bert_base_i2 base_d100_i1 base_d0_i1 base_d500_i1
  split_probes bert_base_i1 bert_base_i2
  LIVE_DIR="$D" PA_P=1500 pa_specs gs-c1-a:bert_base_i1:conc:1 gs-d100:base_d100_i1:rate:1900,3800,1901,3801,1902,3802 \
    gs-d500:base_d500_i1:rate:3800,1900,3801,1901,3802,1902 gs-c1-b:bert_base_i1:conc:1 \
    gs-d0:base_d0_i1:rate:1900,3800,1901,3801,1902,3802 gs-c1-c:bert_base_i1:conc:1
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-gs.tar.xz"
  pack
fi

if [[ "$PHASE" == GSL && -x "$PA" ]]; then
  # Phase GS's probes on BERT-Large (FULL_SPEC=calibration/server/specs/gpu-split-large.json FULL_EXEC_LOG=/tmp/exec
  # FULL_EXEC_SPLIT=1): bert_large_i1 at concurrency 1 (gs-c1-a), bert_large_i1 at 1 and bert_large_i2 at 1 and 4 at
  # batch 1, 4 and 16, bert_large_i1 at 1 again (gs-c1-b). Frozen claim:
  # calibration/device/runs/2026-11-27-h100-gpu-split-large/README.md. Diagnostics only.
  D="$RES/gpu-split-large"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm bert_large_i1 bert_large_i2
  LIVE_DIR="$D" PA_P=1000 pa_levels gs-c1-a bert_large_i1 conc 1
  split_probes bert_large_i1 bert_large_i2
  LIVE_DIR="$D" PA_P=1000 pa_levels gs-c1-b bert_large_i1 conc 1
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-gsl.tar.xz"
  pack
fi

if [[ "$PHASE" == GSP && -x "$PA" ]]; then
  # Does a stub alone on its core escape the load? (FULL_SPEC=calibration/server/specs/gpu-split.json
  # FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) Each level in one of two placements, switched between levels on
  # the running server (calibration/server/cpu_keepalive.py place): all (every thread of tritonserver and of the
  # stubs on every core, perf_analyzer too, as in every other phase) and apart (each stub process alone on one of
  # the last cores, tritonserver and perf_analyzer on the cores left). bert_base_i1 at concurrency 1 in both,
  # then base_d500_i1 and base_d100_i1 at 1900 and 3800/s in the order all, all, apart, apart, apart, apart, all,
  # all (low, high, low, high, high, low, high, low), then concurrency 1 again. Frozen claim:
  # calibration/device/runs/2026-11-27-h100-gpu-split-pin/README.md. Diagnostics only.
  D="$RES/gpu-split-pin"; mkdir -p "$D"
  M="$D/manifest.csv"; echo "run,model,mode,level,batch,start_ns,end_ns,rc" > "$M"
  KA=calibration/server/cpu_keepalive.py
  { lscpu; lscpu -e; } > "$D/cpu.txt" 2>&1
  warm bert_base_i1 base_d500_i1 base_d100_i1
  gsp() {  # gsp <all|apart> <tag> <model> <conc|rate> <level>: place the server, then one perf_analyzer level
    local rest PRE=()
    rest=$(python3 "$KA" place --mode "$1") || { say "place $1 failed"; return; }
    [[ "$1" == apart ]] && PRE=(python3 "$KA" pin --cores "$rest" --)
    level_call "$M" "$1-$2,$3,$4,$5,1" "$D" "$1-$2-$5" pa "$3" "$4" "$5"
  }
  gsp all c1-a bert_base_i1 conc 1; gsp apart c1-a bert_base_i1 conc 1
  for m in d500:base_d500_i1 d100:base_d100_i1; do
    IFS=: read -r tag model <<< "$m"
    gsp all "$tag" "$model" rate 1900; gsp all "$tag" "$model" rate 3800
    gsp apart "$tag" "$model" rate 1900; gsp apart "$tag" "$model" rate 3800
    gsp apart "$tag" "$model" rate 3801; gsp apart "$tag" "$model" rate 1901
    gsp all "$tag" "$model" rate 3801; gsp all "$tag" "$model" rate 1901
  done
  gsp apart c1-b bert_base_i1 conc 1; gsp all c1-b bert_base_i1 conc 1
  python3 "$KA" place --mode all > /dev/null
  stop_server "$D/exec-logs-gsp.tar.xz"
  pack
fi

if [[ "$PHASE" == TX && -x "$PA" ]]; then
  # Triton's trace against the instances' own logs (FULL_SPEC=calibration/server/specs/trace-log.json
  # FULL_TRACE=/tmp/trace/t.json FULL_EXEC_LOG=/tmp/exec): bert_base_i1 at concurrency 1 and base_cal_dyn (dynamic
  # batching, one instance) at concurrency 8, -b 1, -p 2000, every request traced and every execution logged,
  # so that the executions read from the trace (src/calibrate/trace-executions.ts) can be checked against the
  # stubs' logs. Diagnostics: nothing goes to calibration/live.
  D="$RES/tracelog"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm bert_base_i1 base_cal_dyn
  LIVE_DIR="$D" PA_P=2000 pa_levels tx-c1 bert_base_i1 conc 1
  LIVE_DIR="$D" PA_P=2000 pa_levels tx-dyn-c8 base_cal_dyn conc 8
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-tx.tar.xz"
  python3 calibration/server/trace_reduce.py --out "$D/requests.csv.xz" "$FULL_TRACE.*" "$FULL_TRACE"
  # a few of Triton's own trace files (2000 traces each), for the raw-JSON reader
  (cd "$(dirname "$FULL_TRACE")" && tar cJf "$D/traces-tx.tar.xz" $(ls | sort -V | sed -n '2,6p')) && say "traces: $(du -sh "$D/traces-tx.tar.xz" | cut -f1)"
  pack
fi

if [[ "$PHASE" == ND && -x "$PA" ]]; then
  # How perf_analyzer's network time drifts, on a new start (session 36; FULL_SPEC=calibration/server/specs/network-drift.json
  # FULL_TRACE=/tmp/trace/t.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-28-h100-network-drift/README.md): every request traced, -p 2000; bert_base_i1 at
  # one client (-b 1, then -b 4), base_cal_dyn at eight, base_cal_d400_i4 at four and base_cal_d200_i3 at three
  # (one client per instance), bert_base_i1 at one client again. Diagnostics: nothing goes to calibration/live.
  D="$RES/network-drift"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm bert_base_i1 base_cal_dyn base_cal_d400_i4 base_cal_d200_i3
  LIVE_DIR="$D" PA_P=2000 pa_levels nd-c1-a bert_base_i1 conc 1
  LIVE_DIR="$D" PA_P=2000 PA_B=4 pa_levels nd-c1-b4 bert_base_i1 conc 1
  LIVE_DIR="$D" PA_P=2000 pa_levels nd-dyn-c8 base_cal_dyn conc 8
  LIVE_DIR="$D" PA_P=2000 pa_levels nd-i4-c4 base_cal_d400_i4 conc 4
  LIVE_DIR="$D" PA_P=2000 pa_levels nd-i3-c3 base_cal_d200_i3 conc 3
  LIVE_DIR="$D" PA_P=2000 pa_levels nd-c1-c bert_base_i1 conc 1
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-nd.tar.xz"
  python3 calibration/server/trace_reduce.py --out "$D/requests.csv.xz" "$FULL_TRACE.*" "$FULL_TRACE"
  pack
fi

if [[ "$PHASE" == EW && -x "$PA" ]]; then
  # Does Triton's batcher wake when an execution returns and grow the payload waiting for the instance? (session 41;
  # FULL_SPEC=calibration/server/specs/exec-wake.json FULL_TRACE=/tmp/trace/t.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-28-h200-exec-wake/README.md): every request traced, -p 2000; base_cal_d200_i1 at 4, 8
  # and 16 clients and at 1870, 3430 and 4990/s (Poisson), base_cal_d1000_i1 at 8 clients. Diagnostics: nothing goes to
  # calibration/live; `node scripts/exec-wake-check.mjs DIR` reads them.
  ew_levels() {
    local x
    for x in 4 8 16; do LIVE_DIR="$D" PA_P=2000 pa_levels "ew-c$x" base_cal_d200_i1 conc "$x"; done
    LIVE_DIR="$D" PA_P=2000 pa_levels ew-d1000-c8 base_cal_d1000_i1 conc 8
    for x in 1870 3430 4990; do LIVE_DIR="$D" PA_P=2000 pa_levels "ew-r$x" base_cal_d200_i1 rate "$x"; done
  }
  logged_run exec-wake ew base_cal_d200_i1,base_cal_d1000_i1 ew_levels
  python3 calibration/server/trace_reduce.py --out "$D/requests.csv.xz" "$FULL_TRACE.*" "$FULL_TRACE"
  pack
fi

ew_more_levels() {  # ew_more_levels <Poisson rates, comma-separated>: phase EW's levels after its crash — those rates on
  # base_cal_d200_i1, then base_cal_d1000_i1 at 8 clients and base_cal_d200_i1 at 16 (phases EW2 and EW3)
  local x
  for x in ${1//,/ }; do LIVE_DIR="$D" PA_P=2000 pa_levels "ew-r$x" base_cal_d200_i1 rate "$x"; done
  LIVE_DIR="$D" PA_P=2000 pa_levels ew-d1000-c8 base_cal_d1000_i1 conc 8
  LIVE_DIR="$D" PA_P=2000 pa_levels ew-c16 base_cal_d200_i1 conc 16
}

if [[ "$PHASE" == EW2 && -x "$PA" ]]; then
  # Phase EW's levels that its call did not measure (Triton crashed, signal 11, as ew-c16 began): the three Poisson rates
  # first (same spec, trace and claims; session 41).
  logged_run exec-wake2 ew2 base_cal_d200_i1,base_cal_d1000_i1 ew_more_levels 1870,3430,4990
  python3 calibration/server/trace_reduce.py --out "$D/requests.csv.xz" "$FULL_TRACE.*" "$FULL_TRACE"
  pack
fi

if [[ "$PHASE" == EW3 && -x "$PA" ]]; then
  # Phase EW2's levels after ew-r1870 once more, untraced (FULL_TRACE unset; Triton crashed in all three traced starts):
  # the executions' sizes come from the stub's execution logs (calibration/server/exec_cut.py's records; session 41).
  logged_run exec-wake3 ew3 base_cal_d200_i1,base_cal_d1000_i1 ew_more_levels 3430,4990
fi

if [[ "$PHASE" == FL && -x "$PA" ]]; then
  # A fresh test for BERT-Large (FULL_SPEC=calibration/server/specs/campaign-fresh-large.json FULL_EXEC_LOG=/tmp/exec)
  # of the model frozen since F3: BERT-Large calibrated on one start as in phase W, then perf_analyzer on three
  # never-measured configurations (about 30, 55 and 80 % of the built-in profile's predicted saturated
  # throughput) and plan's pick at 600/s (p99 <= 20 ms), 850/s and its claimed 999/s.
  onestart_bert_large fl \
    pa-large-m8p48d5000-i4-rate-fl:large_m8p48d5000_i4:rate:370,680,985 pa-large-m8p48d5000-i4-conc-fl:large_m8p48d5000_i4:conc:4,24 \
    pa-large-m32d2000-i2-rate-fl:large_m32d2000_i2:rate:390,710,1040 pa-large-m32d2000-i2-conc-fl:large_m32d2000_i2:conc:4,32 \
    pa-large-m4d0-i3-rate-fl:large_m4d0_i3:rate:335,615,895 pa-large-m4d0-i3-conc-fl:large_m4d0_i3:conc:3,12 \
    pa-large-m16p16d0-i1-rate-fl:large_m16p16d0_i1:rate:600,850,999
fi

if [[ "$PHASE" == FL2 && -x "$PA" ]]; then
  # BERT-Large's second fresh test (FULL_SPEC=calibration/server/specs/campaign-fresh-large2.json
  # FULL_EXEC_LOG=/tmp/exec), the model as in FL: three more never-measured configurations and plan's pick for
  # p99 <= 50 ms at 900/s (at 900/s and its claimed 1158/s).
  onestart_bert_large fl2 \
    pa-large-m16p816d500-i2-rate-fl2:large_m16p816d500_i2:rate:380,700,1015 pa-large-m16p816d500-i2-conc-fl2:large_m16p816d500_i2:conc:4,24 \
    pa-large-m32d300-i1-rate-fl2:large_m32d300_i1:rate:390,710,1035 pa-large-m32d300-i1-conc-fl2:large_m32d300_i1:conc:2,16 \
    pa-large-m2d0-i4-rate-fl2:large_m2d0_i4:rate:225,410,600 pa-large-m2d0-i4-conc-fl2:large_m2d0_i4:conc:4,8 \
    pa-large-m8p8d0-i1-rate-fl2:large_m8p8d0_i1:rate:900,1158
fi

if [[ "$PHASE" =~ ^FL[34]$ && -x "$PA" ]]; then
  # BERT-Large's third fresh test (session 31; FULL_SPEC=calibration/server/specs/campaign-fresh-large3.json
  # FULL_EXEC_LOG=/tmp/exec), the model as frozen since step 15: three more never-measured configurations and plan's
  # pick for p99 <= 15 ms at 500/s (at 500/s and its claimed 880/s). FL4: the same on another start. Claims:
  # calibration/device/runs/2026-11-27-h100-fresh-large3/ and -fresh-large4/.
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  onestart_bert_large "$tag" \
    "pa-large-m24d200-i3-rate-$tag:large_m24d200_i3:rate:385,710,1030" "pa-large-m24d200-i3-conc-$tag:large_m24d200_i3:conc:3,24" \
    "pa-large-m32p1632d1000-i2-rate-$tag:large_m32p1632d1000_i2:rate:390,715,1040" "pa-large-m32p1632d1000-i2-conc-$tag:large_m32p1632d1000_i2:conc:4,32" \
    "pa-large-m8d2000-i1-rate-$tag:large_m8d2000_i1:rate:360,665,965" "pa-large-m8d2000-i1-conc-$tag:large_m8d2000_i1:conc:2,16" \
    "pa-large-m8p48d0-i1-rate-$tag:large_m8p48d0_i1:rate:500,880"
fi

if [[ "$PHASE" == FL5 && -x "$PA" ]]; then
  # BERT-Large's fresh test of step 21 (session 33; FULL_SPEC=calibration/server/specs/campaign-fresh-large5.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-27-h100-fresh-large5/README.md): three
  # never-measured configurations on four, three and two instances, open loop at about 30, 55 and 80 % of the built-in
  # BERT-Large profile's predicted saturated throughput and closed loop at one and eight clients per instance.
  onestart_bert_large fl5 \
    pa-large-m16d300-i4-rate-fl5:large_m16d300_i4:rate:380,695,1015 pa-large-m16d300-i4-conc-fl5:large_m16d300_i4:conc:4,32 \
    pa-large-m8p8d100-i3-rate-fl5:large_m8p8d100_i3:rate:370,680,990 pa-large-m8p8d100-i3-conc-fl5:large_m8p8d100_i3:conc:3,24 \
    pa-large-m24d500-i2-rate-fl5:large_m24d500_i2:rate:390,715,1040 pa-large-m24d500-i2-conc-fl5:large_m24d500_i2:conc:2,16
fi

if [[ "$PHASE" == FL6 && -x "$PA" ]]; then
  # BERT-Large's fresh test of step 24, the GPU's time slice (session 34; FULL_SPEC=calibration/server/specs/campaign-fresh-large6.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-27-h100-fresh-large6/README.md): three never-measured
  # configurations on three, two and four instances, open loop at about 30, 55 and 80 % of the built-in BERT-Large profile's
  # predicted saturated throughput and closed loop at one and eight clients per instance.
  onestart_bert_large fl6 \
    pa-large-m32d1000-i3-rate-fl6:large_m32d1000_i3:rate:385,700,1020 pa-large-m32d1000-i3-conc-fl6:large_m32d1000_i3:conc:3,24 \
    pa-large-m16p16d200-i2-rate-fl6:large_m16p16d200_i2:rate:380,700,1015 pa-large-m16p16d200-i2-conc-fl6:large_m16p16d200_i2:conc:2,16 \
    pa-large-m12d400-i4-rate-fl6:large_m12d400_i4:rate:370,680,990 pa-large-m12d400-i4-conc-fl6:large_m12d400_i4:conc:4,32
fi

# Phase FL7's levels (BERT-Large, session 35), measured again by phase HL on an H200: run names end in -S.
FL7_SPECS="pa-large-m8p4d4000-i4-rate-S:large_m8p4d4000_i4:rate:365,670,975 pa-large-m8p4d4000-i4-conc-S:large_m8p4d4000_i4:conc:1,4,32
  pa-large-m16d200-i3-rate-S:large_m16d200_i3:rate:380,697,1014 pa-large-m16d200-i3-conc-S:large_m16d200_i3:conc:1,3,24
  pa-large-m4d600-i2-rate-S:large_m4d600_i2:rate:339,622,905 pa-large-m4d600-i2-conc-S:large_m4d600_i2:conc:1,2,16"

if [[ "$PHASE" == FL7 && -x "$PA" ]]; then
  # BERT-Large's fresh test of step 26, the idle factor keyed on the GPU's idle time (session 35; FULL_SPEC=
  # calibration/server/specs/campaign-fresh-large7.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-27-h100-fresh-large7/README.md): three never-measured configurations on four, three
  # and two instances, closed loop at one client, one per instance and eight per instance, open loop at about 30, 55 and
  # 80 % of the built-in BERT-Large profile's predicted saturated throughput.
  onestart_bert_large fl7 ${FL7_SPECS//-S:/-fl7:}
fi

if [[ "$PHASE" == HL && -x "$PA" ]]; then
  # Phase FL7's configurations and levels on an H200 start (session 40; run kind nvidia-h200; FULL_SPEC=
  # calibration/server/specs/campaign-fresh-large7.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-28-h200-fresh-large7/README.md): BERT-Large on the H200, and its two-instance sweep
  # for the H200's time slice.
  onestart_bert_large hl ${FL7_SPECS//-S:/-hl:}
fi

if [[ "$PHASE" == TD && -x "$PA" ]]; then
  # Traced GT configurations (FULL_SPEC=calibration/server/specs/campaign-turns.json FULL_TRACE=/tmp/trace/t.json
  # FULL_EXEC_LOG=/tmp/exec): when do requests arrive and executions start where the model and the server
  # disagree? base_d200_i4 at concurrency 4 (the server merges requests that waited longer than the 200 µs
  # delay), base_d0_i3 at 48 and base_d0_i2 at 16 (unequal batches keep circulating). Diagnostics: tracing
  # costs the server a little per request, so these runs stay out of calibration/live.
  new_manifest "$RES/traces/manifest.csv"; export LIVE_DIR="$RES/traces" PA_P=2000
  warm base_d200_i4 base_d0_i3 base_d0_i2
  pa_specs trace-d200-i4:base_d200_i4:conc:4,16 trace-d0-i3:base_d0_i3:conc:12,48 trace-d0-i2:base_d0_i2:conc:16
  unset TRACE_MANIFEST LIVE_DIR PA_P
  stop_server "$RES/traces/exec-logs.tar.xz"
  python3 calibration/server/trace_reduce.py --out "$RES/traces/requests.csv.xz" "$FULL_TRACE.*" "$FULL_TRACE"
  say "trace reduce rc=$?"
  pack
fi

if [[ "$PHASE" == V99 && -x "$PA" ]]; then
  # BERT-Base calibrated and validated on one server start, perf_analyzer judging stability on the p99
  # latency (--percentile=99) over 3 s windows, so a level's tail counts only when three windows agree on
  # it within 10 % (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec). The
  # server stays up: phase V99B, called next on the same warm machine, measures every level again.
  ONESTART_KEEP=1 ONESTART_P=3000 ONESTART_PA_EXTRA=--percentile=99 onestart_bert_base p99 \
    ${V99_SPECS//-S:/-p99:}
fi

if [[ "$PHASE" == V99B && -x "$PA" ]]; then
  # The same levels again on the same start (into $RES/repeat): how repeatable is a p99-stable tail?
  mkdir -p "$RES/repeat"
  LIVE_DIR="$RES/repeat" PA_P=3000 PA_EXTRA=--percentile=99 pa_specs ${V99_SPECS//-S:/-p99b:}
  stop_server "$RES/logs/exec-logs-p99.tar.xz"
fi

if [[ "$PHASE" == GC && -x "$PA" ]]; then
  # Does servesim loadgen's garbage collection give it a longer tail than perf_analyzer's at the same load?
  # (FULL_SPEC=calibration/server/specs/client-gc.json; claim in calibration/device/runs/2026-11-26-h100-client-gc/
  # README.md, committed before the call.) Four levels, each measured by perf_analyzer, by loadgen as always,
  # and by loadgen with a 64 MB young generation (node --max-semi-space-size=64: far fewer scavenges, each
  # about as long), in that order, twice; -p 1500. Into $RES/gc: perf_analyzer CSVs, loadgen JSONs (with
  # client.gcPauses) and a manifest of the calls.
  G="$RES/gc"; mkdir -p "$G"; echo "run,tool,model,mode,level,pass,start_ns,end_ns,rc" > "$G/manifest.csv"
  warm base_d2000_i1 base_d0_i2 base_d500_i2
  gc_call() {  # gc_call <tool: pa|lg|lg64> <model> <conc|rate> <level> <pass>
    local name="$1-$2-$3$4-$5" NODE_FLAGS=() LG_TRIALS=10
    [[ "$1" == lg64 ]] && NODE_FLAGS=(--max-semi-space-size=64)
    level_call "$G/manifest.csv" "$name,$1,$2,$3,$4,$5" "$G" "$name" "${1%64}" "$2" "$3" "$4"
  }
  for pass in a b; do
    for lv in base_d2000_i1:conc:4 base_d2000_i1:conc:16 base_d0_i2:conc:16 base_d500_i2:rate:4975; do
      IFS=: read -r m mode x <<< "$lv"
      for tool in pa lg lg64; do gc_call "$tool" "$m" "$mode" "$x" "$pass"; done
    done
    pack
  done
  pack
fi


if [[ "$PHASE" == OV && -x "$PA" ]]; then
  # Are executions of three or more requests cut on three- and four-instance models (session 38; FULL_SPEC=
  # calibration/server/specs/overtake.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1; claims frozen in
  # calibration/device/runs/2026-11-28-h100-overtake/README.md)? Every execution's GPU time logged. bert_base_i4 by
  # four clients at batch 2, 3 and 4 (lockstep, as the calibration sweeps); base_cal_d0_i4 at 4, 8, 12 and 16 clients
  # and at 3600 and 6500/s (Poisson); base_cal_d0_i3 at 3, 6, 9 and 12; base_cal_d0_i2 at 4 and 8; -p 1000.
  # Diagnostics: nothing goes to calibration/live.
  ov_levels() {
    local b
    for b in 2 3 4; do LIVE_DIR="$D" PA_B=$b pa_levels "ov-i4-b$b" bert_base_i4 conc 4; done
    LIVE_DIR="$D" pa_levels ov-d0-i4-conc base_cal_d0_i4 conc 4,8,12,16
    LIVE_DIR="$D" pa_levels ov-d0-i3-conc base_cal_d0_i3 conc 3,6,9,12
    LIVE_DIR="$D" pa_levels ov-d0-i2-conc base_cal_d0_i2 conc 4,8
    LIVE_DIR="$D" pa_levels ov-d0-i4-rate base_cal_d0_i4 rate 3600,6500
  }
  logged_run overtake ov bert_base_i4,base_cal_d0_i4,base_cal_d0_i3,base_cal_d0_i2 ov_levels
fi

mixed_clients() {  # mixed_clients <name> <model> <clients>:<batch> <clients>:<batch>: two perf_analyzer calls at once on
  # one model (-p $MIXED_P, default 1000), each with its own clients and batch size, into $D; one manifest row for the
  # span of both. MIXED_STABLE=1 (phase OV4) makes both calls stop after perf_analyzer's first three windows (-s 1000:
  # any spread counts as stable), so that they end together; by default each stops when its own windows are stable
  local name="$1" model="$2" a="$3" b="$4" t0 rc other p="${MIXED_P:-1000}" extra=()
  [[ "${MIXED_STABLE:-0}" == 1 ]] && extra=(-s 1000)
  t0=$(mono_ns)
  timeout 40 "$PA" -m "$model" -u "$URL" -i grpc -b "${a#*:}" --concurrency-range "${a%%:*}:${a%%:*}:1" -p "$p" "${extra[@]}" \
    -f "$D/$name-a.csv" >> "$RES/logs/pa-$name.log" 2>&1 &
  other=$!
  timeout 40 "$PA" -m "$model" -u "$URL" -i grpc -b "${b#*:}" --concurrency-range "${b%%:*}:${b%%:*}:1" -p "$p" "${extra[@]}" \
    -f "$D/$name-b.csv" >> "$RES/logs/pa-$name.log" 2>&1
  rc=$?; wait "$other"  # that call only: a bare wait would wait for the server, a background job of this shell
  echo "$name,$model,conc,$a+$b,0,$t0,$(mono_ns),$rc" >> "$TRACE_MANIFEST"
  say "mixed clients $name ($model, $a and $b) rc=$rc"
}

mixed_specs() {  # mixed_specs <name>,<model>,<clients>:<batch>,<clients>:<batch> ...: mixed_clients for each, in order
  local spec name model a b
  for spec in "$@"; do
    IFS=, read -r name model a b <<< "$spec"
    mixed_clients "$name" "$model" "$a" "$b"
  done
}

if [[ "$PHASE" == OV2 && -x "$PA" ]]; then
  # What decides the cut phase OV found (session 38; FULL_SPEC=calibration/server/specs/overtake2.json
  # FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1; claims frozen in calibration/device/runs/2026-11-28-h100-overtake2/README.md)?
  # Models without batching, clients of two batch sizes at once (clients:batch): on four instances 3:1 with 1:2, 1:3,
  # 1:4 and 1:8, and 3:4 with 1:1; on three 2:1 with 1:3; on two 1:1 with 1:3 and 1:4. Diagnostics only.
  logged_run overtake2 ov2 bert_base_i4,bert_base_i3,bert_base_i2 mixed_specs \
    ov2-i4-b2,bert_base_i4,3:1,1:2 ov2-i4-b3,bert_base_i4,3:1,1:3 ov2-i4-b4,bert_base_i4,3:1,1:4 ov2-i4-b8,bert_base_i4,3:1,1:8 \
    ov2-i4-b4x3,bert_base_i4,3:4,1:1 ov2-i3-b3,bert_base_i3,2:1,1:3 ov2-i2-b3,bert_base_i2,1:1,1:3 ov2-i2-b4,bert_base_i2,1:1,1:4
fi

if [[ "$PHASE" == OV3 && -x "$PA" ]]; then
  # Where does "small" end, and does BERT-Large have it (session 39; FULL_SPEC=calibration/server/specs/overtake3.json
  # FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1; claims frozen in calibration/device/runs/2026-11-28-h100-overtake3/README.md)?
  # Models without batching, clients of two batch sizes at once (clients:batch). BERT-Base on four instances: 3:2 with
  # 1:4, 3:3 with 1:8, 3:8 with 1:3 and 1:2, 3:1 with 1:3 (phase OV2's level again); on three: 2:1 with 1:2 and 1:4, 2:4
  # with 1:1. BERT-Large on four: 3:1 with 1:2 and 1:4, 3:4 with 1:1; on three: 2:1 with 1:4, 2:4 with 1:1; on two: 1:1
  # with 1:4. Diagnostics only.
  logged_run overtake3 ov3 bert_base_i4,bert_base_i3,bert_large_i4,bert_large_i3,bert_large_i2 mixed_specs \
    ov3-bi4-2x4,bert_base_i4,3:2,1:4 ov3-bi4-3x8,bert_base_i4,3:3,1:8 ov3-bi4-8x3,bert_base_i4,3:8,1:3 \
    ov3-bi4-8x2,bert_base_i4,3:8,1:2 ov3-bi4-1x3,bert_base_i4,3:1,1:3 ov3-bi3-1x2,bert_base_i3,2:1,1:2 \
    ov3-bi3-1x4,bert_base_i3,2:1,1:4 ov3-bi3-4x1,bert_base_i3,2:4,1:1 ov3-li4-1x2,bert_large_i4,3:1,1:2 \
    ov3-li4-1x4,bert_large_i4,3:1,1:4 ov3-li4-4x1,bert_large_i4,3:4,1:1 ov3-li3-1x4,bert_large_i3,2:1,1:4 \
    ov3-li3-4x1,bert_large_i3,2:4,1:1 ov3-li2-1x4,bert_large_i2,1:1,1:4
fi

if [[ "$PHASE" == OV4 && -x "$PA" ]]; then
  # Phase OV3's overlap findings again, with both calls of a level ending together (session 39; FULL_SPEC=
  # calibration/server/specs/overtake3.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1; claims frozen in
  # calibration/device/runs/2026-11-28-h100-overtake4/README.md): MIXED_STABLE=1 (three windows each), -p 2000.
  MIXED_STABLE=1 MIXED_P=2000 logged_run overtake4 ov4 bert_base_i4,bert_base_i3,bert_large_i4,bert_large_i3,bert_large_i2 \
    mixed_specs ov4-bi4-1x3,bert_base_i4,3:1,1:3 ov4-bi4-4x1,bert_base_i4,3:4,1:1 ov4-bi4-2x4,bert_base_i4,3:2,1:4 \
    ov4-bi4-3x8,bert_base_i4,3:3,1:8 ov4-bi4-8x2,bert_base_i4,3:8,1:2 ov4-bi3-4x1,bert_base_i3,2:4,1:1 \
    ov4-bi3-1x4,bert_base_i3,2:1,1:4 ov4-li4-1x2,bert_large_i4,3:1,1:2 ov4-li4-4x1,bert_large_i4,3:4,1:1 \
    ov4-li3-1x4,bert_large_i3,2:1,1:4 ov4-li3-4x1,bert_large_i3,2:4,1:1 ov4-li2-1x4,bert_large_i2,1:1,1:4
fi

tool_gap_passes() {  # phase TG's command: base_cal_dyn under servesim loadgen's composition run and perf_analyzer's tool run,
  # in the order loadgen, perf_analyzer, perf_analyzer, loadgen (a drift in time that is linear cannot pass for the tool)
  composition base_cal_dyn 1,2,4,8,16,32 tg-composition-a
  sleep 2; tool_run base_cal_dyn 1:33:8 tg-client-pa-a
  sleep 2; tool_run base_cal_dyn 1:33:8 tg-client-pa-b
  sleep 2; composition base_cal_dyn 1,2,4,8,16,32 tg-composition-b
}

if [[ "$PHASE" == TG && -x "$PA" ]]; then
  # Is the instance's longer gap after an execution under perf_analyzer the tool's or the later time's? (session 53; run
  # kind nvidia-h200; FULL_SPEC=calibration/server/specs/scan-in-queue.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-29-h200-tool-gap/README.md): every calibration runs loadgen's composition run first and
  # perf_analyzer's tool run a minute later; here the two alternate as ABBA on one start, every execution logged.
  logged_run tool-gap tg base_cal_dyn tool_gap_passes
fi

response_spread_levels() {  # phase RS's command: perf_analyzer's closed loop on base_cal_dyn at 9, 17 and 25 clients (-p 1000),
  # each level's every request and response time exported (--profile-export-file) beside its CSV and log
  local c
  for c in 9 17 25; do
    sleep 1
    say "perf_analyzer rs-c$c (base_cal_dyn, concurrency $c, profile export)"
    timeout 60 "$PA" -m base_cal_dyn -u "$URL" -i grpc --concurrency-range "$c:$c:1" -p 1000 \
      --profile-export-file "$D/rs-c$c.json" -f "$D/rs-c$c.csv" > "$RES/logs/pa-rs-c$c.log" 2>&1
    say "perf_analyzer rc=$?"
  done
}

if [[ "$PHASE" == RS && -x "$PA" ]]; then
  # How spread do an execution's responses reach perf_analyzer's clients? (session 54; run kind nvidia-h200;
  # FULL_SPEC=calibration/server/specs/scan-in-queue.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-29-h200-response-spread/README.md): on every committed tool run the server ran more,
  # smaller executions at 17 clients than the model gives (scripts/pa-batches.mjs); perf_analyzer's own export times
  # every request and response, every execution logged.
  logged_run response-spread rs base_cal_dyn response_spread_levels
fi
