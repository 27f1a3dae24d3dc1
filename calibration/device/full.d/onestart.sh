# One-start campaigns on BERT-Base: V, V5, GT, PV to PV4, F to F14, M2, M2B, M4, ST, HF to HF5, HC, HO, HW, HW2 and OL, with their run specs.
# Sourced by full.sh in order; each block runs only for its own $PHASE.

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

if [[ "$PHASE" == F8 && -x "$PA" ]]; then
  # The fresh test of step 19 (session 32; FULL_SPEC=calibration/server/specs/campaign-fresh8.json FULL_EXEC_LOG=/tmp/exec;
  # claims frozen in calibration/device/runs/2026-11-27-h100-fresh8/README.md): three never-measured configurations,
  # closed loop at one, two and eight clients per instance and open loop at about 30, 55 and 80 % of the built-in
  # profile's predicted saturated throughput, and the main command's pick at 3000 and 6000/s.
  onestart_bert_base f8 \
    pa-base-m24p824d300-i2-rate-f8:base_m24p824d300_i2:rate:3130,5740,8340 pa-base-m24p824d300-i2-conc-f8:base_m24p824d300_i2:conc:2,4,16 \
    pa-base-m48d100-i3-rate-f8:base_m48d100_i3:rate:3550,6500,9460 pa-base-m48d100-i3-conc-f8:base_m48d100_i3:conc:3,6,24 \
    pa-base-m12p12d750-i1-rate-f8:base_m12p12d750_i1:rate:1630,2980,4340 pa-base-m12p12d750-i1-conc-f8:base_m12p12d750_i1:conc:1,2,8 \
    pa-base-m16d500-i2-rate-f8:base_m16d500_i2:rate:3000,6000
fi

if [[ "$PHASE" == F9 && -x "$PA" ]]; then
  # The fresh test of step 21 (session 33; FULL_SPEC=calibration/server/specs/campaign-fresh9.json FULL_EXEC_LOG=/tmp/exec;
  # claims frozen in calibration/device/runs/2026-11-27-h100-fresh9/README.md): three never-measured configurations on
  # four, three and two instances, closed loop at one, two and eight clients per instance and open loop at about 30, 55
  # and 80 % of the built-in profile's predicted saturated throughput, and the main command's pick at 3000 and 6000/s.
  onestart_bert_base f9 \
    pa-base-m32p16d200-i4-rate-f9:base_m32p16d200_i4:rate:3175,5820,8470 pa-base-m32p16d200-i4-conc-f9:base_m32p16d200_i4:conc:4,8,32 \
    pa-base-m8d400-i3-rate-f9:base_m8d400_i3:rate:2230,4090,5950 pa-base-m8d400-i3-conc-f9:base_m8d400_i3:conc:3,6,24 \
    pa-base-m20d150-i2-rate-f9:base_m20d150_i2:rate:3460,6340,9220 pa-base-m20d150-i2-conc-f9:base_m20d150_i2:conc:2,4,16 \
    pa-base-m16d500-i2-rate-f9:base_m16d500_i2:rate:3000,6000
fi

if [[ "$PHASE" == F10 && -x "$PA" ]]; then
  # The fresh test of step 26, the idle factor keyed on the GPU's idle time (session 35; FULL_SPEC=
  # calibration/server/specs/campaign-fresh10.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-27-h100-fresh10/README.md): three never-measured configurations on four, three and
  # two instances, closed loop at one client, one per instance and eight per instance, open loop at about 30, 55 and
  # 80 % of the built-in profile's predicted saturated throughput (70 % for base_m8p4d2000_i4, whose open loop the
  # model saturates first).
  onestart_bert_base f10 \
    pa-base-m8p4d2000-i4-rate-f10:base_m8p4d2000_i4:rate:2040,3740,4770 pa-base-m8p4d2000-i4-conc-f10:base_m8p4d2000_i4:conc:1,4,32 \
    pa-base-m32d300-i3-rate-f10:base_m32d300_i3:rate:3370,6180,8990 pa-base-m32d300-i3-conc-f10:base_m32d300_i3:conc:1,3,24 \
    pa-base-m4d1000-i2-rate-f10:base_m4d1000_i2:rate:1490,2730,3970 pa-base-m4d1000-i2-conc-f10:base_m4d1000_i2:conc:1,2,16
fi

