#!/usr/bin/env python3
"""Serve a model spec through Triton's own Python backend, with no PyTriton in the request path.

serve.py runs the networks in its own process and PyTriton relays every batch to it from the backend
stub (ZeroMQ, one GIL for all instances): about 2 ms per execution and noisy. This script instead
writes a plain Triton model repository — one folder per model with config.pbtxt and
1/model.py (= triton_model.py), `backend: "python"`, instance_group KIND_GPU (KIND_CPU off the GPU) —
and starts the tritonserver binary shipped in the PyTriton wheel on it. Each instance is one stub
process that builds its network and CUDA graphs itself, exactly how a Python-backend model is deployed.

  python3 repo.py --spec specs/full.json                      # GPU: write the repository, serve it
  python3 repo.py --spec specs/smoke.json --device cpu --tiny # local test, no GPU
  python3 repo.py --spec specs/smoke.json --write-only DIR    # just the repository
  python3 repo.py --spec specs/trace.json --trace-file /tmp/trace/t.json  # with Triton's request tracing

Prints `READY <grpc port>` once every model is loaded; SIGTERM stops the server. Listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compat  # noqa: E402
from spec import ModelSpec, NetworkSpec, Spec, SpecError, load_spec, triton_config_dict  # noqa: E402

ENUM_FIELDS = {"kind", "data_type", "timeout_action"}


def _scalar(key: str, v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if key in ENUM_FIELDS:
        return str(v)
    return json.dumps(str(v))  # a protobuf text string: double quotes, C escapes


def to_pbtxt(msg: Dict[str, Any], indent: str = "") -> str:
    """A Triton ModelConfig dict (triton_config_dict's shape) as protobuf text format."""
    out: List[str] = []
    for key, v in msg.items():
        if v is None:
            continue
        if key in ("priority_queue_policy", "parameters") and isinstance(v, dict):  # proto maps
            for k, sub in v.items():
                kk = k if key == "priority_queue_policy" else json.dumps(k)
                out.append(f"{indent}{key} {{\n{indent}  key: {kk}\n{indent}  value {{\n"
                           f"{to_pbtxt(sub, indent + '    ')}{indent}  }}\n{indent}}}\n")
        elif isinstance(v, dict):
            out.append(f"{indent}{key} {{\n{to_pbtxt(v, indent + '  ')}{indent}}}\n")
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for item in v:
                out.append(f"{indent}{key} {{\n{to_pbtxt(item, indent + '  ')}{indent}}}\n")
        elif isinstance(v, list):
            out.append(f"{indent}{key}: [{', '.join(_scalar(key, x) for x in v)}]\n")
        else:
            out.append(f"{indent}{key}: {_scalar(key, v)}\n")
    return "".join(out)


def model_config(m: ModelSpec, net: NetworkSpec, device: str, sys_path: List[str], exec_log: str = "",
                 exec_split: bool = False) -> Dict[str, Any]:
    cfg = triton_config_dict(m, net.seq_len)
    cfg["instance_group"] = [{"count": m.instances, "kind": "KIND_GPU", "gpus": list(m.gpus)} if device == "cuda"
                             else {"count": m.instances, "kind": "KIND_CPU"}]
    netd = dataclasses.asdict(net)
    if isinstance(netd.get("graph_batch_sizes"), tuple):
        netd["graph_batch_sizes"] = list(netd["graph_batch_sizes"])
    cfg["parameters"] = {
        "servesim_sys_path": {"string_value": os.pathsep.join(sys_path)},
        "servesim_network": {"string_value": json.dumps(netd, separators=(",", ":"))},
        "servesim_device": {"string_value": device},
    }
    if exec_log:
        cfg["parameters"]["servesim_exec_log"] = {"string_value": exec_log}
        if exec_split:
            cfg["parameters"]["servesim_exec_split"] = {"string_value": "1"}
    return cfg


def write_repository(spec: Spec, repo: pathlib.Path, device: str, exec_log: str = "", exec_split: bool = False) -> None:
    """One folder per model: config.pbtxt and 1/model.py. The stub's interpreter ignores PYTHONPATH, so
    the folders this interpreter imports from (and this one, for bert/executor/spec) are named in it."""
    sys_path = [str(HERE)] + [p for p in sys.path if p and os.path.isdir(p) and p != str(HERE)]
    for m in spec.models:
        d = repo / m.name
        (d / "1").mkdir(parents=True, exist_ok=True)
        (d / "config.pbtxt").write_text(to_pbtxt(model_config(m, spec.networks[m.network], device, sys_path, exec_log, exec_split)))
        shutil.copyfile(HERE / "triton_model.py", d / "1" / "model.py")


def backend_dir(work: pathlib.Path) -> pathlib.Path:
    """PyTriton's backends folder with the stub for this Python version put where the Python backend
    looks for it (PyTriton does the same copy into its workspace)."""
    import pytriton

    dist = pathlib.Path(pytriton.__file__).resolve().parent / "tritonserver"
    dst = work / "backends"
    shutil.copytree(dist / "backends", dst, dirs_exist_ok=True)
    stub = dist / "python_backend_stubs" / f"{sys.version_info.major}.{sys.version_info.minor}" / "triton_python_backend_stub"
    if not stub.exists():
        raise RuntimeError(f"no Python-backend stub for Python {sys.version_info.major}.{sys.version_info.minor}: {stub}")
    shutil.copyfile(stub, dst / "python" / "triton_python_backend_stub")
    os.chmod(dst / "python" / "triton_python_backend_stub", 0o755)
    return dst


def ready(url: str) -> bool:
    try:
        import tritonclient.grpc as g

        return bool(g.InferenceServerClient(url).is_server_ready())
    except Exception:  # noqa: BLE001 - not up yet
        return False


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--spec", required=True, help="model spec (.json, or .yaml with PyYAML)")
    p.add_argument("--device", default="cuda", choices=["cuda", "cpu", "null"])
    p.add_argument("--tiny", action="store_true", help="2-layer networks (local CPU tests)")
    p.add_argument("--grpc-port", type=int, default=8001)
    p.add_argument("--write-only", metavar="DIR", help="write the model repository to DIR and exit")
    p.add_argument("--load-threads", type=int, default=min(16, os.cpu_count() or 4))
    p.add_argument("--ready-timeout-s", type=float, default=240)
    p.add_argument("--log-verbose", type=int, default=0)
    p.add_argument("--trace-file", metavar="PATH",
                   help="trace every request (Triton's TIMESTAMPS level) into PATH.<n>")
    p.add_argument("--exec-log", metavar="DIR",
                   help="every instance logs each execution's start, end and size to DIR (triton_model.py)")
    p.add_argument("--exec-split", action="store_true",
                   help="with --exec-log: each instance also logs where each execution's time went (host or GPU)")
    p.add_argument("--trace-log-frequency", type=int, default=2000, help="traces per trace file (default 2000)")
    return p.parse_args(argv)


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    try:
        spec = load_spec(args.spec, tiny=args.tiny)
    except SpecError as e:
        print(str(e), file=sys.stderr)
        return 2
    if args.write_only:
        write_repository(spec, pathlib.Path(args.write_only), args.device)
        print(f"wrote {len(spec.models)} models to {args.write_only}")
        return 0
    compat.set_offline_env()
    compat.ensure_libpython()
    # The stub and the backend library find Triton's bundled libraries (libcudart, ...) through a
    # relative RPATH that breaks once they are copied; PyTriton sets the same variable.
    libs = str(compat.pytriton_libs_dir())
    os.environ["LD_LIBRARY_PATH"] = ":".join([x for x in os.environ.get("LD_LIBRARY_PATH", "").split(":") if x] + [libs])
    # The stub's embedded interpreter finds its prefix (and so numpy's site-packages, imported by the
    # backend's utilities before model.py runs) from the first `python3` on PATH: make it this one.
    os.environ["PATH"] = f"{pathlib.Path(sys.executable).parent}:{os.environ.get('PATH', '')}"
    work = pathlib.Path(tempfile.mkdtemp(prefix="servesim-repo-"))
    if args.exec_split and not args.exec_log:
        print("--exec-split needs --exec-log", file=sys.stderr)
        return 2
    write_repository(spec, work / "models", args.device, args.exec_log or "", args.exec_split)
    backends = backend_dir(work)
    import pytriton

    binary = pathlib.Path(pytriton.__file__).resolve().parent / "tritonserver" / "bin" / "tritonserver"
    os.chmod(binary, 0o755)
    cmd = [str(binary), f"--model-repository={work / 'models'}", f"--backend-directory={backends}",
           "--grpc-address=127.0.0.1", f"--grpc-port={args.grpc_port}", "--allow-http=false",
           "--allow-metrics=false", "--disable-auto-complete-config", "--strict-readiness=true",
           f"--model-load-thread-count={args.load_threads}", "--exit-timeout-secs=10",
           f"--log-verbose={args.log_verbose}"]
    if args.trace_file:
        cmd += [f"--trace-config=triton,file={args.trace_file}", f"--trace-config=triton,log-frequency={args.trace_log_frequency}",
                "--trace-config=level=TIMESTAMPS", "--trace-config=rate=1", "--trace-config=count=-1"]
    print("exec " + " ".join(cmd), flush=True)
    t0 = time.time()
    proc = subprocess.Popen(cmd, start_new_session=True)

    def stop(signum, frame):  # noqa: ARG001
        proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    url = f"127.0.0.1:{args.grpc_port}"
    while proc.poll() is None and not ready(url):
        if time.time() - t0 > args.ready_timeout_s:
            print(f"not ready after {args.ready_timeout_s:.0f} s", flush=True)
            proc.terminate()
            break
        time.sleep(0.5)
    if proc.poll() is None:
        print(f"READY {args.grpc_port} after {time.time() - t0:.1f} s", flush=True)
    rc = proc.wait()
    shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
