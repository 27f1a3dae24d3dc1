# The concurrency-1 host check (check_episodes, stop_unless_quiet) and the phases that use it or came with it: TR, TP
# to TP5, SG, CAP to CAP4, HN to HN5, EF and GE. Sourced by full.sh in order; each block runs only for its own $PHASE.

check_episodes() {  # check_episodes <dir> <run name> <-p ms> <cut log> <verdict file>: bert_base_i1 at concurrency 1 by
  # perf_analyzer into <dir>, its executions cut out to <cut log> and classified by host-check into <verdict file>
  # (phases EF and GE; through stop_unless_quiet, VS2, TP3 to TP5, CAP and SG); succeeds on recurring host episodes
  LIVE_DIR="$1" PA_P="$3" pa_levels "$2" bert_base_i1 conc 1
  python3 calibration/server/exec_cut.py --manifest "$TRACE_MANIFEST" --logs "$FULL_EXEC_LOG" --run "$2" --out "$4"
  "$NODE" "$BUNDLE" host-check --exec-log "$4" > "$5" 2>&1
  say "$2: $(grep -E '^(host episodes|verdict|servesim: error)' "$5" | cut -c1-120 | tr '\n' ' ')"
  grep -q '^verdict: recurring' "$5"
}

stop_unless_quiet() {  # stop_unless_quiet <tag>: the concurrency-1 check (check_episodes) into $RES/logs; on a verdict
  # of recurring host episodes the call stops here, its logs packed (phases VS2, TP3 to TP5, CAP, SG)
  new_manifest "$RES/logs/check-manifest.csv"
  warm bert_base_i1
  if check_episodes "$RES/logs" "$1-check" 4000 "$RES/logs/exec-check.bin" "$RES/logs/check.txt"; then
    say "recurring host episodes at the check: this start is not the one $PHASE is for; stopping"
    stop_server "$RES/logs/exec-logs-check.tar.xz"; pack; exit 0
  fi
  unset TRACE_MANIFEST
}

# Phase TR's run specs (-S: becomes the phase's suffix): per configuration, its bursts and spikes traces
# (perf_analyzer --request-intervals), Poisson at their mean rates (4981 and 3566/s) and around them, and constant gaps.
TR_TRACES=calibration/server/traces
TR_SPECS="pa-base-m16d500-i2-bursts-S:base_m16d500_i2:intervals:$TR_TRACES/bursts-2000-8000.txt
  pa-base-m16d500-i2-spikes-S:base_m16d500_i2:intervals:$TR_TRACES/spikes-3000-20000.txt
  pa-base-m16d500-i2-rate-S:base_m16d500_i2:rate:3000,3566,4981,6000,8000 pa-base-m16d500-i2-const-S:base_m16d500_i2:const:3000,6000,8000
  pa-base-m64d50-i2-bursts-S:base_m64d50_i2:intervals:$TR_TRACES/bursts-2000-8000.txt
  pa-base-m64d50-i2-spikes-S:base_m64d50_i2:intervals:$TR_TRACES/spikes-3000-20000.txt
  pa-base-m64d50-i2-rate-S:base_m64d50_i2:rate:3000,3566,4981,5500,8000 pa-base-m64d50-i2-const-S:base_m64d50_i2:const:3000,5500,8000
  pa-base-m32d0-i4-bursts-S:base_m32d0_i4:intervals:$TR_TRACES/bursts-2000-8000.txt
  pa-base-m32d0-i4-spikes-S:base_m32d0_i4:intervals:$TR_TRACES/spikes-3000-20000.txt
  pa-base-m32d0-i4-rate-S:base_m32d0_i4:rate:3566,4981"

