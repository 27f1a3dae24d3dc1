#!/usr/bin/env bash
# Rebuild the shipped H100 profiles from their committed calibration data (probes-*.json: the models and
# probes of each pass's calibrate --raw JSON, for the GPU switch cost), with the commands README.md
# gives (run after `npm run build`; each profile must come back byte-identical unless the model changed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
S="node bin/servesim.js"
for net in base large; do
  if [[ $net == base ]]; then name=h100-bert-base-seq128-fp16; file=bert-base; m=bert_base_i1; else name=h100-bert-large-seq384-fp16; file=bert-large; m=bert_large_i1; fi
  # The built-in profiles' own passes logged no executions, so their host noise (slow stretches, execution
  # jitter) is pooled from every later calibration-phase execution log of the same network on this host type.
  host_noise=()
  for d in calibration/profiles/passes-onestart*; do
    for f in "$d/exec-cal-$net-i1.bin" "$d/exec-cal-$net-caldyn.bin"; do [[ -f $f ]] && host_noise+=(--exec-log "$f"); done
  done
  if [[ $net == base ]]; then host_noise+=(--exec-log calibration/profiles/passes-x/exec-base-c1.bin --exec-log calibration/profiles/passes-x/exec-base-c1-b8.bin); fi
  P=calibration/profiles/passes
  $S compose-profile --profile $P/$name.pass1.json --merge $P/$name.pass2.json --run $P/composition-$file.json \
    --idle $P/idle-h100.pass1.json --idle $P/idle-h100.pass2.json --idle-model $m --tool-run $P/client-pa-$file.json \
    --gpu-turns $P/probes-$file.pass1.json --gpu-turns $P/probes-$file.pass2.json "${host_noise[@]}" --name $name -o calibration/profiles/$name.json
  P=calibration/profiles/passes-onestart
  if [[ $net == base ]]; then idle=$P/idle-h100.json; else idle=$P/idle-h100-large.json; fi
  $S compose-profile --profile $P/$name.onestart.json --run $P/composition-$file.json --idle $idle --idle-model $m \
    --tool-run $P/client-pa-$file.json --exec-log $P/exec-cal-$net-i1.bin --exec-log $P/exec-cal-$net-caldyn.bin --gpu-turns $P/probes-$file.json \
    --name $name-onestart -o calibration/profiles/$name-onestart.json
done
# The later BERT-Base one-start campaigns (V5, V99, GT, PV, PV2, PV3, PV4): the same command, folder by folder.
name=h100-bert-base-seq128-fp16
for k in 2 3 4 5 6 7 8; do
  P=calibration/profiles/passes-onestart$k
  $S compose-profile --profile $P/$name.onestart$k.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
    --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
    --gpu-turns $P/probes-bert-base.json --name $name-onestart$k -o calibration/profiles/$name-onestart$k.json
done
# The fresh start (phase F, the frozen-model test): the same command; its folder is not a passes-onestart*
# one, so its logs stay out of the built-in profile's pooled host noise (the model under test stays as frozen).
P=calibration/profiles/passes-fresh
$S compose-profile --profile $P/$name.fresh.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
  --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
  --gpu-turns $P/probes-bert-base.json --name $name-fresh -o calibration/profiles/$name-fresh.json
P=calibration/profiles/passes-fresh2  # phase F2: the same test on another start
$S compose-profile --profile $P/$name.fresh2.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
  --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
  --gpu-turns $P/probes-bert-base.json --name $name-fresh2 -o calibration/profiles/$name-fresh2.json
P=calibration/profiles/passes-fresh3  # phase F3: the second fresh test
$S compose-profile --profile $P/$name.fresh3.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
  --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
  --gpu-turns $P/probes-bert-base.json --name $name-fresh3 -o calibration/profiles/$name-fresh3.json
P=calibration/profiles/passes-fresh4  # phase F4: the third fresh test
$S compose-profile --profile $P/$name.fresh4.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
  --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
  --gpu-turns $P/probes-bert-base.json --name $name-fresh4 -o calibration/profiles/$name-fresh4.json
P=calibration/profiles/passes-fresh5  # phase F5: the fourth fresh test
$S compose-profile --profile $P/$name.fresh5.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
  --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
  --gpu-turns $P/probes-bert-base.json --name $name-fresh5 -o calibration/profiles/$name-fresh5.json
P=calibration/profiles/passes-fresh6  # phase F6: F5 again on another start
$S compose-profile --profile $P/$name.fresh6.json --run $P/composition-bert-base.json --idle $P/idle-h100.json \
  --idle-model bert_base_i1 --tool-run $P/client-pa-bert-base.json --exec-log $P/exec-cal-base-i1.bin --exec-log $P/exec-cal-base-caldyn.bin \
  --gpu-turns $P/probes-bert-base.json --name $name-fresh6 -o calibration/profiles/$name-fresh6.json
# The BERT-Large fresh test (phase FL): the command of the BERT-Large one-start profile above, on its folder.
P=calibration/profiles/passes-fresh-large name=h100-bert-large-seq384-fp16
$S compose-profile --profile $P/$name.fresh.json --run $P/composition-bert-large.json --idle $P/idle-h100.json \
  --idle-model bert_large_i1 --tool-run $P/client-pa-bert-large.json --exec-log $P/exec-cal-large-i1.bin \
  --exec-log $P/exec-cal-large-caldyn.bin --gpu-turns $P/probes-bert-large.json --name $name-fresh -o calibration/profiles/$name-fresh.json
P=calibration/profiles/passes-fresh-large2 name=h100-bert-large-seq384-fp16  # phase FL2: BERT-Large's second fresh test
$S compose-profile --profile $P/$name.fresh2.json --run $P/composition-bert-large.json --idle $P/idle-h100.json \
  --idle-model bert_large_i1 --tool-run $P/client-pa-bert-large.json --exec-log $P/exec-cal-large-i1.bin \
  --exec-log $P/exec-cal-large-caldyn.bin --gpu-turns $P/probes-bert-large.json --name $name-fresh2 -o calibration/profiles/$name-fresh2.json
name=h100-bert-base-seq128-fp16
# The X start (2026-11-26, phase X) measured only its host's slow stretches, on a calibration model: the
# built-in BERT-Base profile with those stretches is the profile of its held-out runs (*-x).
$S compose-profile --profile calibration/profiles/$name.json --exec-log calibration/profiles/passes-x/exec-base-c1.bin \
  --exec-log calibration/profiles/passes-x/exec-base-c1-b8.bin --name $name-x -o calibration/profiles/$name-x.json
