#!/usr/bin/env python3
"""Probe a running serve.py over KServe v2 gRPC (python tritonclient): every model is ready, answers
batch 1 and max-batch requests with finite FP32 logits [b, 2], a burst of concurrent requests to each
dynamic-batching model is batched by Triton, priorities are accepted, and (--sweep-reps) models with
the default scheduler see a few requests at each power-of-2 batch size; then dump ModelStatistics.

  python3 probe.py --url 127.0.0.1:8001 --out stats.json [--burst 64]
Exit code 0 only if every check passed. Prints one JSON summary line last.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import sys
import time
from typing import Any, Dict, List

import numpy as np


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="127.0.0.1:8001")
    ap.add_argument("--out", help="write the full ModelStatistics (JSON) here")
    ap.add_argument("--burst", type=int, default=64, help="concurrent single requests per dynamic-batching model")
    ap.add_argument("--sweep-reps", type=int, default=0, help="models without dynamic batching: this many requests at each power-of-2 batch size")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args(argv)

    import tritonclient.grpc as grpcclient

    client = grpcclient.InferenceServerClient(args.url)
    t_end = time.time() + args.timeout
    while time.time() < t_end:
        try:
            if client.is_server_ready():
                break
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.5)
    meta = client.get_server_metadata(as_json=True)
    # PyTriton loads models with inline configs, so the repository index is empty: list loaded models
    # through the statistics endpoint instead (which also proves it is not access-restricted).
    index = [{"name": m["name"]} for m in client.get_inference_statistics(as_json=True).get("model_stats", [])]
    problems: List[str] = []
    summary: Dict[str, Any] = {"server": {"name": meta.get("name"), "version": meta.get("version")}, "models": {}}
    rng = np.random.default_rng(0)

    def request(name: str, seq: int, b: int, priority: int = 0):
        ids = rng.integers(0, 30522, (b, seq), dtype=np.int32)
        mask = np.ones((b, seq), dtype=np.int32)
        ins = [grpcclient.InferInput("input_ids", [b, seq], "INT32"), grpcclient.InferInput("attention_mask", [b, seq], "INT32")]
        ins[0].set_data_from_numpy(ids)
        ins[1].set_data_from_numpy(mask)
        kw = {"priority": priority} if priority else {}
        r = client.infer(name, ins, outputs=[grpcclient.InferRequestedOutput("logits")], client_timeout=30, **kw)
        return r.as_numpy("logits")

    for entry in index:
        name = entry["name"]
        if not client.is_model_ready(name):
            problems.append(f"{name}: not ready")
            continue
        cfg = client.get_model_config(name, as_json=True)["config"]
        seq = int(cfg["input"][0]["dims"][0])
        mbs = int(cfg.get("max_batch_size", 0))
        info: Dict[str, Any] = {"max_batch_size": mbs, "seq": seq, "dynamic_batching": "dynamic_batching" in cfg}
        for b in sorted({1, mbs}):
            t0 = time.perf_counter()
            out = request(name, seq, b)
            info[f"latency_ms_b{b}"] = round((time.perf_counter() - t0) * 1e3, 2)
            if out.shape != (b, 2) or out.dtype != np.float32 or not np.isfinite(out).all():
                problems.append(f"{name}: batch {b} gave {out.dtype} {out.shape} finite={np.isfinite(out).all()}")
        if not info["dynamic_batching"] and args.sweep_reps > 0:
            sizes, b = [], 1
            while b < mbs:
                sizes.append(b)
                b *= 2
            for b in sizes + [mbs]:
                for _ in range(args.sweep_reps):
                    request(name, seq, b)
            info["sweep"] = {"sizes": sizes + [mbs], "reps": args.sweep_reps}
        levels = int(cfg.get("dynamic_batching", {}).get("priority_levels", 0) or 0)
        if levels:
            for p in range(1, levels + 1):
                request(name, seq, 1, priority=p)
            info["priorities_ok"] = levels
        if info["dynamic_batching"] and args.burst > 0:
            before = client.get_inference_statistics(name, as_json=True)["model_stats"][0]
            with cf.ThreadPoolExecutor(max_workers=min(args.burst, 64)) as pool:
                outs = list(pool.map(lambda _: request(name, seq, 1), range(args.burst)))
            after = client.get_inference_statistics(name, as_json=True)["model_stats"][0]
            d_inf = int(after.get("inference_count", 0)) - int(before.get("inference_count", 0))
            d_exe = int(after.get("execution_count", 0)) - int(before.get("execution_count", 0))
            info["burst"] = {"requests": args.burst, "executions": d_exe, "mean_batch": round(d_inf / max(d_exe, 1), 2)}
            if any(o.shape != (1, 2) for o in outs):
                problems.append(f"{name}: burst answers of the wrong shape")
        summary["models"][name] = info

    stats = client.get_inference_statistics(as_json=True)
    for ms in stats.get("model_stats", []):
        info = summary["models"].setdefault(ms["name"], {})
        inf = ms.get("inference_stats", {})

        def mean_us(k: str) -> float:
            d = inf.get(k, {})
            return round(int(d.get("ns", 0)) / 1e3 / max(int(d.get("count", 0)), 1), 1)

        info["stats"] = {
            "inference_count": int(ms.get("inference_count", 0)),
            "execution_count": int(ms.get("execution_count", 0)),
            "mean_us": {k: mean_us(k) for k in ("queue", "compute_input", "compute_infer", "compute_output", "success")},
            "batch_compute_infer_us": {
                str(bs["batch_size"]): round(int(bs["compute_infer"]["ns"]) / 1e3 / max(int(bs["compute_infer"]["count"]), 1), 1)
                for bs in ms.get("batch_stats", [])
            },
        }
        if int(ms.get("execution_count", 0)) == 0:
            problems.append(f"{ms['name']}: ModelStatistics shows no executions")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(stats, f, indent=1)
    summary["problems"] = problems
    print(json.dumps(summary))
    return 0 if not problems and index else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
