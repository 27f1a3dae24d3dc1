#!/usr/bin/env bash
# Import one one-start campaign (full.sh's onestart phases: V, GT, PV…, F to F5 for BERT-Base, FL and FL2 for
# BERT-Large; the network is read from the calibrated profile's name in the results) from the
# results.tgz a device call returned: the calibration files into calibration/profiles/<passes dir>/ under
# the names compose-profile's commands use, the two calibration-phase execution logs cut from the
# instances' logs (exec_cut.py --until-end-of exec-c1-<tag>), the probes from the raw calibrate JSON, the
# run's logs into calibration/device/runs/<run dir>/, and each live run into calibration/live/ (a
# diagnostic one, named diag-*, into the run folder's diag/) with metadata.profile set to <profile>.
# Refuses to overwrite anything. Then build the profile with a one_start line in
# scripts/rebuild-profiles.sh.
#
#   bash scripts/import-onestart.sh <tag> <results.tgz> <passes dir> <run dir> <profile> [<phase>]
#   e.g. bash scripts/import-onestart.sh f3 /work/.device/3/results.tgz passes-fresh3 2026-11-26-h100-fresh3 \
#          h100-bert-base-seq128-fp16-fresh3 F3
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ $# -ge 5 ]] || { echo "usage: $0 <tag> <results.tgz> <passes dir> <run dir> <profile> [<phase>]" >&2; exit 2; }
tag=$1 tgz=$2 passes=$3 rundir=$4 profile=$5 phase=${6:-$(echo "$1" | tr a-z A-Z)}
P=calibration/profiles/$passes R=calibration/device/runs/$rundir
[[ -f $tgz ]] || { echo "$tgz: no such file" >&2; exit 1; }
[[ ! -e $P && ! -e $R ]] || { echo "$P or $R already exists: not overwriting" >&2; exit 1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
tar xzf "$tgz" -C "$T"
F=$T/profiles L=$T/logs
if [[ -f $F/h100-bert-large-seq384-fp16.$tag.json ]]; then
  file=bert-large short=large prof=h100-bert-large-seq384-fp16 i1=bert_large_i1 cal=large_cal_dyn
else
  file=bert-base short=base prof=h100-bert-base-seq128-fp16 i1=bert_base_i1 cal=base_cal_dyn
fi
mkdir -p "$T/exec" && tar xJf "$L/exec-logs-$tag.tar.xz" -C "$T/exec"
mkdir -p "$P" "$R"
for x in json csv; do
  cp "$F/composition-$tag.$x" "$P/composition-$file.$x"
  cp "$F/client-pa-$tag.$x" "$P/client-pa-$file.$x"
  cp "$F/exec-c1-$tag.$x" "$P/exec-$short-c1.$x"
done
cp "$F/exec-c1-$tag.bin" "$P/exec-$short-c1.bin"
cp "$F/$prof.$tag.json" "$P/$prof.${profile##*-}.json"
cp "$F/idle-$tag.json" "$P/idle-h100.json"
M=$F/manifest-$tag.csv
# a host check run before the calibration (phases TP4, TP5: logs/check-manifest.csv) stays out of its logs
since=(); [[ -f $L/check-manifest.csv && $(wc -l < "$L/check-manifest.csv") -ge 2 ]] && since=(--since-manifest "$L/check-manifest.csv" --since-end-of "$(tail -1 "$L/check-manifest.csv" | cut -d, -f1)")
python3 calibration/server/exec_cut.py --manifest "$M" --log "$T/exec/$i1.${i1}_0_0.bin" --until-end-of "exec-c1-$tag" "${since[@]}" --out "$P/exec-cal-$short-i1.bin"
python3 calibration/server/exec_cut.py --manifest "$M" --log "$T/exec/$cal.${cal}_0_0.bin" --until-end-of "exec-c1-$tag" "${since[@]}" --out "$P/exec-cal-$short-caldyn.bin"
python3 - "$F/$prof.$tag.raw.json" "$P/probes-$file.json" "$R/$prof.$tag.raw.json.xz" <<'PY'
import json, sys
raw = json.load(open(sys.argv[1]))
json.dump({"source": sys.argv[3], "startedAt": raw["startedAt"], "models": raw["models"], "probes": raw["probes"]}, open(sys.argv[2], "w"), indent=1)
PY
cp "$L/exec-logs-$tag.tar.xz" "$L/full-$phase.log" "$L/idle-$tag.log" "$L/nvidia-smi-$phase.csv" "$M" "$R/"
if [[ -f $L/check.txt ]]; then cp "$L/check-manifest.csv" "$L/check.txt" "$R/"; fi
xz -9 -c "$F/$prof.$tag.raw.json" > "$R/$prof.$tag.raw.json.xz"
xz -9 -c "$L/server.log" > "$R/server.log.xz"
(cd "$L" && tar cJf - pa-*.log) > "$R/pa-logs.tar.xz"
python3 - "$T/live" calibration/live "$profile" "$R/diag" <<'PY'
import glob, json, os, shutil, sys
src, live, profile, diag = sys.argv[1:]
for f in sorted(glob.glob(f"{src}/*.json")):
    # diagnostic runs (diag-*) stay with the run's logs, out of the validated live runs
    dst = diag if os.path.basename(f).startswith("diag-") else live
    os.makedirs(dst, exist_ok=True)
    out = os.path.join(dst, os.path.basename(f))
    if os.path.exists(out):
        sys.exit(f"{out} already exists: not overwriting")
    d = json.load(open(f))
    d.setdefault("metadata", {})["profile"] = profile
    with open(out, "w") as o:
        json.dump(d, o, indent=1)
        o.write("\n")
    shutil.copy(f[:-5] + ".csv", out[:-5] + ".csv")
    print(f"live run {out} (profile {profile})")
PY
echo "imported $tag: $P, $R; now add a one_start line for it to scripts/rebuild-profiles.sh"
