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
#   F8: (FULL_SPEC=calibration/server/specs/campaign-fresh8.json FULL_EXEC_LOG=/tmp/exec) the fresh test of step 19 (the
#      turnaround shrunk toward other starts'): three never-measured configurations and the main command's pick (session 32)
#   F9: (FULL_SPEC=calibration/server/specs/campaign-fresh9.json FULL_EXEC_LOG=/tmp/exec) the fresh test of step 21 (the
#      GPU switch cost by the instances on the GPU): three never-measured configurations on four, three and two
#      instances and the main command's pick (session 33)
#   F10: (FULL_SPEC=calibration/server/specs/campaign-fresh10.json FULL_EXEC_LOG=/tmp/exec) the fresh test of step 26 (the
#      idle factor keyed on the GPU's idle time): three never-measured configurations on four, three and two instances
#      (session 35)
#   F11: (FULL_SPEC=calibration/server/specs/campaign-fresh11.json FULL_EXEC_LOG=/tmp/exec) the fresh test of steps 26 and
#      28: three never-measured configurations from the main command's top list and its new pick (session 35)
#   FL5: (FULL_SPEC=calibration/server/specs/campaign-fresh-large5.json FULL_EXEC_LOG=/tmp/exec) BERT-Large's fresh test
#      of step 21: three never-measured configurations on four, three and two instances (session 33)
#   FL6: (FULL_SPEC=calibration/server/specs/campaign-fresh-large6.json FULL_EXEC_LOG=/tmp/exec) BERT-Large's fresh test
#      of step 24 (the GPU's time slice): three never-measured configurations on three, two and four instances (session 34)
#   BL: (FULL_SPEC=calibration/server/specs/batcher-late.json FULL_EXEC_LOG=/tmp/exec) how late the dynamic batcher wakes
#      after its queue delay: one-instance calibration-only models with delays 0 to 4000 µs at concurrency 1 (session 35)
#   BL2: (FULL_SPEC=calibration/server/specs/batcher-late2.json FULL_EXEC_LOG=/tmp/exec) phase BL on another start, with a
#      two-instance model at 1000 µs (session 35)
#   ND: (FULL_SPEC=calibration/server/specs/network-drift.json FULL_TRACE=/tmp/trace/t.json FULL_EXEC_LOG=/tmp/exec) does
#      perf_analyzer's network time drift on a new start as the H100 prior says? Calibration-only models traced at one
#      client, eight clients, and one client per instance on two multi-instance dynamic-batching models (session 36)
#   EW: (nvidia-h200; FULL_SPEC=calibration/server/specs/exec-wake.json FULL_TRACE=/tmp/trace/t.json FULL_EXEC_LOG=/tmp/exec)
#      does Triton's batcher wake when an execution returns and grow the waiting payload? One-instance calibration-only
#      models with a queue delay, every request traced, closed loop and Poisson (session 41; diagnostic)
#   OV: (FULL_SPEC=calibration/server/specs/overtake.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) are executions of
#      three or more requests cut on three- and four-instance models? Calibration-only models without a delay in closed
#      and open loop, every execution's GPU time logged (session 38; diagnostic)
#   OV2: (FULL_SPEC=calibration/server/specs/overtake2.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) what decides OV's
#      cut: models without batching on two, three and four instances, clients of two batch sizes at once (session 38)
#   OV3: (FULL_SPEC=calibration/server/specs/overtake3.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) where "small" ends on
#      BERT-Base and whether BERT-Large has it: mixed clients on two, three and four instances (session 39; diagnostic)
#   OV4: (FULL_SPEC=calibration/server/specs/overtake3.json FULL_EXEC_LOG=/tmp/exec FULL_EXEC_SPLIT=1) OV3's findings
#      within the overlap again, both calls of each level ending together (session 39; diagnostic)
#   F12: (FULL_SPEC=calibration/server/specs/campaign-fresh12.json FULL_EXEC_LOG=/tmp/exec) the fresh test of step 30
#      (perf_analyzer's network drift): three never-measured configurations with delays on four, three and two instances
#   F13: (FULL_SPEC=calibration/server/specs/campaign-fresh13.json FULL_EXEC_LOG=/tmp/exec) a fresh test of the model after
#      step 30: three never-measured configurations on one, three and two instances and the main command's pick (session 37)
#   F14: (FULL_SPEC=calibration/server/specs/campaign-fresh13.json FULL_EXEC_LOG=/tmp/exec) phase F13 repeated on another
#      start with nothing changed (session 37)
#   SQ: (nvidia-h200; FULL_SPEC=calibration/server/specs/scan-in-queue.json FULL_EXEC_LOG=/tmp/exec) one client on a model
#      without dynamic batching and on one with it (delay 0), alternating: does the batcher's scan come on top of the
#      probes' queue time? (session 42; diagnostic)
#   HP: (nvidia-h200) phases BL, ND and TA back to back on one H200 machine, each with its own FULL_SPEC, FULL_EXEC_LOG and
#      (ND) FULL_TRACE: the H200 host's own priors (session 40; calibration/device/runs/2026-11-28-h200-priors/)
#   HF: (nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-fresh13.json FULL_EXEC_LOG=/tmp/exec) phase F13's
#      configurations and levels on an H200 start, judged on its own profile with the H200 priors (session 40)
#   HF2: phase HF on another H200 start, nothing changed (session 40); HF3 (session 41), HF4 (session 42, the fresh
#      test of step 34) and HF5 (session 43, the fresh test of step 36) the same
#   HC: (nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-h200-plan.json FULL_EXEC_LOG=/tmp/exec) plan's pick on HF's
#      H200 calibration, under Poisson load from 3000/s past its claimed capacity, on a new H200 start (session 40)
#   HO: (nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-overtake-h200.json FULL_EXEC_LOG=/tmp/exec) the fresh
#      test of step 38 (short executions overtaking long turns on three or more instances) on an H200 start (session 44)
#   HW: (nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-wake-h200.json FULL_EXEC_LOG=/tmp/exec) the fresh
#      test of step 40 (session 50): BERT-Base calibrated as in HF, then two configurations without prefetch (priority
#      levels; a queue size) in closed and open loop (perf_analyzer, Poisson) and the latter's prefetch twin; HW2: the same on
#      another start, nothing changed
#   OL: (nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-wake-h200.json FULL_EXEC_LOG=/tmp/exec) perf_analyzer's
#      request-rate mode on the calibration-only model (session 51): BERT-Base calibrated as in HF, then base_cal_dyn under
#      Poisson at 1500-4500/s and in closed loop at 2-6 clients, and base_m16p816d200_i2 under Poisson
#   HL: (nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-fresh-large7.json FULL_EXEC_LOG=/tmp/exec) phase FL7's
#      BERT-Large configurations and levels on an H200 start, and the H200's time slice from its sweep (session 40)
#   FL7: (FULL_SPEC=calibration/server/specs/campaign-fresh-large7.json FULL_EXEC_LOG=/tmp/exec) BERT-Large's fresh test
#      of step 26 (the idle factor keyed on the GPU's idle time): three never-measured configurations (session 35)
#   TA: (FULL_SPEC=calibration/server/specs/turnaround-repeat.json FULL_EXEC_LOG=/tmp/exec) how repeatable one composition
#      run's turnaround is on one start: base_cal_dyn alone, the composition run four times and perf_analyzer's tool run
#      twice, alternating (session 32); TA2: the same on another start
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
#   FL3: (FULL_SPEC=calibration/server/specs/campaign-fresh-large3.json FULL_EXEC_LOG=/tmp/exec) BERT-Large's
#      third fresh test (session 31): three never-measured configurations and plan's pick for 15 ms at 500/s
#   FL4: (as FL3) FL3's configurations and levels on another start
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
# This file installs, starts the server and sources the phases from calibration/device/full.d/ (lib.sh first).
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

# ---------------------------------------------------------------- the phases (calibration/device/full.d/)
# Sourced into this shell in this order, each file using what the earlier ones defined.
for part in lib phases-first host-speed onestart traffic logged late; do
  source "$ROOT/calibration/device/full.d/$part.sh"
done
say "done"
pack
