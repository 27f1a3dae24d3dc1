#!/usr/bin/env bash
# Rebuild the shipped H100 profiles from their committed calibration data (probes-*.json: the models and
# probes of each pass's calibrate --raw JSON, for the GPU switch cost), with the commands docs/VALIDATION.md
# gives (run after `npm run build`; each profile must come back byte-identical unless the model changed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
S="node bin/servesim.js"
# H100 BERT-Base turnarounds are shrunk toward the other starts' (scripts/turnaround-prior.mjs wrote the prior
# from the composition runs and calibration logs below; docs/VALIDATION.md, "The turnaround's reading").
PRIOR=calibration/profiles/priors/h100-bert-base-seq128-fp16-turnaround.json
# The H100's time slice under turn-taking (calibration/server/exec_slices.py --runs calibration/device/runs --gpu h100
# --exclude 2026-11-27-h100-fresh-large6 wrote it from the two-instance sweeps' execution logs; phase FL6's start tested
# it as frozen; docs/VALIDATION.md, "The GPU's time slice"). The later starts F10, FL7 and F11 to F14 give the same bracket;
# the prior is kept as frozen, so they stay out of it too (test/calibrate/exec-slices.test.ts).
SLICE=calibration/profiles/priors/h100-gpu-slice.json
# How late the H100 hosts' dynamic batcher wakes after its queue delay (calibration/server/batcher_late.py --run
# calibration/device/runs/2026-11-27-h100-batcher-late wrote it from phase BL's calibration-only models; docs/VALIDATION.md,
# step 28).
LATE=calibration/profiles/priors/h100-batcher-late.json
# How much of perf_analyzer's network time on the H100 hosts is shared in time (calibration/server/network_drift.py
# --run calibration/device/runs/2026-11-26-h100-trace --run calibration/device/runs/2026-11-26-h100-tracelog wrote it
# from one-client traces of calibration-only models; docs/VALIDATION.md, step 30).
DRIFT=calibration/profiles/priors/h100-network-drift.json
# The H200 hosts' own (phase HP, session 40, 2026-11-28-h200-priors; docs/VALIDATION.md, "The H200's own priors"): the
# batcher's lateness and the network drift measured on one H200 start as phases BL and ND measured the H100's, and the
# turnaround prior over the H200 starts' composition runs (node scripts/turnaround-prior.mjs base H200 --exclude passes-hf
# --exclude passes-hf2 --exclude passes-hc; HF3's, HF4's and HF5's starts, which came later, stay out too: --exclude passes-hf3 --exclude passes-hf4 --exclude passes-hf5 --exclude passes-ho --exclude passes-hw --exclude passes-hw2 --exclude passes-ol). The H200's
# time slice (phase HL, 2026-11-28-h200-fresh-large7: calibration/server/exec_slices.py --runs calibration/device/runs --gpu
# h200 --exclude 2026-11-28-h200-fresh13b --exclude 2026-11-28-h200-fresh13c --exclude 2026-11-28-h200-fresh13d --exclude 2026-11-28-h200-fresh13e --exclude 2026-11-28-h200-overtake --exclude 2026-11-29-h200-wake --exclude 2026-11-29-h200-wake2 --exclude 2026-11-29-h200-open-loop wrote it from the H200 two-instance sweeps,
# BERT-Large's bracketing it; HF2's to HF5's starts, which came later, give the same bracket).
# How long the woken batcher takes to scan its queue (session 42; node scripts/batcher-notify.mjs --write … on phase EW's
# traces, calibration/device/runs/2026-11-28-h200-exec-wake/exec-wake and exec-wake2; docs/VALIDATION.md, "The batcher's
# scan and perf_analyzer's loaded wait, built in"): measured on an H200 host only, used for the H100 profiles as well.
WAKE=calibration/profiles/priors/h200-batcher-wake.json
# The shape of perf_analyzer's loaded wait (node scripts/loaded-wait-shape.mjs --write … chooses it on the traced
# one-instance calibration-only levels of phases ND and EW; session 42 on profiles built with the scan above and an
# exponential wait: 3; session 43 again once the H200 profiles had the scan on top (SCANQ_H200 below): 2, and 2 again
# on the profiles rebuilt with it, a fixed point; session 53 on the profiles rebuilt with step 43's output cost per
# merged request: 3, and 3 again on the profiles rebuilt with it; session 56 once step 44's host episodes were simulated:
# 2, and 2 again on the profiles rebuilt with it): set before each profile's tool fit of the wait's mean.
LOADED=calibration/profiles/priors/perf-analyzer-loaded-wait.json
# How much of that scan the H200 hosts' probes' scheduling times hold (session 42, phase SQ,
# 2026-11-28-h200-scan-in-queue: none; node scripts/scan-in-queue.mjs --write …): on the h200* profiles the scan comes
# on top of the scheduling time (session 43). The H100 hosts keep the default (the whole scan inside): no same-start
# comparison was measured on one.
SCANQ_H200=calibration/profiles/priors/h200-scan-in-scheduling.json
# Which turns short executions overtake on a GPU of three or more instances (session 44; node scripts/overtake-line.mjs
# --write … from phases OV to OV4's overtaken and never-overtaken batch sizes, 2026-11-28-h100-overtake*; docs/VALIDATION.md,
# step 38): measured on H100 starts, used for the H200 profiles as well (HC's execution logs show the same step).
OVERTAKE=calibration/profiles/priors/gpu-overtake.json
PRIOR_H200=calibration/profiles/priors/h200-bert-base-seq128-fp16-turnaround.json
LATE_H200=calibration/profiles/priors/h200-batcher-late.json
DRIFT_H200=calibration/profiles/priors/h200-network-drift.json
SLICE_H200=calibration/profiles/priors/h200-gpu-slice.json
for net in base large; do
  if [[ $net == base ]]; then name=h100-bert-base-seq128-fp16; file=bert-base; m=bert_base_i1; else name=h100-bert-large-seq384-fp16; file=bert-large; m=bert_large_i1; fi
  # The built-in profiles' own passes logged no executions, so their host noise (slow stretches, execution
  # jitter) is pooled from every later calibration-phase execution log of the same network on this host type.
  host_noise=()
  for d in calibration/profiles/passes-onestart*; do
    for f in "$d/exec-cal-$net-i1.bin" "$d/exec-cal-$net-caldyn.bin"; do [[ -f $f ]] && host_noise+=(--exec-log "$f"); done
  done
  if [[ $net == base ]]; then host_noise+=(--exec-log calibration/profiles/passes-x/exec-base-c1.bin --exec-log calibration/profiles/passes-x/exec-base-c1-b8.bin); fi
  prior=()
  if [[ $net == base ]]; then prior=(--turnaround-prior $PRIOR); fi
  P=calibration/profiles/passes
  $S compose-profile --profile $P/$name.pass1.json --merge $P/$name.pass2.json --run $P/composition-$file.json ${prior[@]+"${prior[@]}"} \
    --idle $P/idle-h100.pass1.json --idle $P/idle-h100.pass2.json --idle-model $m --tool-run $P/client-pa-$file.json \
    --gpu-turns $P/probes-$file.pass1.json --gpu-turns $P/probes-$file.pass2.json --gpu-slice $SLICE --gpu-overtake $OVERTAKE --batcher-late $LATE --batcher-wake $WAKE --loaded-wait $LOADED --network-drift $DRIFT "${host_noise[@]}" --name $name -o calibration/profiles/$name.json
  P=calibration/profiles/passes-onestart
  if [[ $net == base ]]; then idle=$P/idle-h100.json; else idle=$P/idle-h100-large.json; fi
  $S compose-profile --profile $P/$name.onestart.json --run $P/composition-$file.json ${prior[@]+"${prior[@]}"} --idle $idle --idle-model $m \
    --tool-run $P/client-pa-$file.json --exec-log $P/exec-cal-$net-i1.bin --exec-log $P/exec-cal-$net-caldyn.bin --gpu-turns $P/probes-$file.json \
    --gpu-slice $SLICE --gpu-overtake $OVERTAKE --batcher-late $LATE --batcher-wake $WAKE --loaded-wait $LOADED --network-drift $DRIFT --name $name-onestart -o calibration/profiles/$name-onestart.json
