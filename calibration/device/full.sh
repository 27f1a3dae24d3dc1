#!/usr/bin/env bash
# Calibration and live runs on the GPU machine, in phases that each fit one 10-minute call.
# Server (FULL_SERVER): "repo" (the default) serves the spec through Triton's own Python backend
# (calibration/server/repo.py: each instance's stub runs the CUDA graphs itself); "pytriton" through
# serve.py (PyTriton relays each batch to one Python process; the first measurements, 2026-11-25).
# Phases with the repo server (runs from calibration/device/runs-repo.txt):
#   R: start → warm → request composition → calibrate BERT-Base and BERT-Large → live runs of phase R
#   S: start → warm → live runs of phase S → perf_analyzer against servesim loadgen on two models
#   I: (FULL_SPEC=calibration/server/specs/idle.json) the idle-gap sweep, twice (idle_sweep.py)
#   L: (FULL_SPEC=calibration/server/specs/client.json) servesim loadgen's own cost on calibration-only models
#   Q: (FULL_SPEC=calibration/server/specs/repeat.json) warm → the open-loop live runs again, same rates
#   P: (FULL_SPEC=calibration/server/specs/pa.json) perf_analyzer: its own overheads on calibration-only
#      models, and open-loop held-out runs
#   K: (FULL_SPEC=calibration/server/specs/pa-closed.json) perf_analyzer closed loop on held-out configurations
#   T: (FULL_SPEC=calibration/server/specs/trace.json FULL_TRACE=/tmp/trace/t.json) Triton's request tracing
#      under perf_analyzer: concurrency 1 over batch sizes, then loaded held-out configurations
#   X: (FULL_SPEC=calibration/server/specs/exec.json FULL_EXEC_LOG=/tmp/exec) every instance logs its
#      executions; perf_analyzer at concurrency 1 on calibration models, then held-out live runs
#   V: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) BERT-Base calibrated
#      and validated on one server start (composition, calibration, perf_analyzer overheads, execution log,
#      idle sweep; perf_analyzer on nine held-out and two in-sample configurations)
#   W: (FULL_SPEC=calibration/server/specs/campaign-large.json FULL_EXEC_LOG=/tmp/exec) the same for BERT-Large
#   V5: (as V) BERT-Base again on another start, perf_analyzer with 5 s windows on 19 levels
#   RP: (FULL_SPEC=calibration/server/specs/campaign-base.json) twelve perf_analyzer levels twice on one start
#   H: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) does the load generator
#      slow the server down? One start, the calibration-only model base_cal_dyn, every instance logging its
#      executions: servesim loadgen and perf_analyzer with 4 / 16 / 64 threads, closed loop (16) and open
#      loop (3800 and 5400/s), the host's CPU time per call, CPU burners beside loadgen, repeats for drift
#   G: (as H) perf_analyzer's open loop on base_cal_dyn up and down a ladder of rates: is a slower
#      execution at one size a matter of the load or of the time?
#   DV: (as H) phase G's open-loop rates on base_cal_dyn, low and high alternating, with the GPU's SM clock,
#      power and throttle reasons and the host's CPU MHz sampled every 100 ms: does the load set the clock?
#   J: (FULL_SPEC=calibration/server/specs/campaign-base.json) servesim calibrate's batch-1 probe with and
#      without the client warm-up, fresh processes, alternating
#   GT: (FULL_SPEC=calibration/server/specs/campaign-turns.json FULL_EXEC_LOG=/tmp/exec) BERT-Base calibrated
#      on one start, then perf_analyzer on four multi-instance configurations never measured (GPU turn-taking)
#   PV: (FULL_SPEC=calibration/server/specs/campaign-plan.json FULL_EXEC_LOG=/tmp/exec) BERT-Base calibrated
#      on one start, then perf_analyzer's Poisson load on the two configurations plan recommends at 3000/s,
#      up to and past the capacities plan claims for them within the SLO
#   PV2: (FULL_SPEC=calibration/server/specs/campaign-plan2.json FULL_EXEC_LOG=/tmp/exec) the same for plan's
#      picks once the built-in profiles carry the host's pooled noise
#   PV3: (FULL_SPEC=calibration/server/specs/campaign-plan3.json FULL_EXEC_LOG=/tmp/exec) the same for plan's
#      picks once its capacity search replicates every step
#   PV4: (FULL_SPEC=calibration/server/specs/campaign-plan4.json FULL_EXEC_LOG=/tmp/exec) the same for plan's
#      picks once the built-in profile carries front-end stalls
#   F: (FULL_SPEC=calibration/server/specs/campaign-fresh.json FULL_EXEC_LOG=/tmp/exec) a fresh held-out test of
#      the frozen model: one start calibrated, then three configurations never measured and plan's pick
#   F2: the same as F on another machine start
#   F3: (FULL_SPEC=calibration/server/specs/campaign-fresh3.json FULL_EXEC_LOG=/tmp/exec) a second fresh test, of
#      the model as changed after F and F2: three more never-measured configurations and plan's pick
#   F4: (FULL_SPEC=calibration/server/specs/campaign-fresh4.json FULL_EXEC_LOG=/tmp/exec) a third fresh test of
#      the model frozen since F3: three more never-measured configurations, plan's pick, and a diagnostic
#      perf_analyzer run on the calibration model at concurrency 2, 3, 4 and 6 (kept out of calibration/live)
#   F5: (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec) a fourth fresh test, of
#      the model as changed at 6b4746f (an execution's scatter is host work under turn-taking): three more
#      never-measured multi-instance configurations, light closed loop included, and plan's pick
#   M2: (nvidia-h100-x2; FULL_SPEC=calibration/server/specs/campaign-gpus.json FULL_EXEC_LOG=/tmp/exec) two GPUs:
#      BERT-Base calibrated on GPU 0 as in F5, then a one-instance model on GPU 0 and on both GPUs, and plan's pick
#      for 15000/s with --gpus 2 (two instances on each GPU) up to its claimed capacity; M2B: the same on another start
#   M4: (nvidia-h100-x4; FULL_SPEC=calibration/server/specs/campaign-gpus4.json FULL_EXEC_LOG=/tmp/exec) as M2 on four
#      GPUs: plan's pick for 30000/s with --gpus 4 (three GPUs) and its best two-GPU configuration at that load
#   ST: (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec) perf_analyzer's senders:
#      BERT-Base calibrated on one start, then plan's pick at 9672/s with 8, 16, 32, 64 and 128 threads (diagnostic)
#   F6: (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec) F5's configurations and
#      levels again on another start, the model unchanged (F5's start stalled; the hosts were quiet again);
#      F7: the same on a third start, the fresh test of step 15 (perf_analyzer's senders, session 26)
#   TR: (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec) traffic beyond Poisson:
#      BERT-Base calibrated on one start as in F5, then three of F5's configurations under perf_analyzer's custom
#      intervals (bursts and spikes, calibration/server/traces/), Poisson at the traces' mean rates, and constant
#      gaps (perf_analyzer's default distribution) beside Poisson at the same rates; TR2: the same on another start
#   TP: (FULL_SPEC=calibration/server/specs/campaign-traffic-plan.json FULL_EXEC_LOG=/tmp/exec) plan on the traffic's
#      shape or on Poisson: BERT-Base calibrated as in F5, then plan's pick for the bursts trace, its pick for Poisson
#      at the same mean rate and the main command's pick, each under the bursts (twice), Poisson and the spikes;
#      TP2: the same on another start; TP3, TP4, TP5: the same on a start whose concurrency-1 check shows no
#      recurring host episodes (else the call stops after the check)
#   CAP: (FULL_SPEC=calibration/server/specs/campaign-traffic-plan.json FULL_EXEC_LOG=/tmp/exec) the main command's
#      pick (base_m16d500_i2) under Poisson load from 3000/s to its claimed capacity (9672/s) on a start checked
#      quiet as TP3's, calibrated as in F5; CAP2: the same on another start
#   SG: (FULL_SPEC=calibration/server/specs/campaign-traffic-plan.json FULL_EXEC_LOG=/tmp/exec) staggered executions:
#      on a start checked quiet, BERT-Base calibrated as in F5, then bert_base_i4 and bert_base_i2 (no batching) and
#      base_m16p16d0_i3 under Poisson load, where instances' executions start at scattered times (diagnostic)
#   HN: (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec) where do a stalling
#      host's periodic slow episodes come from: perf_analyzer with 1.5 s and 4 s windows on two of F5's
#      configurations while host_sampler.py records the kernel's counters every 20 ms (diagnostic only);
#      HN2: the same with the 1.5 s windows only, the sampler also recording steal time and tritonserver's threads;
#      HN3: as HN2 with the system call each of tritonserver's threads is in, and one more level;
#      HN4: (FULL_SPEC=calibration/server/specs/hostnoise-one.json FULL_EXEC_LOG=/tmp/exec) plan's pick alone in
#      the repository, then the server restarted with campaign-fresh5.json's eight models, the same levels on both;
#      HN5: (FULL_SPEC=calibration/server/specs/hostnoise-one.json FULL_EXEC_LOG=/tmp/exec) the same model driven
#      at 3000/s by servesim loadgen, then by perf_analyzer, alternately: does perf_analyzer bring the episodes?
#   FL: (FULL_SPEC=calibration/server/specs/campaign-fresh-large.json FULL_EXEC_LOG=/tmp/exec) the fresh test
#      for BERT-Large: one start calibrated as phase W, then three never-measured configurations and plan's pick
#   FL2: (FULL_SPEC=calibration/server/specs/campaign-fresh-large2.json FULL_EXEC_LOG=/tmp/exec) BERT-Large's
#      second fresh test: another start, three more never-measured configurations and plan's pick for another SLO
#   LS: (FULL_SPEC=calibration/server/specs/load-speed.json FULL_EXEC_LOG=/tmp/exec) load against speed: three
#      single-instance dynamic-batching models at open-loop rates interleaved low, high, middle, every execution
#      logged, bert_base_i1 at concurrency 1 between them (diagnostic only)
#   LS2: (as LS) 1900/s against 3800/s, three of each per model, alternating
#   GS: (FULL_SPEC=calibration/server/specs/gpu-split.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) GPU or host:
#      LS2's levels with each execution's time split into host and GPU parts (CUDA events), and bert_base_i1 and
#      bert_base_i2 at batch 1, 4 and 16 by one client (and four on i2): the GPU part turn-taking infers, measured
#   GSL: (FULL_SPEC=calibration/server/specs/gpu-split-large.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) GS's
#      batch 1/4/16 probes on BERT-Large, between two concurrency-1 clock runs
#   VP: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) phase V's campaign with the
#      stub processes on the last 8 cores and tritonserver and every tool of the call on the rest (diagnostic);
#   VP2: (as VP) another start, the stubs on the last 4 cores
#   VS: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) phase V's campaign with the
#      stubs of the models each step uses alone on a core each (the last 7), every other stub parked on the core
#      below them, tritonserver and every tool of the call on the rest (cpu_keepalive.py place --mode active,
#      before each step; diagnostic); VS2: the same on another start, only if a concurrency-1 check shows no
#      recurring host episodes (else the call stops after the check)
#   GSP: (FULL_SPEC=calibration/server/specs/gpu-split.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) does a stub
#      alone on its core escape the load? base_d500_i1 and base_d100_i1 at 1900/s and 3800/s with the server's
#      threads on every core (all) and with each stub alone on one core, tritonserver and perf_analyzer on the rest
#      (apart), interleaved (cpu_keepalive.py place; diagnostic)
#   GE: (FULL_SPEC=calibration/server/specs/episode-forecast.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) which
#      part of an execution a host episode stretches: a short concurrency-1 check classified on the machine; on a
#      start with recurring episodes, bert_base_i1 at concurrency 1 and plan's pick at 3000/s with every
#      execution split into host and GPU parts while host_sampler.py runs (a quiet start ends the call early)
#   BW: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) does the batcher wake when an
#      instance finishes, without prefetch? base_prio_i1 by perf_analyzer at concurrency 2, 4, 8, executions logged
#   TD: (FULL_SPEC=calibration/server/specs/campaign-turns.json FULL_TRACE=/tmp/trace/t.json
#      FULL_EXEC_LOG=/tmp/exec) Triton's request traces of three GT configurations where model and server
#      disagree (a merge past the delay; unequal batches circulating)
#   GC: (FULL_SPEC=calibration/server/specs/client-gc.json) servesim loadgen's garbage-collection pauses
#      against perf_analyzer's tail: four BERT-Base levels by perf_analyzer, loadgen, and loadgen with a
#      64 MB young generation, twice (diagnostic only)
#   GL: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) BERT-Base calibrated
#      on one start, then servesim loadgen on five configurations (and perf_analyzer at some of the levels):
#      does a pause model read from the calibration's own composition run predict loadgen's tail? (diagnostic)
#   GL2: (as GL) the same on another start
#   TI: (FULL_SPEC=calibration/server/specs/tool-idle.json) each load generator's own time per request at
#      concurrency 1 behind server times of 0.7-9 ms set by batcher delays, and loadgen's light open loop (a
#      calibration step: the tools' costs against their idle time)
#   CF: (FULL_SPEC=calibration/server/specs/tool-idle.json) is that idle cost the CPU's power state? loadgen at
#      concurrency 1 plain, pinned, and pinned beside a SCHED_IDLE busy loop; perf_analyzer and loadgen with
#      busy loops on every core (calibration/server/cpu_keepalive.py; diagnostic)
#   BP: (FULL_SPEC=calibration/server/specs/tool-idle.json) servesim loadgen with and without --busy-poll at
#      concurrency 1 behind 0-8 ms batcher delays, and at a loaded and an open-loop level (diagnostic)
#   AS: (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec) phase V's BERT-Base
#      campaign (calibration and 39 perf_analyzer levels on one start) with no core halting (diagnostic)
#   V99, then V99B on the same warm machine: (as V) BERT-Base calibrated and validated on one start with
#      perf_analyzer --percentile=99 and 3 s windows; V99B measures the same levels again
# Phases with the PyTriton server (runs from calibration/device/runs.txt):
#   A: start real Triton (serve.py, spec full.json) → calibrate BERT-Base and BERT-Large (servesim
#      calibrate, 1/2/4 instances) → live runs of phase A (servesim loadgen)
#   B: live runs of phase B → perf_analyzer against servesim loadgen on three configurations
# The server is started detached (setsid) so a phase B call on the same warm machine reuses it.
# Everything lands in /tmp/results and is packed into $OUT/results.tgz after every step, so a call
# stopped at its limit still returns what it measured.
#
#   run(command="bash calibration/device/full.sh A", carry=[".carry", "dist/servesim.bundle.mjs"])
# Locally, without a GPU (a dry run of the whole script on a 2-layer BERT):
#   PATH=$PWD/.venv/bin:$PATH FULL_DEVICE=cpu FULL_TINY=1 FULL_RUNS=my-runs.txt bash calibration/device/full.sh A
set -uo pipefail
PHASE="${1:-A}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${OUT:-/tmp/full-out}"
RES=/tmp/results
mkdir -p "$OUT" "$RES/profiles" "$RES/live" "$RES/logs"
SITE=/tmp/site
PORT=8001
URL="127.0.0.1:$PORT"
T0=$(date +%s)
BUDGET_S="${BUDGET_S:-540}"
DEVICE="${FULL_DEVICE:-cuda}"
SERVE_EXTRA=(); [[ "${FULL_TINY:-0}" == 1 ]] && SERVE_EXTRA+=(--tiny)
SERVER="${FULL_SERVER:-repo}"
SPEC="${FULL_SPEC:-calibration/server/specs/full.json}"
if [[ "$SERVER" == repo ]]; then RUNS="${FULL_RUNS:-calibration/device/runs-repo.txt}"; else RUNS="${FULL_RUNS:-calibration/device/runs.txt}"; fi
if [[ "$SERVER" == repo ]]; then
  SERVED_BY="Triton 2.51's Python backend (one stub process per instance runs the CUDA graphs; calibration/server/repo.py)"
