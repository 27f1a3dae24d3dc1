#!/usr/bin/env bash
# Write each single-instance live run's measured server speed (serverSpeed in its JSON) from the committed
# execution logs of the one-start campaigns (V, V5, V99 for BERT-Base, W for BERT-Large): every level's
# back-to-back executions against the same start's calibration-phase executions (exec_speed.py). The
# built-in profiles' own runs and the X start's have no calibration-phase log on their start: no speed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
R=calibration/device/runs
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
speed() {  # speed <tag> <run dir> <exec tarball> <manifest> <passes dir> <net> <description> <live dir...>
  local tag=$1 dir=$2 tarball=$3 manifest=$4 passes=$5 net=$6 what=$7; shift 7
  mkdir -p "$T/$tag" && tar xJf "$R/$dir/$tarball" -C "$T/$tag"
  for live in "$@"; do
    python3 calibration/server/exec_speed.py --manifest "$R/$dir/$manifest" --logs "$T/$tag" \
      --ref "calibration/profiles/$passes/exec-cal-$net-caldyn.bin" --ref "calibration/profiles/$passes/exec-cal-$net-i1.bin" \
      --live "$live" --source "$what"
  done
}
speed v 2026-11-26-h100-onestart exec-logs-v.tar.xz manifest-v.csv passes-onestart base \
  "execution logs of the V start (2026-11-26) against its calibration phase" calibration/live
speed v5 2026-11-26-h100-onestart2 exec-logs-v5.tar.xz manifest-v5.csv passes-onestart2 base \
  "execution logs of the V5 start (2026-11-26) against its calibration phase" calibration/live
speed p99 2026-11-26-h100-p99 exec-logs-p99.tar.xz manifest-p99.csv passes-onestart3 base \
  "execution logs of the V99 start (2026-11-26) against its calibration phase" calibration/live calibration/repeat-p99
speed w 2026-11-26-h100-onestart-large exec-logs-w.tar.xz manifest-w.csv passes-onestart large \
  "execution logs of the W start (2026-11-26) against its calibration phase" calibration/live