if [[ "$PHASE" == F11 && -x "$PA" ]]; then
  # The fresh test of steps 26 and 28 (session 35; FULL_SPEC=calibration/server/specs/campaign-fresh11.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-27-h100-fresh11/README.md): three
  # never-measured configurations from the main command's top list, closed loop at one and eight clients per instance and
  # open loop at about 30, 55 and 80 % of the built-in profile's predicted saturated throughput, and its new pick at 3000
  # and 6000/s.
  onestart_bert_base f11 \
    pa-base-m32d1000-i3-rate-f11:base_m32d1000_i3:rate:3470,6360,9260 pa-base-m32d1000-i3-conc-f11:base_m32d1000_i3:conc:3,24 \
    pa-base-m16d1000-i4-rate-f11:base_m16d1000_i4:rate:3250,5950,8650 pa-base-m16d1000-i4-conc-f11:base_m16d1000_i4:conc:4,32 \
    pa-base-m8p48d1000-i2-rate-f11:base_m8p48d1000_i2:rate:2400,4390,6390 pa-base-m8p48d1000-i2-conc-f11:base_m8p48d1000_i2:conc:2,16 \
    pa-base-m16-i2-rate-f11:base_m16_i2:rate:3000,6000
fi

if [[ "$PHASE" == F12 && -x "$PA" ]]; then
  # The fresh test of step 30, perf_analyzer's network drift (session 36; FULL_SPEC=calibration/server/specs/campaign-fresh12.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-28-h100-fresh12/README.md): three
  # never-measured configurations with delays on four, three and two instances, closed loop at one and eight clients per
  # instance and open loop at about 30, 55 and 80 % of the built-in profile's predicted saturated throughput.
  onestart_bert_base f12 \
    pa-base-m24d600-i4-rate-f12:base_m24d600_i4:rate:3030,5550,8080 pa-base-m24d600-i4-conc-f12:base_m24d600_i4:conc:4,32 \
    pa-base-m12d250-i3-rate-f12:base_m12d250_i3:rate:2750,5050,7350 pa-base-m12d250-i3-conc-f12:base_m12d250_i3:conc:3,24 \
    pa-base-m32p16d800-i2-rate-f12:base_m32p16d800_i2:rate:3150,5780,8410 pa-base-m32p16d800-i2-conc-f12:base_m32p16d800_i2:conc:2,16
fi

# Phase F13's levels (BERT-Base, session 37), measured again by phase F14: run names end in -S.
F13_SPECS="pa-base-m64d200-i1-rate-S:base_m64d200_i1:rate:1870,3430,4990 pa-base-m64d200-i1-conc-S:base_m64d200_i1:conc:1,8
  pa-base-m16p816d300-i3-rate-S:base_m16p816d300_i3:rate:3360,6170,8970 pa-base-m16p816d300-i3-conc-S:base_m16p816d300_i3:conc:3,24
  pa-base-m40d100-i2-rate-S:base_m40d100_i2:rate:2730,5000,7270 pa-base-m40d100-i2-conc-S:base_m40d100_i2:conc:2,16
  pa-base-m16-i2-rate-S:base_m16_i2:rate:3000,6000"