else
  SERVED_BY="Triton 2.51 through PyTriton 0.7 (Python backend, CUDA graphs per batch size)"
fi
exec > >(tee -a "$RES/logs/full-$PHASE.log") 2>&1
say() { echo "[full $PHASE +$(( $(date +%s) - T0 ))s] $*"; }
pack() { cp -f /tmp/server.log "$RES/logs/server.log" 2>/dev/null; tar czf "$OUT/results.tgz" -C "$RES" . 2>/dev/null; }
left() { echo $(( BUDGET_S - ($(date +%s) - T0) )); }
mono_ns() { python3 -c 'import time; print(time.monotonic_ns())'; }
unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi; }

# ---------------------------------------------------------------- install (carried, no network)
if [[ ! -x /tmp/node/bin/node ]]; then
  say "install wheels and node"
  mkdir -p .whl && unxz .carry/wheels.tar.xz | tar -xf - -C .whl || exit 1
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" .whl/*.whl || exit 1
  mkdir -p /tmp/node/bin && unxz .carry/node.xz > /tmp/node/bin/node && chmod +x /tmp/node/bin/node
fi
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
NODE=/tmp/node/bin/node
BUNDLE="$ROOT/dist/servesim.bundle.mjs"
PA="$SITE/perf_analyzer/bin/perf_analyzer"; [[ -f "$PA" ]] && chmod +x "$PA"
GPU="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"; GPU="${GPU:-cpu}"
DRV="$(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -1)"; DRV="${DRV:-none}"
nvidia-smi --query-gpu=name,driver_version,memory.used,clocks.sm,power.draw,temperature.gpu --format=csv > "$RES/logs/nvidia-smi-$PHASE.csv" 2>&1