if [[ "$PHASE" =~ ^TR2?$ && -x "$PA" ]]; then
  # Traffic beyond Poisson (session 27; claims frozen in calibration/device/runs/2026-11-27-h100-traffic/README.md):
  # TR_SPECS after F5's calibration, perf_analyzer's open loop from 128 threads, -p 1500 (1.8 s windows: six of
  # the traces' 300 ms periods).
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  PA_THREADS=128 onestart_bert_base "$tag" ${TR_SPECS//-S:/-$tag:}
fi

if [[ "$PHASE" =~ ^TP[2-5]?$ && -x "$PA" ]]; then
  # Plan on the traffic's shape or on Poisson (session 27; claims frozen in
  # calibration/device/runs/2026-11-27-h100-traffic-plan/README.md, TP2's in -traffic-plan2/): BERT-Base calibrated as
  # in F5, then the bursts trace on plan's bursts pick (base_m16p16d0_i3), its Poisson pick (base_m16p16d1000_i2) and
  # the main command's pick (base_m16d500_i2), Poisson at the trace's mean rate on each, the spikes on the first two,
  # and the bursts again on the first two (the start's drift); perf_analyzer from 128 threads, -p 1500. TP2: the same
  # on another start. TP3, TP4 and TP5 (session 28, claims in -traffic-plan3/ to -plan5/): the same, only on a
  # start whose concurrency-1 check shows no recurring host episodes (a stalling start stops after the check, as
  # VS2's; on TP3's call check_episodes was not yet defined here, so its check did not run).
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  [[ "$PHASE" =~ ^TP[345]$ ]] && stop_unless_quiet "$tag"
  B=$TR_TRACES/bursts-2000-8000.txt K=$TR_TRACES/spikes-3000-20000.txt
  TP_SPECS="pa-base-m16p16d0-i3-bursts-S:base_m16p16d0_i3:intervals:$B
    pa-base-m16p16d1000-i2-bursts-S:base_m16p16d1000_i2:intervals:$B pa-base-m16d500-i2-bursts-S:base_m16d500_i2:intervals:$B
    pa-base-m16p16d0-i3-rate-S:base_m16p16d0_i3:rate:4981 pa-base-m16p16d1000-i2-rate-S:base_m16p16d1000_i2:rate:4981
    pa-base-m16d500-i2-rate-S:base_m16d500_i2:rate:4981
    pa-base-m16p16d0-i3-spikes-S:base_m16p16d0_i3:intervals:$K pa-base-m16p16d1000-i2-spikes-S:base_m16p16d1000_i2:intervals:$K
    diag-pa-base-m16p16d0-i3-bursts2-S:base_m16p16d0_i3:intervals:$B diag-pa-base-m16p16d1000-i2-bursts2-S:base_m16p16d1000_i2:intervals:$B"
  PA_THREADS=128 onestart_bert_base "$tag" ${TP_SPECS//-S:/-$tag:}
fi

if [[ "$PHASE" == SG && -x "$PA" ]]; then
  # Staggered executions (session 28, diagnostic; claims frozen in calibration/device/runs/2026-11-27-h100-staggered/
  # README.md): on a start checked quiet, BERT-Base calibrated as in F5, then the calibration's own multi-instance
  # models without batching under perf_analyzer's Poisson load (128 threads, -p 1500), where executions start at
  # scattered times instead of in lockstep: bert_base_i4 and bert_base_i2 at 500, 1000 and 1300/s, and plan's
  # bursts pick base_m16p16d0_i3 at 4981/s. Every run is diag-* (kept out of calibration/live).
  tag=sg
  stop_unless_quiet "$tag"
  PA_THREADS=128 onestart_bert_base "$tag" "diag-bert-base-i4-rate-$tag:bert_base_i4:rate:500,1000,1300" \
    "diag-bert-base-i2-rate-$tag:bert_base_i2:rate:500,1000,1300" "diag-base-m16p16d0-i3-rate-$tag:base_m16p16d0_i3:rate:4981"
fi

if [[ "$PHASE" =~ ^CAP2?$ && -x "$PA" ]]; then
  # The main command's pick up to and past its claimed capacity on a quiet start (session 28; claims frozen in
  # calibration/device/runs/2026-11-27-h100-capacity/README.md): only if the concurrency-1 check shows no recurring
  # host episodes, BERT-Base calibrated as in F5, then base_m16d500_i2 (max_batch_size 16, preferred [8, 16],
  # 500 µs, two instances) under perf_analyzer's Poisson load from 128 threads, -p 1500, one call per rate, from
  # 3000/s to the built-in profile's claimed 9672/s. CAP2: the same on another start.
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  stop_unless_quiet "$tag"
  PA_THREADS=128 onestart_bert_base "$tag" "pa-base-m16d500-i2-ladder-$tag:base_m16d500_i2:rate:3000,5000,6000,6500,7000,7500,8000,8600,9672"
fi

if [[ "$PHASE" =~ ^CAP[34]$ && -x "$PA" ]]; then
  # Capacity ladders on a fresh quiet start against the spread of predictions over the committed calibrations
  # (session 29, `plan --check-on` and scripts/ensemble-live.mjs; claims frozen in
  # calibration/device/runs/2026-11-27-h100-capacity3/README.md): only if the concurrency-1 check shows no recurring
  # host episodes, BERT-Base calibrated as in F5, then under perf_analyzer's Poisson load from 128 threads, -p 1500,
  # one call per rate: the main command's pick base_m16d500_i2 from 2000/s to 9672/s, and plan's picks at 4981/s for
  # Poisson (base_m16p16d1000_i2) and for bursts (base_m16p16d0_i3) from 3000 to 8000/s. CAP4: the same on another
  # start, against the same frozen predictions (calibration/device/runs/2026-11-27-h100-capacity4/README.md).
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  stop_unless_quiet "$tag"
  PA_THREADS=128 onestart_bert_base "$tag" \
    "pa-base-m16d500-i2-ladder-$tag:base_m16d500_i2:rate:2000,2500,3000,3500,4000,5000,6000,6500,7000,7500,8000,8600,9672" \
    "pa-base-m16p16d1000-i2-ladder-$tag:base_m16p16d1000_i2:rate:3000,4000,4981,6000,7000,8000" \
    "pa-base-m16p16d0-i3-ladder-$tag:base_m16p16d0_i3:rate:3000,4000,4981,6000,7000,8000"
fi

if [[ "$PHASE" =~ ^HN[23]?$ && -x "$PA" ]]; then
  # Host noise (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec): on F5 the slow
  # episodes came every 1.5 s, perf_analyzer's -p. The same levels with -p 1500 and -p 4000 (an episode period
  # that follows the window would be perf_analyzer's doing), while host_sampler.py records NUMA hinting faults,
  # page migrations, THP collapses, compaction, pressure stalls and the server's processes' CPU time every
  # 20 ms, and the host's NUMA and THP settings are written down. Diagnostics: nothing goes to calibration/live.
  D="$RES/hostnoise"; mkdir -p "$D"
  { echo "## lscpu"; lscpu; echo "## numactl -H"; numactl -H 2>&1; echo "## numa_balancing"
    cat /proc/sys/kernel/numa_balancing 2>&1; grep . /proc/sys/kernel/numa_balancing_scan_* 2>&1
    echo "## THP"; cat /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag 2>&1
    echo "## cmdline"; cat /proc/cmdline; echo "## governor"; cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>&1
    echo "## processes"; ps -eo pid,psr,ni,cls,rtprio,pcpu,comm --sort=-pcpu | head -40; } > "$D/host.txt" 2>&1
  python3 calibration/server/host_sampler.py --out "$D/samples.csv" --period-ms 20 &
  SAMPLER=$!
  warm base_m16d500_i2 base_m64d50_i2
  new_manifest "$D/manifest.csv"; export LIVE_DIR="$D"
  PA_P=1500 pa_specs hn-m16d500-p1500:base_m16d500_i2:rate:3000,3001 hn-m64d50-p1500:base_m64d50_i2:conc:2,3
  # HN2 (the sampler with steal time and tritonserver's threads): the 1.5 s windows only, one level more
  [[ "$PHASE" == HN2 ]] && PA_P=1500 pa_specs hn2-m16d500-p1500:base_m16d500_i2:rate:3002,3003
  # HN3 (the sampler also records the system call each tritonserver thread is in): 1.5 s windows, longer
  [[ "$PHASE" == HN3 ]] && PA_P=1500 pa_specs hn3-m16d500-p1500:base_m16d500_i2:rate:3002,3003,3004
  [[ "$PHASE" == HN ]] && PA_P=4000 pa_specs hn-m16d500-p4000:base_m16d500_i2:rate:3000,3001 hn-m64d50-p4000:base_m64d50_i2:conc:2,3
  unset TRACE_MANIFEST LIVE_DIR
  ps -eLo pid,tid,psr,pcpu,comm --sort=-pcpu | head -60 > "$D/threads.txt" 2>&1
  kill -TERM "$SAMPLER"; wait "$SAMPLER"
  stop_server "$D/exec-logs-${PHASE,,}.tar.xz"
  xz -f "$D/samples.csv"
  pack
fi

if [[ "$PHASE" == HN4 && -x "$PA" ]]; then
  # Are the slow episodes the other models' doing? (FULL_SPEC=calibration/server/specs/hostnoise-one.json
  # FULL_EXEC_LOG=/tmp/exec) base_m16d500_i2 alone (two stub processes), perf_analyzer at 3000/s three times;
  # then the server restarted with campaign-fresh5.json (eight models, 19 stubs, each its own CUDA context) and
  # the same three levels. Same machine start, no sampler. Diagnostics: nothing goes to calibration/live.
  D="$RES/hostnoise"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"; export LIVE_DIR="$D"
  warm base_m16d500_i2
  PA_P=1500 pa_specs hn4-alone:base_m16d500_i2:rate:3000,3001,3002
  stop_server "$D/exec-logs-hn4-alone.tar.xz"
  rm -rf "$FULL_EXEC_LOG"; mkdir -p "$FULL_EXEC_LOG"
  say "restart repo.py with calibration/server/specs/campaign-fresh5.json"
  start_repo calibration/server/specs/campaign-fresh5.json
  if server_ready; then
    say "READY (eight models)"
    warm base_m16d500_i2
    PA_P=1500 pa_specs hn4-beside:base_m16d500_i2:rate:3000,3001,3002
    stop_server "$D/exec-logs-hn4-beside.tar.xz"
  else
    say "server not ready"; tail -20 /tmp/server.log
  fi
  unset TRACE_MANIFEST LIVE_DIR
  pack
fi

if [[ "$PHASE" == HN5 && -x "$PA" ]]; then
  # perf_analyzer or the server? (FULL_SPEC=calibration/server/specs/hostnoise-one.json FULL_EXEC_LOG=/tmp/exec)
  # base_m16d500_i2 alone, Poisson 3000/s from servesim loadgen (Node, one process) and from perf_analyzer
  # (-p 1500, 64 threads), alternately, two of each; the manifest gives each run's CLOCK_MONOTONIC span for
  # exec_bursts.py. Diagnostics: nothing goes to calibration/live.
  D="$RES/hostnoise"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"; export LIVE_DIR="$D"
  warm base_m16d500_i2
  for k in 1 2; do
    t0=$(mono_ns)
    timeout 60 "$NODE" "$BUNDLE" loadgen -u "$URL" -m base_m16d500_i2 --request-rate-range 3000 --request-distribution poisson \
      -p 1500 --max-trials 6 -s 10 --network loopback --gpu-name "$GPU" --driver "$DRV" --json "$D/hn5-loadgen-$k.json" \
      -f "$D/hn5-loadgen-$k.csv" -q
    rc=$?
    echo "hn5-loadgen-$k,base_m16d500_i2,rate,3000,1,$t0,$(mono_ns),$rc" >> "$TRACE_MANIFEST"
    say "loadgen hn5-loadgen-$k rc=$rc"
    PA_P=1500 pa_specs "hn5-pa-$k:base_m16d500_i2:rate:3000"
  done
  unset TRACE_MANIFEST LIVE_DIR
  stop_server "$D/exec-logs-hn5.tar.xz"
  pack
fi

if [[ "$PHASE" == EF && -x "$PA" ]]; then
  # Episode forecast (FULL_SPEC=calibration/server/specs/episode-forecast.json FULL_EXEC_LOG=/tmp/exec): does a short
  # execution log say whether this machine start will meet the tail prediction? bert_base_i1 at concurrency 1
  # (-p 3000), its log cut as onestart's exec-c1 and classified at once (compose-profile's host-episode fit: the
  # forecast is printed before the levels run), then plan's pick base_m16d500_i2 at 3000/s three times (-p 1500,
  # 64 threads). Frozen claim (calibration/device/runs/2026-11-26-h100-forecast/README.md): where the log shows
  # recurring host episodes (>= 0.1/s), p99 >= 8 ms (twice the built-in profile's 3.99 ms) on at least two of the
  # three levels; where it shows none, p99 within 3.0-5.5 ms on at least two. Diagnostics: nothing goes to
  # calibration/live.
  D="$RES/forecast"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm bert_base_i1 base_m16d500_i2
  # (the first call ran -p 3000, about 10 s of log, and its bundle lacked compose-profile: classified afterwards)
  # (calls ef1-ef18 read the verdict from compose-profile's output with the threshold written out here; host-check
  # runs the same fit with the same rule, recurringHostEpisodes)
  check_episodes "$D" ef-c1 8000 "$D/exec-c1-ef.bin" "$D/forecast.txt"
  LIVE_DIR="$D" PA_P=1500 pa_levels ef-pick base_m16d500_i2 rate 3000,3001,3002
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-ef.tar.xz"
  pack
fi

if [[ "$PHASE" == GE && -x "$PA" ]]; then
  # Which part of an execution does a host episode stretch? (FULL_SPEC=calibration/server/specs/episode-forecast.json
  # FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1; claim in calibration/device/runs/2026-11-27-h100-episode-split/README.md,
  # committed before the call) bert_base_i1 at concurrency 1 (-p 4000), cut and classified at once (host-check); on a
  # start whose check shows recurring episodes (or with GE_ALWAYS=1), bert_base_i1 at concurrency 1 (-p 8000), plan's
  # pick base_m16d500_i2 at 3000/s twice (-p 1500) and bert_base_i1 again, every execution split into gathering,
  # issuing, the wait for the stream and answering, with the GPU time between CUDA events, while host_sampler.py
  # records the host every 20 ms. A quiet start stops after the check. Diagnostics: nothing goes to calibration/live.
  D="$RES/episode-split"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  ge_pick="${GE_PICK:-base_m16d500_i2}"  # GE_PICK=base_d500_i2 under campaign-base.json (the same settings)
  warm bert_base_i1 "$ge_pick"
  python3 calibration/server/host_sampler.py --out "$D/samples.csv" --period-ms 20 &
  SAMPLER=$!
  if check_episodes "$D" ge-check 4000 "$D/exec-c1-ge.bin" "$D/check.txt" || [[ "${GE_ALWAYS:-0}" == 1 ]]; then
    LIVE_DIR="$D" PA_P=8000 pa_levels ge-c1-a bert_base_i1 conc 1
    LIVE_DIR="$D" PA_P=1500 pa_levels ge-pick "$ge_pick" rate 3000,3001
    LIVE_DIR="$D" PA_P=8000 pa_levels ge-c1-b bert_base_i1 conc 1
  else
    say "no recurring episodes at the check: nothing to split on this start"
  fi
  kill -TERM "$SAMPLER"; wait "$SAMPLER"
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-ge.tar.xz"
  pack
fi

