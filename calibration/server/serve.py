#!/usr/bin/env python3
"""Serve BERT models through a REAL Triton Inference Server (PyTriton 0.7.0 = Triton 2.51) on 127.0.0.1.

One start hosts every model of a model spec (see README.md): each model is a Triton model config
(max_batch_size, dynamic batching or the default scheduler, instance count) over one of two networks,
BERT-Base seq 128 or BERT-Large seq 384, FP16 with random weights. Execution is GPU-bound like a
TensorRT engine: CUDA graphs per batch size on per-executor streams (executor.py). Prints
`READY <grpc port>` once all models are loaded.

  python3 serve.py --spec specs/smoke.json                     # GPU
  python3 serve.py --spec specs/smoke.json --device cpu --tiny # local test, no GPU
  python3 serve.py --spec specs/smoke.json --list-config       # print Triton configs, start nothing
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pathlib
import signal
import sys
import tempfile
import threading
import time
from typing import Any, Dict, List

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compat  # noqa: E402
from spec import Spec, SpecError, load_spec, triton_config_dict  # noqa: E402

LOG = logging.getLogger("serve")


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--spec", required=True, help="model spec (.json, or .yaml with PyYAML)")
    p.add_argument("--grpc-port", type=int, default=8001)
    p.add_argument("--http-port", type=int, default=8000, help="0 turns Triton's HTTP endpoint off")
    p.add_argument("--metrics-port", type=int, default=0, help="0 (default) turns metrics off; else served on 127.0.0.1")
    p.add_argument("--device", default="cuda", help="cuda, cuda:N, cpu (eager float32, no graphs) or null (no model: zeros at once, to measure the serving overhead alone)")
    p.add_argument("--tiny", action="store_true", help="swap every network for a 2-layer BERT (local tests)")
    p.add_argument("--list-config", action="store_true", help="print the Triton model configs and exit")
    p.add_argument("--selftest", action="store_true", help="before serving: check the fused BERT against transformers, time graphs, check instance overlap")
    p.add_argument("--bench-iters", type=int, default=20, help="replays per timed graph in --selftest")
    p.add_argument("--stats-json", help="write capture/bench/selftest results (and executor counters at exit) here")
    p.add_argument("--ipc", choices=("shm", "base64"), default="shm",
                   help="how PyTriton moves tensors between the backend stubs and this process: its shared-memory "
                        "tensor store (default) or base64 inside the ZeroMQ message (PYTRITON_NO_TENSORSTORE; "
                        "cheaper for small batches, dearer for large ones)")
    p.add_argument("--workspace", help="PyTriton workspace (model store); default: a fresh temp folder")
    p.add_argument("--log-verbose", type=int, default=0, help="Triton --log-verbose")
    return p.parse_args(argv)


# ---------------------------------------------------------------------------------------------- config
def pytriton_model_config(m, seq_len: int):
    """(ModelConfig, inputs, outputs) for Triton.bind()."""
    import numpy as np
    from pytriton.model_config import DynamicBatcher, ModelConfig, QueuePolicy, Tensor, TimeoutAction

    def qp(q):
        return QueuePolicy(
            timeout_action=TimeoutAction(q.timeout_action),
            default_timeout_microseconds=q.default_timeout_microseconds,
            allow_timeout_override=q.allow_timeout_override,
            max_queue_size=q.max_queue_size,
        )

    db = m.dynamic_batching
    batcher = None
    if db is not None:
        batcher = DynamicBatcher(
            max_queue_delay_microseconds=db.max_queue_delay_microseconds,
            preferred_batch_size=list(db.preferred_batch_size) or None,
            preserve_ordering=db.preserve_ordering,
            priority_levels=db.priority_levels,
            default_priority_level=db.default_priority_level,
            default_queue_policy=qp(db.default_queue_policy) if db.default_queue_policy else None,
            priority_queue_policy={k: qp(v) for k, v in db.priority_queue_policy} or None,
        )
    config = ModelConfig(batching=True, max_batch_size=m.max_batch_size, batcher=batcher)
    inputs = [
        Tensor(name="input_ids", dtype=np.int32, shape=(seq_len,)),
        Tensor(name="attention_mask", dtype=np.int32, shape=(seq_len,)),
    ]
    outputs = [Tensor(name="logits", dtype=np.float32, shape=(2,))]
    return config, inputs, outputs


def list_config(spec: Spec) -> None:
    """Print each model's config.pbtxt as PyTriton generates it (plain dicts if PyTriton is missing)."""
    try:
        from google.protobuf import json_format, text_format
        from pytriton.model_config.generator import ModelConfigGenerator
        from pytriton.model_config.triton_model_config import TritonModelConfig
        from pytriton.model_config.common import DeviceKind
        from pytriton.model_config.tensor import Tensor  # noqa: F401
        from pytriton.models.model import Model  # noqa: F401
        from tritonclient.grpc import model_config_pb2
    except Exception as e:  # noqa: BLE001
        print(f"# PyTriton not importable ({e}); showing the configs as plain dicts")
        for m in spec.models:
            print(json.dumps(triton_config_dict(m, spec.networks[m.network].seq_len)))
        return
    from pytriton.model_config.tensor import Tensor as PTensor
    from pytriton.model_config.triton_model_config import TensorSpec

    for m in spec.models:
        net = spec.networks[m.network]
        cfg, inputs, outputs = pytriton_model_config(m, net.seq_len)

        def tspec(t: PTensor) -> TensorSpec:
            return TensorSpec(name=t.name, shape=tuple(t.shape), dtype=t.dtype)

        tmc = TritonModelConfig(
            model_name=m.name,
            max_batch_size=cfg.max_batch_size,
            batching=cfg.batching,
            batcher=cfg.batcher,
            instance_group={DeviceKind.KIND_CPU: m.instances},
            inputs=[tspec(t) for t in inputs],
            outputs=[tspec(t) for t in outputs],
            backend_parameters={"shared-memory-socket": "<set at load>"},
        )
        d = ModelConfigGenerator(config=tmc).get_config()
        pb = json_format.ParseDict(d, model_config_pb2.ModelConfig())
        print(f"# ---- {m.name}: {net.name} seq {net.seq_len}, {m.instances} instance(s) -> executors 0..{m.instances - 1}")
        print(text_format.MessageToString(pb), end="")
    need = spec.executors_needed()
    for net, sizes in need.items():
        n = spec.networks[net]
        print(f"# executors of {net}: " + ", ".join(f"#{i}: graphs {n.buckets(b)}" for i, b in enumerate(sizes)))


