#!/usr/bin/env bash
# Smoke test on the GPU machine: install the carried wheels, start REAL Triton (serve.py) with the
# smoke spec, probe it (python tritonclient, ModelStatistics), run a short real perf_analyzer, and
# copy logs and versions under $OUT. Ends well inside 5 minutes (every step has a timeout).
#
#   run(command="bash calibration/device/smoke.sh", carry=[".carry"])
#
# Locally (no GPU): SMOKE_DEVICE=cpu SMOKE_TINY=1 OUT=/tmp/smoke bash calibration/device/smoke.sh
# (perf_analyzer needs glibc >= 2.38 and is skipped where it cannot run).
# Files under $OUT (at most 8): log, server.log, serve_stats.json, model_stats.json, pa_base.csv,
# pa_large.csv, versions.txt.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${OUT:-/tmp/smoke-out}"
mkdir -p "$OUT"
SITE="${SMOKE_SITE:-/tmp/site}"
SPEC="${SMOKE_SPEC:-calibration/server/specs/smoke.json}"
PORT="${SMOKE_GRPC_PORT:-8001}"
DEVICE="${SMOKE_DEVICE:-cuda}"
TINY="${SMOKE_TINY:-0}"
T0=$(date +%s)
exec > >(tee "$OUT/log") 2>&1
say() { echo "[smoke +$(( $(date +%s) - T0 ))s] $*"; }
unxz() {  # unxz FILE > OUT (xz if present, else Python's lzma)
  if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi
}