if [[ "$PHASE" == F13 && -x "$PA" ]]; then
  # A fresh test of the model as it stood after step 30 (session 37; FULL_SPEC=calibration/server/specs/campaign-fresh13.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-28-h100-fresh13/README.md): three
  # never-measured configurations on one, three and two instances, closed loop at one and eight clients per instance and
  # open loop at about 30, 55 and 80 % of the built-in profile's predicted saturated throughput, and the main command's
  # pick at 3000 and 6000/s.
  onestart_bert_base f13 ${F13_SPECS//-S:/-f13:}
fi

if [[ "$PHASE" == F14 && -x "$PA" ]]; then
  # Phase F13 repeated on another start with nothing changed (session 37; FULL_SPEC=calibration/server/specs/campaign-fresh13.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-28-h100-fresh14/README.md, F13's word for word).
  onestart_bert_base f14 ${F13_SPECS//-S:/-f14:}
fi

if [[ "$PHASE" =~ ^HF[2345]?$ && -x "$PA" ]]; then
  # Phase F13's configurations and levels on an H200 start (session 40; run kind nvidia-h200; FULL_SPEC=
  # calibration/server/specs/campaign-fresh13.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-28-h200-fresh13/README.md): the fresh test of the H200's own priors (phase HP).
  # HF2: the same on another start, nothing changed (claims frozen in .../2026-11-28-h200-fresh13b/README.md); HF3 again
  # (session 41; .../2026-11-28-h200-fresh13c/README.md); HF4 the fresh test of step 34 (session 42;
  # .../2026-11-28-h200-fresh13d/README.md); HF5 the fresh test of step 36 (session 43; .../2026-11-28-h200-fresh13e/README.md).
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  onestart_bert_base "$tag" ${F13_SPECS//-S:/-$tag:}
fi

if [[ "$PHASE" == HO && -x "$PA" ]]; then
  # The fresh test of step 38, short executions overtaking a long turn on three or more instances (session 44; run kind
  # nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-overtake-h200.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-28-h200-overtake/README.md): BERT-Base calibrated as in HF, then three- and
  # four-instance configurations in open and closed loop and a two-instance control.
  onestart_bert_base ho \
    pa-base-m16p16d0-i3-rate-ho:base_m16p16d0_i3:rate:3000,5000,7000 pa-base-m16p16d0-i3-conc-ho:base_m16p16d0_i3:conc:3,12 \
    pa-base-m32d0-i4-rate-ho:base_m32d0_i4:rate:3566,4981,6500 pa-base-m32d0-i4-conc-ho:base_m32d0_i4:conc:4,16 \
    pa-base-m24d200-i3-rate-ho:base_m24d200_i3:rate:3000,6000 \
    pa-base-m16d500-i2-rate-ho:base_m16d500_i2:rate:3000,6000
fi

if [[ "$PHASE" =~ ^HW2?$ && -x "$PA" ]]; then
  # The fresh test of step 40, the batcher woken as an instance returns without prefetch (session 50; run kind nvidia-h200;
  # FULL_SPEC=calibration/server/specs/campaign-wake-h200.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-29-h200-wake/README.md): BERT-Base calibrated as in HF, then two configurations
  # without prefetch (priority levels; a queue size) in closed and open loop, and the latter's prefetch twin. HW2: the same
  # on another start, nothing changed (claims HW's, frozen in calibration/device/runs/2026-11-29-h200-wake2/README.md).
  tag=$(echo "$PHASE" | tr 'A-Z' 'a-z')
  onestart_bert_base "$tag" \
    pa-base-prio-i1-conc-$tag:base_prio_i1:conc:2,4,8 pa-base-prio-i1-rate-$tag:base_prio_i1:rate:1400,2600,3300 \
    pa-base-m16p816d200q-i2-rate-$tag:base_m16p816d200q_i2:rate:3500,6500,8500 \
    pa-base-m16p816d200q-i2-conc-$tag:base_m16p816d200q_i2:conc:4,16 \
    pa-base-m16p816d200-i2-rate-$tag:base_m16p816d200_i2:rate:3500,6500,8500
fi

if [[ "$PHASE" == OL && -x "$PA" ]]; then
  # perf_analyzer's request-rate mode on the calibration-only model (session 51; run kind nvidia-h200;
  # FULL_SPEC=calibration/server/specs/campaign-wake-h200.json FULL_EXEC_LOG=/tmp/exec; claims frozen in
  # calibration/device/runs/2026-11-29-h200-open-loop/README.md): BERT-Base calibrated as in HF, then base_cal_dyn (64,
  # delay 0, one instance) under Poisson at 1500, 3000 and 4500/s and in closed loop at 2, 3, 4 and 6 clients, and
  # base_m16p816d200_i2 (16, preferred [8, 16], 200 us, two instances) under Poisson at 3500 and 6500/s.
  onestart_bert_base ol \
    pa-cal-rate-ol:base_cal_dyn:rate:1500,3000,4500 pa-cal-conc-ol:base_cal_dyn:conc:2,3,4,6 \
    pa-base-m16p816d200-i2-rate-ol:base_m16p816d200_i2:rate:3500,6500
fi

if [[ "$PHASE" == HC && -x "$PA" ]]; then
  # plan's pick on an H200 (session 40; run kind nvidia-h200; FULL_SPEC=calibration/server/specs/campaign-h200-plan.json
  # FULL_EXEC_LOG=/tmp/exec; claims frozen in calibration/device/runs/2026-11-28-h200-plan/README.md): BERT-Base calibrated
  # as in HF, then what plan recommends at 3000/s on HF's calibration under Poisson load from 3000/s past its claimed capacity.
  onestart_bert_base hc pa-base-m32p1632d500-i3-rate-hc:base_m32p1632d500_i3:rate:3000,5000,6419,8005,9000
fi

if [[ "$PHASE" == F7 && -x "$PA" ]]; then
  # F5's configurations and levels on a third start: the fresh test of step 15 (perf_analyzer's senders).
  onestart_bert_base f7 ${F5_SPECS//-S:/-f7:}
fi