# ---------------------------------------------------------------- server (reused when already up)
alive() { python3 - "$URL" <<'PY' 2>/dev/null
import sys, tritonclient.grpc as g
c = g.InferenceServerClient(sys.argv[1]); sys.exit(0 if c.is_server_ready() else 1)
PY
}
start_repo() {  # start_repo <spec>: repo.py on it, detached, with the phase's trace file and execution-log folder
  local args=(); [[ -n "${FULL_TRACE:-}" ]] && { mkdir -p "$(dirname "$FULL_TRACE")"; args=(--trace-file "$FULL_TRACE"); }
  [[ -n "${FULL_EXEC_LOG:-}" ]] && args+=(--exec-log "$FULL_EXEC_LOG")
  [[ -n "${FULL_EXEC_LOG:-}" && "${FULL_EXEC_SPLIT:-0}" == 1 ]] && args+=(--exec-split)
  PYTHONUNBUFFERED=1 setsid python3 calibration/server/repo.py --spec "$1" --grpc-port "$PORT" \
    --device "$DEVICE" "${SERVE_EXTRA[@]}" "${args[@]}" > /tmp/server.log 2>&1 < /dev/null &
}
server_ready() {  # server_ready: wait up to 150 s for the server's READY line; false if it never came
  for _ in $(seq 1 300); do grep -q "^READY $PORT" /tmp/server.log 2>/dev/null && return 0; sleep 0.5; done
  return 1
}
new_manifest() {  # new_manifest <csv>: TRACE_MANIFEST (pa_levels appends each call's span to it), header written
  export TRACE_MANIFEST="$1"
  mkdir -p "$(dirname "$1")"; echo "run,model,mode,level,batch,start_ns,end_ns,rc" > "$1"
}
if alive; then
  say "server already up"