# ---------------------------------------------------------------------------------------------- main
def build_executors(spec: Spec, device, null: bool = False) -> tuple[Dict[str, list], Dict[str, Any]]:
    import torch

    import bert
    from executor import EagerExecutor, GraphExecutor, NullExecutor

    info: Dict[str, Any] = {"networks": {}, "executors": {}}
    if null:
        return {n: [NullExecutor(spec.networks[n], i, None, mb) for i, mb in enumerate(sizes)]
                for n, sizes in spec.executors_needed().items()}, info
    execs: Dict[str, list] = {}
    use_graphs = device.type == "cuda"
    dtype = torch.float16 if use_graphs else torch.float32
    if device.type == "cpu":
        torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    for net_name, max_batches in spec.executors_needed().items():
        net = spec.networks[net_name]
        t0 = time.perf_counter()
        model, source = bert.build(net, device, dtype)
        info["networks"][net_name] = {
            "layers": net.layers,
            "hidden": net.hidden,
            "heads": net.heads,
            "intermediate": net.intermediate,
            "seq_len": net.seq_len,
            "dtype": str(dtype).replace("torch.", ""),
            "weights": source,
            "gflop_per_sample": round(bert.flops_per_sample(net) / 1e9, 2),
            "build_s": round(time.perf_counter() - t0, 2),
        }
        LOG.info("built %s (%s) in %.1fs", net_name, source, time.perf_counter() - t0)
        lst = []
        for i, mb in enumerate(max_batches):
            if use_graphs:
                ex = GraphExecutor(net, i, model, mb, net.buckets(mb), device)
            else:
                ex = EagerExecutor(net, i, model, mb)
            prep = ex.prepare()
            info["executors"][f"{net_name}#{i}"] = {"max_batch": mb, **prep}
            LOG.info("executor %s#%d: max batch %d %s", net_name, i, mb, prep)
            lst.append(ex)
        execs[net_name] = lst
    return execs, info


def selftest(spec: Spec, execs: Dict[str, list], device, iters: int) -> Dict[str, Any]:
    import dataclasses

    import bert
    from executor import GraphExecutor, overlap_check

    out: Dict[str, Any] = {}
    for net_name, lst in execs.items():
        net = spec.networks[net_name]
        r: Dict[str, Any] = {}
        short = dataclasses.replace(net, seq_len=min(net.seq_len, 64))
        try:
            r["rel_err_vs_transformers"] = bert.reference_check(lst[0].model, short, device)
        except Exception as e:  # noqa: BLE001
            r["rel_err_vs_transformers"] = f"skipped: {type(e).__name__}: {e}"
        ex0 = lst[0]
        if isinstance(ex0, GraphExecutor):
            timed = sorted({b for b in ex0.buckets if b & (b - 1) == 0} | {ex0.buckets[-1]})
            r["graph_us"] = {str(b): round(ex0.time_graph(b, iters), 1) for b in timed}
            b1, bmax = ex0.buckets[0], ex0.buckets[-1]
            flop = bert.flops_per_sample(net)
            r["tflops_at_max_batch"] = round(flop * bmax / (r["graph_us"][str(bmax)] * 1e-6) / 1e12, 1)
            LOG.info("%s graph time: batch %d %.1f us, batch %d %.1f us", net_name, b1, r["graph_us"][str(b1)], bmax, r["graph_us"][str(bmax)])
        if len(lst) >= 2:
            r["overlap"] = overlap_check(lst, batch=1, seconds=1.0)
            LOG.info("%s overlap check: %s", net_name, r["overlap"])
        out[net_name] = r
    return out