# ------------------------------------------------------------------ install (carried, no network)
say "install wheels"
mkdir -p .whl
if [[ -f .carry/wheels.tar.xz ]]; then unxz .carry/wheels.tar.xz | tar -xf - -C .whl || exit 1; fi
WHEELS=(.whl/*.whl)
if ! ldd --version 2>&1 | head -1 | grep -qE '2\.(3[89]|[4-9][0-9])'; then
  WHEELS=($(ls .whl/*.whl | grep -v perf_analyzer))  # glibc < 2.38: no perf_analyzer here
fi
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "${WHEELS[@]}" || exit 1
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
if [[ -f .carry/libpython3.12.so.1.0.xz ]]; then  # used only if the interpreter has no shared libpython
  mkdir -p /tmp/libpython && unxz .carry/libpython3.12.so.1.0.xz > /tmp/libpython/libpython3.12.so.1.0
  export SERVESIM_LIBPYTHON_DIR=/tmp/libpython
fi
if [[ -f .carry/node.xz ]]; then
  mkdir -p /tmp/node/bin && unxz .carry/node.xz > /tmp/node/bin/node && chmod +x /tmp/node/bin/node
  export PATH="/tmp/node/bin:$PATH"
fi
PA="$SITE/perf_analyzer/bin/perf_analyzer"
[[ -f "$PA" ]] && chmod +x "$PA"

# ------------------------------------------------------------------ versions
say "versions"
{
  echo "## date"; date -u +%FT%TZ
  echo "## uname"; uname -a
  echo "## glibc"; ldd --version 2>&1 | head -1
  echo "## /dev/shm, cpus, memory"; df -h /dev/shm; nproc; free -g
  echo "## nvidia-smi"; timeout 20 nvidia-smi 2>&1
  echo "## nvidia-smi query"
  timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,clocks.sm,clocks.max.sm,power.draw,power.limit,temperature.gpu --format=csv 2>&1
  echo "## python"; command -v python3; python3 -V
  echo "## packages"
  python3 - <<'PY' 2>&1
import importlib.metadata as md
for d in ("torch", "numpy", "transformers", "nvidia-pytriton", "tritonclient", "perf-analyzer", "grpcio", "protobuf", "pyzmq", "gevent"):
    try:
        print(d, md.version(d))
    except Exception as e:
        print(d, "missing", type(e).__name__)
import torch, sysconfig
print("torch.cuda", torch.version.cuda, "available", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "-")
print("LIBDIR", sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME"))
PY
  echo "## libpython on the system"; ldconfig -p 2>/dev/null | grep libpython3 || echo none
  echo "## node"; (command -v node && node --version) 2>&1
  echo "## perf_analyzer"; ([[ -x "$PA" ]] && timeout 10 "$PA" --version) 2>&1 | head -2
} > "$OUT/versions.txt" 2>&1
grep -A12 "## packages" "$OUT/versions.txt"
grep -A2 "## nvidia-smi query" "$OUT/versions.txt"

# ------------------------------------------------------------------ server
say "start serve.py ($SPEC, $DEVICE)"
EXTRA=()
[[ "$TINY" == 1 ]] && EXTRA+=(--tiny)
PYTHONUNBUFFERED=1 timeout 290 python3 calibration/server/serve.py --spec "$SPEC" --grpc-port "$PORT" \
  --device "$DEVICE" --selftest --stats-json "$OUT/serve_stats.json" "${EXTRA[@]}" > "$OUT/server.log" 2>&1 &
SERVER=$!
READY=0
for _ in $(seq 1 360); do
  if grep -q "^READY $PORT" "$OUT/server.log" 2>/dev/null; then READY=1; break; fi
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.5
done
grep -E "serve(\.[a-z]+)? (INFO|WARNING|ERROR)|READY|Traceback|Error" "$OUT/server.log" | grep -v "Closing Inference" | head -40
if [[ $READY != 1 ]]; then
  say "server did not become ready"; tail -60 "$OUT/server.log"
  kill -TERM "$SERVER" 2>/dev/null; sleep 3; kill -KILL "$SERVER" 2>/dev/null
  exit 1
fi
say "READY"

# ------------------------------------------------------------------ probe + perf_analyzer
say "probe (tritonclient gRPC, ModelStatistics)"
timeout 120 python3 calibration/server/probe.py --url "127.0.0.1:$PORT" --out "$OUT/model_stats_probe.json" --burst 64 --sweep-reps 5 > /tmp/probe.json
PROBE_RC=$?
cat /tmp/probe.json
if [[ -x "$PA" ]] && "$PA" --version >/dev/null 2>&1; then
  for pair in "bert_base_dyn:pa_base.csv" "bert_large_dyn:pa_large.csv"; do
    m="${pair%%:*}"; f="${pair##*:}"
    say "perf_analyzer $m"
    timeout 75 "$PA" -m "$m" -u "127.0.0.1:$PORT" -i grpc --concurrency-range 1:4:3 -p 1000 -f "$OUT/$f" 2>&1 | tail -22
  done
else
  say "perf_analyzer not runnable here: skipped"
fi
# Final statistics after perf_analyzer (the probe's own copy is merged into it below).
timeout 30 python3 - "$PORT" "$OUT" <<'PY'
import json, sys, tritonclient.grpc as g
c = g.InferenceServerClient(f"127.0.0.1:{sys.argv[1]}")
stats = c.get_inference_statistics(as_json=True)
try:
    probe = json.load(open(f"{sys.argv[2]}/model_stats_probe.json"))
except Exception:
    probe = None
json.dump({"after_probe": probe, "final": stats}, open(f"{sys.argv[2]}/model_stats.json", "w"), indent=1)
PY
rm -f "$OUT/model_stats_probe.json"

# ------------------------------------------------------------------ stop
say "stop server"
kill -TERM "$SERVER" 2>/dev/null
for _ in $(seq 1 40); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
kill -KILL "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null

# ------------------------------------------------------------------ summary
say "summary"
python3 - "$OUT" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
s = json.load(open(f"{out}/serve_stats.json"))
print("GPU:", s.get("gpu"), "| Triton", s.get("triton_version"), "| versions", s.get("versions"))
print("prepare_s", s.get("prepare_s"), "load_s", s.get("load_s"), "ready_after_s", s.get("ready_after_s"), "memory", s.get("gpu_memory_after_capture_mib"))
for k, v in (s.get("executors") or {}).items():
    print("executor", k, v)
for k, v in (s.get("selftest") or {}).items():
    print("selftest", k, json.dumps(v))
try:
    p = json.load(open("/tmp/probe.json"))
    for name, m in p["models"].items():
        st = m.get("stats", {})
        print("model", name, {k: m.get(k) for k in m if k != "stats"}, "| mean_us", st.get("mean_us"), "| compute_infer_us by batch", st.get("batch_compute_infer_us"))
    print("probe problems:", p.get("problems"))
except Exception as e:
    print("probe summary unavailable:", e)
for f in ("pa_base.csv", "pa_large.csv"):
    path = f"{out}/{f}"
    if os.path.exists(path):
        print(f"{f}:")
        for row in csv.DictReader(open(path)):
            print("  c=%s thr=%s/s queue=%sus infer=%sus p50=%sus p99=%sus" % (row.get("Concurrency"), row.get("Inferences/Second"), row.get("Server Queue"), row.get("Server Compute Infer"), row.get("p50 latency"), row.get("p99 latency")))
print("executor counters:", json.dumps(s.get("executor_counters")))
PY
say "done (probe rc=$PROBE_RC)"
exit $PROBE_RC