else
  if [[ "$SERVER" == repo ]]; then
    say "start repo.py ($SPEC)"
    start_repo "$SPEC"
  else
    say "start serve.py ($SPEC)"
    PYTHONUNBUFFERED=1 setsid python3 calibration/server/serve.py --spec "$SPEC" --grpc-port "$PORT" \
      --device "$DEVICE" "${SERVE_EXTRA[@]}" --stats-json "$RES/logs/serve_stats.json" > /tmp/server.log 2>&1 < /dev/null &
  fi
  if ! server_ready; then say "server not ready"; tail -40 /tmp/server.log; pack; exit 1; fi
  say "READY"
fi
pack

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
    say "perf_analyzer $name ($m, concurrency $a:$b:$st)"
    timeout 90 "$PA" -m "$m" -u "$URL" -i grpc --concurrency-range "$a:$b:$st" -p 1000 -f "$RES/profiles/$name.csv" > "$RES/logs/pa-$name.log" 2>&1
    say "perf_analyzer rc=$?"
    pa_json "$m" "$RES/profiles/$name.json" "$a:$b:$st" 1000
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
  say "perf_analyzer client-pa-$tag ($cal, concurrency $parange)"
  timeout 90 "$PA" -m "$cal" -u "$URL" -i grpc --concurrency-range "$parange" -p 1000 -f "$RES/profiles/client-pa-$tag.csv" \
    > "$RES/logs/pa-client-pa-$tag.log" 2>&1
  say "perf_analyzer rc=$?"
  pa_json "$cal" "$RES/profiles/client-pa-$tag.json" "$parange" 1000
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