def write_stats(path: str | None, stats: Dict[str, Any]) -> None:
    if path:
        tmp = pathlib.Path(path + ".tmp")
        tmp.write_text(json.dumps(stats, indent=2, default=str))
        tmp.replace(path)


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stdout)
    compat.set_offline_env()
    try:
        spec = load_spec(args.spec, tiny=args.tiny)
    except SpecError as e:
        print(str(e), file=sys.stderr)
        return 2
    if args.list_config:
        list_config(spec)
        return 0

    import torch

    from executor import pick_device

    null = args.device == "null"
    device = pick_device("cpu" if null else args.device)
    if device is None:
        print(f"--device {args.device}: CUDA is not available (use --device cpu --tiny for a local test)", file=sys.stderr)
        return 2
    stats: Dict[str, Any] = {"spec": args.spec, "device": str(device), "versions": compat.versions(), "started": time.time()}
    if device.type == "cuda":
        p = torch.cuda.get_device_properties(device)
        stats["gpu"] = {"name": p.name, "total_mib": p.total_memory // 2**20, "sm": p.multi_processor_count, "cc": f"{p.major}.{p.minor}"}
    LOG.info("versions %s", stats["versions"])

    t0 = time.perf_counter()
    execs, info = build_executors(spec, device, null)
    stats.update(info)
    stats["prepare_s"] = round(time.perf_counter() - t0, 2)
    if device.type == "cuda":
        free, total = torch.cuda.mem_get_info(device)
        stats["gpu_memory_after_capture_mib"] = {"used": (total - free) // 2**20, "total": total // 2**20,
                                                 "torch_reserved": torch.cuda.memory_reserved(device) // 2**20}
    if args.selftest and not null:
        stats["selftest"] = selftest(spec, execs, device, args.bench_iters)
        for lst in execs.values():
            for ex in lst:
                ex.reset_counters()
    write_stats(args.stats_json, stats)

    # PyTriton: imported only now (the torch work above does not need it).
    if args.ipc == "base64":
        os.environ["PYTRITON_NO_TENSORSTORE"] = "1"  # read by PyTriton here and by the stubs (inherited)
    else:
        os.environ.pop("PYTRITON_NO_TENSORSTORE", None)
    stats["ipc"] = args.ipc
    compat.ensure_libpython()
    compat.apply_pytriton_patches()
    from pytriton.decorators import batch
    from pytriton.triton import Triton, TritonConfig, TritonSecurityConfig

    def make_infer(ex):
        @batch
        def infer(input_ids, attention_mask):
            return {"logits": ex(input_ids, attention_mask)}

        return infer

    # PyTriton creates the workspace itself (it must not exist) and deletes it at stop.
    workspace = args.workspace or os.path.join(tempfile.mkdtemp(prefix="servesim-triton-"), "ws")
    cfg = TritonConfig(
        grpc_address="127.0.0.1",
        grpc_port=args.grpc_port,
        allow_http=args.http_port > 0,
        http_address="127.0.0.1",
        http_port=args.http_port if args.http_port > 0 else None,
        allow_metrics=args.metrics_port > 0,
        allow_gpu_metrics=args.metrics_port > 0,
        allow_cpu_metrics=args.metrics_port > 0,
        metrics_address="127.0.0.1" if args.metrics_port > 0 else None,
        metrics_port=args.metrics_port if args.metrics_port > 0 else None,
        log_verbose=args.log_verbose,
        exit_timeout_secs=5,
    )
    stopping = threading.Event()

    def on_term(signum, frame):  # SIGTERM behaves like Ctrl-C: unwind out of serve()
        if not stopping.is_set():
            stopping.set()
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    triton = Triton(config=cfg, workspace=workspace, security_config=TritonSecurityConfig(restricted_endpoints=[]))
    try:
        with triton:
            t1 = time.perf_counter()
            for m in spec.models:
                net = spec.networks[m.network]
                mcfg, inputs, outputs = pytriton_model_config(m, net.seq_len)
                fns = [make_infer(execs[m.network][i]) for i in range(m.instances)]
                triton.bind(model_name=m.name, infer_func=fns, inputs=inputs, outputs=outputs, config=mcfg, strict=False)
                LOG.info("loaded %s", m.name)
            stats["load_s"] = round(time.perf_counter() - t1, 2)
            stats["triton_version"] = compat.triton_version_from_log(triton._triton_server.logs()) if triton._triton_server else None
            stats["ready_after_s"] = round(time.time() - stats["started"], 1)
            write_stats(args.stats_json, stats)
            print(f"READY {args.grpc_port}", flush=True)
            triton.serve()
    except KeyboardInterrupt:
        LOG.info("stopping")
    finally:
        stats["executor_counters"] = {f"{k}#{e.index}": e.stats() for k, lst in execs.items() for e in lst}
        write_stats(args.stats_json, stats)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
