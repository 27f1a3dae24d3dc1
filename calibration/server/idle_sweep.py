#!/usr/bin/env python3
"""Does an execution take longer when its instance was idle before it? (GPU and CPU power states.)

For each model and each gap, one client sends single-sample requests one at a time, sleeping `gap`
between a response and the next request, and Triton's statistics give the mean compute time per
execution over those requests. The instance is idle between executions for about the gap plus the
round trip outside compute, which is recorded too. The first gap, 0, is the back-to-back reference.

  python3 idle_sweep.py --url 127.0.0.1:8001 -m bert_base_i1 -m bert_large_i1 --out idle.json

Writes servesim.idle/v1 JSON: per model, per gap: idleUs (mean), executions, computeInputUs,
computeInferUs, computeOutputUs (means) and latencyUs (client, mean and p50). Exit 0 when every
model was measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any, Dict, List

import numpy as np

DEFAULT_GAPS_US = [0, 250, 500, 1000, 2000, 3000, 5000, 10000, 20000]


def stats_of(client, model: str) -> Dict[str, int]:
    st = client.get_inference_statistics(model, as_json=True)["model_stats"][0]["inference_stats"]
    out = {"n": int(st["success"].get("count", 0))}
    for k in ("compute_input", "compute_infer", "compute_output"):
        out[k] = int(st[k].get("ns", 0))
    return out


def sleep_us(us: float) -> None:
    """Sleep until `us` microseconds from now (the last stretch spins, for gaps under a few ms)."""
    end = time.perf_counter() + us / 1e6
    while True:
        left = end - time.perf_counter()
        if left <= 0:
            return
        if left > 0.0015:
            time.sleep(left - 0.001)


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="127.0.0.1:8001")
    ap.add_argument("-m", "--model", action="append", required=True)
    ap.add_argument("--gaps-us", default=",".join(str(g) for g in DEFAULT_GAPS_US))
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    gaps = [float(g) for g in args.gaps_us.split(",")]

    import tritonclient.grpc as grpcclient

    client = grpcclient.InferenceServerClient(args.url)
    result: Dict[str, Any] = {"schema": "servesim.idle/v1", "url": args.url, "requests": args.requests, "models": {}}
    rng = np.random.default_rng(0)
    for model in args.model:
        cfg = client.get_model_config(model, as_json=True)["config"]
        seq = int(cfg["input"][0]["dims"][0])
        ins = [grpcclient.InferInput("input_ids", [1, seq], "INT32"), grpcclient.InferInput("attention_mask", [1, seq], "INT32")]
        ins[0].set_data_from_numpy(rng.integers(0, 30522, (1, seq), dtype=np.int32))
        ins[1].set_data_from_numpy(np.ones((1, seq), dtype=np.int32))
        outs = [grpcclient.InferRequestedOutput("logits")]
        rows = []
        for gap in gaps:
            for _ in range(args.warmup):
                client.infer(model, ins, outputs=outs)
                sleep_us(gap)
            before = stats_of(client, model)
            lat, idle = [], []
            t_prev = None
            for _ in range(args.requests):
                t0 = time.perf_counter()
                if t_prev is not None:
                    idle.append((t0 - t_prev) * 1e6)
                client.infer(model, ins, outputs=outs)
                t_prev = time.perf_counter()
                lat.append((t_prev - t0) * 1e6)
                sleep_us(gap)
            after = stats_of(client, model)
            n = after["n"] - before["n"]
            per = {k: (after[k] - before[k]) / 1e3 / max(n, 1) for k in ("compute_input", "compute_infer", "compute_output")}
            compute = sum(per.values())
            # the instance idles for the client's gap plus the round trip outside its compute
            rows.append({
                "gapUs": gap,
                "idleUs": round(statistics.fmean(idle) + statistics.fmean(lat) - compute, 1),
                "executions": n,
                "computeInputUs": round(per["compute_input"], 1),
                "computeInferUs": round(per["compute_infer"], 1),
                "computeOutputUs": round(per["compute_output"], 1),
                "latencyUs": {"mean": round(statistics.fmean(lat), 1), "p50": round(statistics.median(lat), 1)},
            })
            print(f"{model} gap {gap:>6.0f} us: idle {rows[-1]['idleUs']:>7.0f} us, compute {compute:7.1f} us "
                  f"(infer {per['compute_infer']:.1f}), latency p50 {rows[-1]['latencyUs']['p50']:.0f} us", flush=True)
        result["models"][model] = rows
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