# Phase V99's held-out levels (BERT-Base): measured once in V99 (run names -p99), again in V99B (-p99b).
V99_SPECS="pa-base-d0-i1-conc-S:base_d0_i1:conc:4,16,64 pa-base-d2000-i1-conc-S:base_d2000_i1:conc:4,8,16
  pa-base-d0-i2-conc-S:base_d0_i2:conc:4,16,64 pa-base-d100-i4-conc-S:base_d100_i4:conc:4,16,64
  pa-base-d5000-i1-conc-S:base_d5000_i1:conc:4,8 pa-base-d0-i1-rate-S:base_d0_i1:rate:1896,3793,5373
  pa-base-d500-i2-rate-S:base_d500_i2:rate:2488,4975,7048 pa-base-d100-i1-rate-S:base_d100_i1:rate:1903,3807"

# Phase V's levels (BERT-Base, 12 configurations, 39 levels), also measured by phase AS: run names end in -S.
V_SPECS="pa-base-d0-i1-rate-S:base_d0_i1:rate:1896,3793,5373 pa-base-d0-i1-conc-S:base_d0_i1:conc:1,4,16,64
  pa-base-d2000-i1-conc-S:base_d2000_i1:conc:2,4,8,16 pa-base-d100-i4-conc-S:base_d100_i4:conc:4,16,64
  pa-base-d0-i2-conc-S:base_d0_i2:conc:4,16,64 pa-base-d500-i2-rate-S:base_d500_i2:rate:2488,4975,7048
  pa-base-d100-i1-rate-S:base_d100_i1:rate:1903,3807,5393 pa-base-d5000-i1-conc-S:base_d5000_i1:conc:2,4,8,16
  pa-base-d500-i1-rate-S:base_d500_i1:rate:1950,3900,5525 pa-base-prio-i1-rate-S:base_prio_i1:rate:1527,3054,4326
  pa-base-i1-conc-S:bert_base_i1:conc:1,4,16 pa-base-i2-conc-S:bert_base_i2:conc:1,4,16"