done
# One start's own profile, calibrated and validated on it: one_start <network: base|large> <folder> <tag> [<name>]
# builds h100-<network>-…-<tag> (or <name>, for a start on other GPUs) from calibration/profiles/<folder>/ (the
# one-start command above).
one_start() {
  local net=$1 P=calibration/profiles/$2 tag=$3 name file m
  if [[ $net == base ]]; then name=h100-bert-base-seq128-fp16 file=bert-base m=bert_base_i1; else name=h100-bert-large-seq384-fp16 file=bert-large m=bert_large_i1; fi
  local out=${4:-$name-$tag} prior=() slice=() turnaround=
  # the GPU type's priors, by the profile's name (h100-…, h200-… and h200x2-…); BERT-Base's turnaround prior too
  case $out in
    h100-*) turnaround=$PRIOR slice=(--gpu-slice $SLICE --gpu-overtake $OVERTAKE --batcher-late $LATE --batcher-wake $WAKE --loaded-wait $LOADED --network-drift $DRIFT) ;;
    h200*) turnaround=$PRIOR_H200 slice=(--gpu-slice $SLICE_H200 --gpu-overtake $OVERTAKE --batcher-late $LATE_H200 --batcher-wake $WAKE --scan-in-scheduling $SCANQ_H200 --loaded-wait $LOADED --network-drift $DRIFT_H200) ;;
  esac
  if [[ $net == base && -n $turnaround ]]; then prior=(--turnaround-prior $turnaround); fi
  $S compose-profile --profile $P/$name.$tag.json --run $P/composition-$file.json ${prior[@]+"${prior[@]}"} --idle $P/idle-h100.json \
    --idle-model $m --tool-run $P/client-pa-$file.json --exec-log $P/exec-cal-$net-i1.bin --exec-log $P/exec-cal-$net-caldyn.bin \
    --gpu-turns $P/probes-$file.json ${slice[@]+"${slice[@]}"} --name $out -o calibration/profiles/$out.json
}
# The later BERT-Base one-start campaigns (V5, V99, GT, PV, PV2, PV3, PV4): the same command, folder by folder.
for k in 2 3 4 5 6 7 8; do one_start base passes-onestart$k onestart$k; done
# The fresh starts (phase F, the frozen-model test, and F2 to F14): the same command; their folders are not
# passes-onestart* ones, so their logs stay out of the built-in profile's pooled host noise (the model under
# test stays as frozen).
for k in "" 2 3 4 5 6 7 8 9 10 11 12 13 14; do one_start base passes-fresh$k fresh$k; done
# The BERT-Large fresh tests (phases FL, FL2, FL3 and FL4): the same command on BERT-Large's folders.
one_start large passes-fresh-large fresh
one_start large passes-fresh-large2 fresh2
one_start large passes-fresh-large3 fresh3
one_start large passes-fresh-large4 fresh4
# Phase FL5 (session 33): BERT-Large's fresh test of step 21, the switch by instance count.
one_start large passes-fresh-large5 fresh5
# Phase FL6 (session 34): BERT-Large's fresh test of step 24, the GPU's time slice.
one_start large passes-fresh-large6 fresh6
# Phase FL7 (session 35): BERT-Large's fresh test of step 26, the idle factor keyed on the GPU's idle time.
one_start large passes-fresh-large7 fresh7
# Phases GL and GL2 (2026-11-26-h100-client-gc2 and -gc3): BERT-Base starts whose composition runs recorded
# loadgen's GC pauses, so their loadgen entries carry them; their folders are not passes-onestart* ones either.
one_start base passes-gl gl
one_start base passes-gl2 gl2
# Phase AS (2026-11-27-h100-allspin): phase V's campaign on a start with a busy loop on every core (no vCPU
# halts); its folder is not a passes-onestart* one, so its logs stay out of the pooled host noise.
one_start base passes-as as
# Phases VP and VP2 (2026-11-27-h100-stubs-apart, -apart2): phase V's campaign with the stub processes on
# cores of their own; their folders are not passes-onestart* ones either.
one_start base passes-vp vp
one_start base passes-vp2 vp2
# Phase VS (2026-11-27-h100-stubs-own-core): phase V's campaign with each step's stubs alone on a core and the
# others parked; not a passes-onestart* folder either.
one_start base passes-vs vs
# Phase VS2 (2026-11-27-h100-stubs-own-core2): the same on a start whose check showed no recurring episodes.
one_start base passes-vs2 vs2
# Phase ST (2026-11-27-h100-senders): a start calibrated as in F5 for perf_analyzer's thread-count test; its
# folder is not a passes-onestart* one either.
one_start base passes-senders senders
# Phases TR and TR2 (2026-11-27-h100-traffic, -traffic2): starts calibrated as in F5 for traffic beyond Poisson
# (bursts, spikes, constant gaps); their folders are not passes-onestart* ones either.
one_start base passes-traffic traffic
one_start base passes-traffic2 traffic2
# Phases TP and TP2 (2026-11-27-h100-traffic-plan, -plan2): the same calibration before plan's picks for the bursts
# and for Poisson.
one_start base passes-trafficplan trafficplan
one_start base passes-trafficplan2 trafficplan2
# Phases TP3, TP4 and TP5 (session 28, 2026-11-27-h100-traffic-plan3 to -plan5): TP again; TP3's start stalled, TP4's and TP5's were
# checked quiet before they went on.
one_start base passes-trafficplan3 trafficplan3
one_start base passes-trafficplan4 trafficplan4
one_start base passes-trafficplan5 trafficplan5
# Phases CAP and CAP2 (session 28, 2026-11-27-h100-capacity, -capacity2): the same calibration on starts checked
# quiet, before the main command's pick up to its claimed capacity.
one_start base passes-capacity capacity
one_start base passes-capacity2 capacity2
# Phase CAP3 (session 29, 2026-11-27-h100-capacity3): the same calibration on a start checked quiet, before three
# capacity ladders set against the spread over the committed calibrations.
one_start base passes-capacity3 capacity3
# Phase CAP4 (session 29, 2026-11-27-h100-capacity4): the same on another start checked quiet.
one_start base passes-capacity4 capacity4
# Phase SG (session 28, 2026-11-27-h100-staggered; diagnostic runs only): the same calibration on a start checked quiet.
one_start base passes-staggered staggered
name=h100-bert-base-seq128-fp16
# Phases M2, M2B and M4 (2026-11-27-h200x2-gpus, -h200x2-gpus2, -h200x4-gpus): BERT-Base calibrated on GPU 0 of a
# two- or four-GPU machine (H200s each time); their folders are not passes-onestart* ones, so their logs stay out of
# the H100 profiles' pooled host noise.
one_start base passes-gpus gpus h200x2-bert-base-seq128-fp16-gpus
one_start base passes-gpus2 gpus2 h200x2-bert-base-seq128-fp16-gpus2
one_start base passes-gpus4 gpus4 h200x4-bert-base-seq128-fp16-gpus4
# Phases HF and HF2 (session 40, 2026-11-28-h200-fresh13 and -fresh13b): phase F13's levels on one-GPU H200 starts, the
# fresh tests of the H200 priors; their starts are not in the H200 turnaround prior.
one_start base passes-hf hf h200-bert-base-seq128-fp16-hf
one_start base passes-hf2 hf2 h200-bert-base-seq128-fp16-hf2
# Phase HF3 (session 41, 2026-11-28-h200-fresh13c): HF's levels on a third H200 start, the committed model against the
# scratch reaction time and less-spread loaded wait of phase EW; not in the H200 turnaround prior either.
one_start base passes-hf3 hf3 h200-bert-base-seq128-fp16-hf3
# Phase HF4 (session 42, 2026-11-28-h200-fresh13d): HF's levels on a fourth H200 start, the fresh test of step 34 (the
# batcher's scan and the loaded-wait shape); not in the H200 turnaround prior either.
one_start base passes-hf4 hf4 h200-bert-base-seq128-fp16-hf4
# Phase HF5 (session 43, 2026-11-28-h200-fresh13e): HF's levels on a fifth H200 start, the fresh test of step 36 (the
# scan on top of the H200's scheduling time, loaded-wait shape 2, 3 since session 53); not in the H200 turnaround prior either.
one_start base passes-hf5 hf5 h200-bert-base-seq128-fp16-hf5
# Phase HO (session 44, 2026-11-28-h200-overtake): three- and four-instance levels on an H200 start, the fresh test of
# step 38 (short executions overtaking a long turn); not in the H200 turnaround or slice priors either.
one_start base passes-ho ho h200-bert-base-seq128-fp16-ho
# Phase HW (session 50, 2026-11-29-h200-wake): configurations without prefetch on an H200 start, the fresh test of
# step 40 (the batcher woken as an instance returns); not in the H200 turnaround or slice priors either.
one_start base passes-hw hw h200-bert-base-seq128-fp16-hw
# Phase HW2 (session 50, 2026-11-29-h200-wake2): phase HW repeated on another H200 start; not in the priors either.
one_start base passes-hw2 hw2 h200-bert-base-seq128-fp16-hw2
# Phase OL (session 51, 2026-11-29-h200-open-loop): perf_analyzer's request-rate mode on the calibration-only model
# of an H200 start; not in the priors either.
one_start base passes-ol ol h200-bert-base-seq128-fp16-ol
# Phase HC (session 40, 2026-11-28-h200-plan): plan's pick on HF's calibration, measured on another H200 start.
one_start base passes-hc hc h200-bert-base-seq128-fp16-hc
# Phase HL (session 40, 2026-11-28-h200-fresh-large7): phase FL7's BERT-Large levels on a one-GPU H200 start.
one_start large passes-hl hl h200-bert-large-seq384-fp16-hl
# The X start (2026-11-26, phase X) measured only its host's slow stretches, on a calibration model: the
# built-in BERT-Base profile with those stretches is the profile of its held-out runs (*-x).
$S compose-profile --profile calibration/profiles/$name.json --exec-log calibration/profiles/passes-x/exec-base-c1.bin \
  --exec-log calibration/profiles/passes-x/exec-base-c1-b8.bin --name $name-x -o calibration/profiles/$name-x.json