if [[ "$PHASE" == V && -x "$PA" ]]; then
  # BERT-Base on one server start (FULL_SPEC=calibration/server/specs/campaign-base.json FULL_EXEC_LOG=/tmp/exec).
  # (Its first run, 2026-11-26, named its files -v: composition-bert-base-v, exec-base-c1-v, idle-h100-v, ...)
  onestart_bert_base v ${V_SPECS//-S:/-v:}
fi

if [[ "$PHASE" == V5 && -x "$PA" ]]; then
  # BERT-Base on one server start again, perf_analyzer with its default 5 s windows (ONESTART_P=5000) on
  # fewer levels: does the tail measure more repeatably, and is the prediction closer?
  ONESTART_P=5000 onestart_bert_base v5 \
    pa-base-d0-i1-rate-v5:base_d0_i1:rate:1896,3793,5373 pa-base-d0-i1-conc-v5:base_d0_i1:conc:1,4,16,64 \
    pa-base-d2000-i1-conc-v5:base_d2000_i1:conc:4,8,16 pa-base-d0-i2-conc-v5:base_d0_i2:conc:4,16,64 \
    pa-base-d500-i2-rate-v5:base_d500_i2:rate:2488,4975,7048 pa-base-d100-i1-rate-v5:base_d100_i1:rate:1903,3807
fi

if [[ "$PHASE" == GT && -x "$PA" ]]; then
  # GPU turn-taking, held out (FULL_SPEC=calibration/server/specs/campaign-turns.json FULL_EXEC_LOG=/tmp/exec):
  # BERT-Base calibrated on one start (servesim calibrate now writes turn-taking and its switch cost), then
  # perf_analyzer on four multi-instance configurations never measured before, and base_d0_i2 again.
  onestart_bert_base gt \
    pa-base-rec-i2-rate-gt:base_rec_i2:rate:3000,6000,7700,9000 pa-base-d0-i3-conc-gt:base_d0_i3:conc:3,12,48 \
    pa-base-d0-i3-rate-gt:base_d0_i3:rate:3000,6000,9000 pa-base-d1000-i2-rate-gt:base_d1000_i2:rate:3000,6000,7900 \
    pa-base-d200-i4-conc-gt:base_d200_i4:conc:4,16,32 pa-base-d0-i2-conc-gt:base_d0_i2:conc:4,16,64
fi

if [[ "$PHASE" == PV && -x "$PA" ]]; then
  # plan's recommendations, measured (FULL_SPEC=calibration/server/specs/campaign-plan.json FULL_EXEC_LOG=/tmp/exec):
  # BERT-Base calibrated on one start, then perf_analyzer's Poisson load on what `servesim plan --rate 3000
  # --gpus 4` recommends on the built-in profile: base_d0_i2 for p99 <= 10 ms (and 20 ms), claimed capacity
  # 11 170/s within 10 ms (11 970/s within 20 ms), and base_m16_i2 for p99 <= 5 ms, claimed 8132/s within 5 ms.
  onestart_bert_base pv \
    pa-base-d0-i2-rate-pv:base_d0_i2:rate:3000,6000,9000,10500,11500 \
    pa-base-m16-i2-rate-pv:base_m16_i2:rate:3000,6000,8000,9000
fi

if [[ "$PHASE" == PV2 && -x "$PA" ]]; then
  # plan's recommendations once the built-in profiles carry the host's pooled noise (FULL_SPEC=
  # calibration/server/specs/campaign-plan2.json FULL_EXEC_LOG=/tmp/exec): base_rec_i2 for p99 <= 10 ms,
  # claimed 9850/s within it, and base_m8d500_i2 for p99 <= 5 ms, claimed 4964/s.
  onestart_bert_base pv2 \
    pa-base-rec-i2-rate-pv2:base_rec_i2:rate:3000,6000,9000,9850,11000 \
    pa-base-m8d500-i2-rate-pv2:base_m8d500_i2:rate:3000,4000,4964,6000
fi

if [[ "$PHASE" == PV3 && -x "$PA" ]]; then
  # plan's recommendations once its capacity search replicates every step (FULL_SPEC=
  # calibration/server/specs/campaign-plan3.json FULL_EXEC_LOG=/tmp/exec): base_m16_i2 for p99 <= 10 ms,
  # claimed 9884/s within it, and base_m8d1000_i2 for p99 <= 5 ms, claimed 5810/s.
  onestart_bert_base pv3 \
    pa-base-m16-i2-rate-pv3:base_m16_i2:rate:3000,6000,9000,9900,11000 \
    pa-base-m8d1000-i2-rate-pv3:base_m8d1000_i2:rate:3000,4500,5810,7000
fi

if [[ "$PHASE" == PV4 && -x "$PA" ]]; then
  # plan's recommendations once the built-in profile carries front-end stalls (FULL_SPEC=
  # calibration/server/specs/campaign-plan4.json FULL_EXEC_LOG=/tmp/exec): base_m16d500_i2 for p99 <= 10 ms,
  # claimed 9465/s within it; base_m16_i2 for p99 <= 5 ms (claimed 5158/s) and 20 ms (claimed 11 016/s).
  onestart_bert_base pv4 \
    pa-base-m16d500-i2-rate-pv4:base_m16d500_i2:rate:3000,6000,8000,9465,10500 \
    pa-base-m16-i2-rate-pv4:base_m16_i2:rate:3000,5158,8000,11016
fi

# Phases F and F2's run specs (-S: becomes the phase's suffix), as V99_SPECS for V99 and V99B.
F_SPECS="pa-base-m32d300-i1-rate-S:base_m32d300_i1:rate:2000,3800,5300 pa-base-m32d300-i1-conc-S:base_m32d300_i1:conc:2,8,24
  pa-base-m8p48d100-i3-rate-S:base_m8p48d100_i3:rate:2500,4500,6300 pa-base-m8p48d100-i3-conc-S:base_m8p48d100_i3:conc:6,24
  pa-base-m64p1632d1000-i2-rate-S:base_m64p1632d1000_i2:rate:3500,7000,10000
  pa-base-m64p1632d1000-i2-conc-S:base_m64p1632d1000_i2:conc:16,48
  pa-base-m16d500-i2-rate-S:base_m16d500_i2:rate:3000,6000,8000,9672"

if [[ "$PHASE" == F && -x "$PA" ]]; then
  # A fresh held-out test of the frozen model (FULL_SPEC=calibration/server/specs/campaign-fresh.json
  # FULL_EXEC_LOG=/tmp/exec): BERT-Base calibrated on one start, then perf_analyzer on three configurations
  # never measured before and plan's current pick, at levels fixed before the run (about 30, 60 and 85 % of
  # the capacity the built-in profile predicts; plan's claimed capacity for the pick).
  onestart_bert_base f ${F_SPECS//-S:/-f:}
fi

if [[ "$PHASE" == F2 && -x "$PA" ]]; then
  # Phase F again on another machine start (same spec, configurations and levels), the model still frozen:
  # was F's start typical?
  onestart_bert_base f2 ${F_SPECS//-S:/-f2:}
fi

if [[ "$PHASE" == F3 && -x "$PA" ]]; then
  # A second fresh test (FULL_SPEC=calibration/server/specs/campaign-fresh3.json FULL_EXEC_LOG=/tmp/exec), of the
  # model as changed after F and F2 and frozen again: three more never-measured configurations and plan's pick.
  onestart_bert_base f3 \
    pa-base-m16p816d200-i1-rate-f3:base_m16p816d200_i1:rate:1900,3500,5000 pa-base-m16p816d200-i1-conc-f3:base_m16p816d200_i1:conc:4,16 \
    pa-base-m48d0-i2-rate-f3:base_m48d0_i2:rate:3600,6600,9500 pa-base-m48d0-i2-conc-f3:base_m48d0_i2:conc:8,32 \
    pa-base-m4d50-i4-rate-f3:base_m4d50_i4:rate:1300,2400,3400 pa-base-m4d50-i4-conc-f3:base_m4d50_i4:conc:4,12 \
    pa-base-m16d500-i2-rate-f3:base_m16d500_i2:rate:3000,8000,9672
fi

if [[ "$PHASE" == F4 && -x "$PA" ]]; then
  # A third fresh test (FULL_SPEC=calibration/server/specs/campaign-fresh4.json FULL_EXEC_LOG=/tmp/exec) of the
  # model frozen since F3: three more never-measured configurations (levels about 30, 55 and 80 % of the
  # built-in profile's predicted saturated throughput) and plan's pick; then perf_analyzer on the calibration
  # model at light concurrency (how its loaded wait grows from 1 to 9 in flight), a diagnostic.
  onestart_bert_base f4 \
    pa-base-m8p48d5000-i4-rate-f4:base_m8p48d5000_i4:rate:2100,3900,5700 pa-base-m8p48d5000-i4-conc-f4:base_m8p48d5000_i4:conc:4,24 \
    pa-base-m24d250-i1-rate-f4:base_m24d250_i1:rate:1800,3300,4800 pa-base-m24d250-i1-conc-f4:base_m24d250_i1:conc:3,16 \
    pa-base-m32d150-i3-rate-f4:base_m32d150_i3:rate:3500,6400,9300 pa-base-m32d150-i3-conc-f4:base_m32d150_i3:conc:6,32 \
    pa-base-m16d500-i2-rate-f4:base_m16d500_i2:rate:3000,8000,9672 diag-pa-cal-low-f4:base_cal_dyn:conc:2,3,4,6
fi

# Phases F5 and F6's run specs (-S: becomes the phase's suffix), as F_SPECS for F and F2.
F5_SPECS="pa-base-m32d0-i4-rate-S:base_m32d0_i4:rate:3600,6500,9500 pa-base-m32d0-i4-conc-S:base_m32d0_i4:conc:4,8,32
  pa-base-m16p8d100-i3-rate-S:base_m16p8d100_i3:rate:3200,5800,8400 pa-base-m16p8d100-i3-conc-S:base_m16p8d100_i3:conc:3,6,24
  pa-base-m64d50-i2-rate-S:base_m64d50_i2:rate:3000,5500,8000 pa-base-m64d50-i2-conc-S:base_m64d50_i2:conc:2,4,16
  pa-base-m16d500-i2-rate-S:base_m16d500_i2:rate:3000,8000,9672"

if [[ "$PHASE" == F5 && -x "$PA" ]]; then
  # A fourth fresh test (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec), of the
  # model as changed at 6b4746f: three never-measured multi-instance configurations, closed loop at one, two and
  # eight clients per instance and open loop at about 30, 55 and 80 % of the built-in profile's predicted
  # saturated throughput, and plan's pick.
  onestart_bert_base f5 ${F5_SPECS//-S:/-f5:}
fi

# Phases M2 and M2B's run specs (-S: becomes the phase's suffix): calibration/server/specs/campaign-gpus.json's three
# configurations; open loop at about 30, 55 and 80 % of the built-in profile's predicted saturated throughput (the
# one-GPU twin at half the two-GPU model's rates), closed loop at one, two and eight clients per instance, plan's
# pick for 15000/s up to the capacity it claims.
M2_SPECS="pa-base-m32d200-i1-rate-S:base_m32d200_i1:rate:1950,3550,5200 pa-base-m32d200-i1-conc-S:base_m32d200_i1:conc:1,2,8
  pa-base-m32d200-g2-rate-S:base_m32d200_g2:rate:3900,7100,10400 pa-base-m32d200-g2-conc-S:base_m32d200_g2:conc:2,4,16
  pa-base-m32p1632d2000-i2g2-rate-S:base_m32p1632d2000_i2g2:rate:5000,10000,15000,19162"

if [[ "$PHASE" =~ ^M2B?$ && -x "$PA" ]]; then
  # Two GPUs (nvidia-h100-x2; FULL_SPEC=calibration/server/specs/campaign-gpus.json FULL_EXEC_LOG=/tmp/exec): BERT-Base
  # calibrated on GPU 0 as in phase F5, then M2_SPECS. perf_analyzer's open loop sends from 128 threads (one
  # synchronous request each): plan's pick at 19162/s keeps about 100 in flight. M2B: the same on another start.
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  nvidia-smi -L > "$RES/logs/gpus-$tag.txt" 2>&1
  PA_THREADS=128 onestart_bert_base "$tag" ${M2_SPECS//-S:/-$tag:}
fi

if [[ "$PHASE" == M4 && -x "$PA" ]]; then
  # Four GPUs (nvidia-h100-x4; FULL_SPEC=calibration/server/specs/campaign-gpus4.json FULL_EXEC_LOG=/tmp/exec): BERT-Base
  # calibrated on GPU 0 as in M2, then plan's pick for 30000/s with --gpus 4 (three GPUs) up to its claimed capacity,
  # and plan's best two-GPU configuration at the same load. perf_analyzer's open loop from 256 threads.
  nvidia-smi -L > "$RES/logs/gpus-m4.txt" 2>&1
  PA_THREADS=256 onestart_bert_base m4 pa-base-m32p1632d5000-i3g3-rate-m4:base_m32p1632d5000_i3g3:rate:10000,20000,30000,34372 \
    pa-base-m128p128d5000-i2g2-rate-m4:base_m128p128d5000_i2g2:rate:20000,30000
fi

if [[ "$PHASE" == ST && -x "$PA" ]]; then
  # perf_analyzer's senders (FULL_SPEC=calibration/server/specs/campaign-fresh5.json FULL_EXEC_LOG=/tmp/exec): BERT-Base
  # calibrated on one start as in F5, then plan's pick (base_m16d500_i2) at 9672/s by perf_analyzer with 64, 8, 128,
  # 16 and 32 synchronous threads (--max-threads), one call each (diagnostic runs, kept out of calibration/live).
  ONESTART_KEEP=1 onestart_bert_base st diag-pa-base-m16d500-i2-t64-st:base_m16d500_i2:rate:9672
  export TRACE_MANIFEST="$RES/profiles/manifest-st.csv"
  for n in 8 128 16 32; do
    PA_P=1500 PA_THREADS=$n pa_levels "diag-pa-base-m16d500-i2-t$n-st" base_m16d500_i2 rate 9672
  done
  unset TRACE_MANIFEST
  stop_server "$RES/logs/exec-logs-st.tar.xz"
fi

if [[ "$PHASE" == F6 && -x "$PA" ]]; then
  # Phase F5 again on another machine start (same spec, configurations and levels), the model as F5 tested it:
  # F5's start stalled every 1.5 s; the starts that followed were quiet.
  onestart_bert_base f6 ${F5_SPECS//-S:/-f6:}
fi

if [[ "$PHASE" == F7 && -x "$PA" ]]; then
  # F5's configurations and levels on a third start: the fresh test of step 15 (perf_analyzer's senders).
  onestart_bert_base f7 ${F5_SPECS//-S:/-f7:}
fi

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

logged_levels() {  # logged_levels <results folder> <tag> <models to warm, comma-separated> <name>:<model>:<conc|rate>:<levels> ...:
  # perf_analyzer's levels (-p 1500) into $RES/<results folder> with their manifest, then the server stopped and
  # its execution logs packed as exec-logs-<tag>.tar.xz (phases LS, LS2 and BW)
  D="$RES/$1"; mkdir -p "$D"
  new_manifest "$D/manifest.csv"
  warm ${3//,/ }
  LIVE_DIR="$D" PA_P=1500 pa_specs "${@:4}"
  unset TRACE_MANIFEST
  stop_server "$D/exec-logs-$2.tar.xz"
  pack
}

if [[ "$PHASE" == BW && -x "$PA" ]]; then
  # Does Triton's batcher wake when an instance finishes, without prefetch? (FULL_SPEC=calibration/server/specs/
  # campaign-base.json FULL_EXEC_LOG=/tmp/exec; claim in calibration/device/runs/2026-11-27-h100-batcher-wake/
  # README.md, committed before the call) base_prio_i1 (priority levels: no prefetch; max_batch_size 8, 500 µs)
  # by perf_analyzer's closed loop at concurrency 2, 4 and 8 (-p 1500), every execution logged: its requests per
  # execution tell whether a freed instance takes the waiting request at once or at the next arrival.
  logged_levels batcher-wake bw base_prio_i1 bw:base_prio_i1:conc:2,4,8
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
say "done"
pack
