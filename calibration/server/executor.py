"""Executors: where a batch of one network runs. One executor = one CUDA stream, static pinned and
device buffers, and a CUDA graph per batch-size bucket (like a TensorRT engine with one optimisation
profile per size). Instance i of every model of a network uses executor i of that network, so graphs
are captured once per (network, executor); a lock serialises models that share an executor.

Invariant: a batch of n rows runs the graph of the smallest captured size >= n (rows past n hold stale
but valid data and are not returned); the calling thread waits on the stream with the GIL released,
so instances on different executors overlap on the GPU.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

from spec import NetworkSpec

LOG = logging.getLogger("serve.executor")


class Executor:
    """Runs batches of one network; subclasses decide how (CUDA graphs or eager)."""

    def __init__(self, net: NetworkSpec, index: int, model: torch.nn.Module, max_batch: int):
        self.net = net
        self.index = index
        self.model = model
        self.max_batch = max_batch
        self.lock = threading.Lock()
        self.runs = 0
        self.run_ns = 0
        self.run_hist: Dict[int, int] = {}

    def prepare(self) -> Dict[str, float]:
        return {}

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n = ids.shape[0]
        if n > self.max_batch:
            raise ValueError(f"{self.net.name}/executor {self.index}: batch {n} > {self.max_batch}")
        t0 = time.perf_counter_ns()
        with self.lock:
            out = self.run(ids, mask)
            self.runs += 1
            self.run_ns += time.perf_counter_ns() - t0
            self.run_hist[n] = self.run_hist.get(n, 0) + 1
        return out

    def reset_counters(self) -> None:
        with self.lock:
            self.runs, self.run_ns, self.run_hist = 0, 0, {}

    def stats(self) -> Dict:
        return {"runs": self.runs, "mean_run_us": self.run_ns / 1e3 / max(self.runs, 1), "batch_hist": self.run_hist}


class NullExecutor(Executor):
    """No model at all: answers zeros at once. Serving with it measures what Triton + the Python backend
    + PyTriton cost per execution by themselves (--device null)."""

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.zeros((ids.shape[0], 2), dtype=np.float32)


class EagerExecutor(Executor):
    """CPU (or GPU without graphs) execution for local tests: plain forward under inference_mode."""

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        dev = next(self.model.parameters()).device
        with torch.inference_mode():
            out = self.model(torch.from_numpy(np.ascontiguousarray(ids)).to(dev), torch.from_numpy(np.ascontiguousarray(mask)).to(dev))
            return out.cpu().numpy()


class GraphExecutor(Executor):
    def __init__(self, net: NetworkSpec, index: int, model: torch.nn.Module, max_batch: int, buckets: List[int], device: torch.device):
        super().__init__(net, index, model, max_batch)
        self.device = device
        self.buckets = sorted(buckets)
        if self.buckets[-1] < max_batch:
            raise ValueError(f"buckets {self.buckets} do not reach max batch {max_batch}")
        s = net.seq_len
        self.stream = torch.cuda.Stream(device=device)
        self.h_ids = torch.zeros((max_batch, s), dtype=torch.int32).pin_memory()
        self.h_mask = torch.ones((max_batch, s), dtype=torch.int32).pin_memory()
        self.h_out = torch.zeros((max_batch, 2), dtype=torch.float32).pin_memory()
        self.h_ids_np = self.h_ids.numpy()
        self.h_mask_np = self.h_mask.numpy()
        self.h_out_np = self.h_out.numpy()
        self.d_ids = torch.zeros((max_batch, s), dtype=torch.int32, device=device)
        self.d_mask = torch.ones((max_batch, s), dtype=torch.int32, device=device)
        self.graphs: Dict[int, Tuple[torch.cuda.CUDAGraph, torch.Tensor]] = {}
        self.pool = None
        self.events: Optional[Tuple[torch.cuda.Event, torch.cuda.Event]] = None
        self.last_split = (0, 0, 0.0)

    def enable_split(self) -> None:
        """From now on each run also times its GPU work with two CUDA events (input copy to output copy)
        and notes when the work was issued and when the stream was synchronised: split_times()."""
        self.events = (torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True))

    def split_times(self) -> Tuple[int, int, float]:
        """The last run's (issued ns, synchronised ns, GPU µs); zeros unless enable_split() was called."""
        return self.last_split

    def prepare(self) -> Dict[str, float]:
        """Warm up and capture one graph per bucket, largest first, all in one private memory pool
        (safe: graphs of one executor never run at the same time). Returns timing and memory."""
        torch.cuda.synchronize(self.device)
        mem0 = torch.cuda.memory_reserved(self.device)
        free0 = torch.cuda.mem_get_info(self.device)[0]
        t0 = time.perf_counter()
        gen = torch.Generator(device=self.device).manual_seed(self.index)
        self.d_ids.copy_(torch.randint(0, 30522, self.d_ids.shape, device=self.device, generator=gen, dtype=torch.int32))
        with torch.inference_mode(), torch.cuda.stream(self.stream):
            for b in sorted(self.buckets, reverse=True)[:3] + self.buckets[:1]:
                for _ in range(2):
                    self.model(self.d_ids[:b], self.d_mask[:b])
        self.stream.synchronize()
        t_warm = time.perf_counter() - t0
        self.pool = torch.cuda.graph_pool_handle()
        with torch.inference_mode():
            for b in sorted(self.buckets, reverse=True):
                # eager run of this exact shape first (cuBLAS/SDPA pick their kernels outside capture)
                with torch.cuda.stream(self.stream):
                    self.model(self.d_ids[:b], self.d_mask[:b])
                self.stream.synchronize()
                g = torch.cuda.CUDAGraph()
                with torch.cuda.graph(g, pool=self.pool, stream=self.stream):
                    out = self.model(self.d_ids[:b], self.d_mask[:b])
                self.graphs[b] = (g, out)
        torch.cuda.synchronize(self.device)
        t_total = time.perf_counter() - t0
        return {
            "buckets": len(self.buckets),
            "warmup_s": round(t_warm, 3),
            "capture_s": round(t_total - t_warm, 3),
            "reserved_mib": round((torch.cuda.memory_reserved(self.device) - mem0) / 2**20, 1),
            "device_used_mib": round((free0 - torch.cuda.mem_get_info(self.device)[0]) / 2**20, 1),
        }

    def bucket(self, n: int) -> int:
        return self.buckets[bisect.bisect_left(self.buckets, n)]

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n = ids.shape[0]
        b = self.bucket(n)
        g, out = self.graphs[b]
        self.h_ids_np[:n] = ids
        self.h_mask_np[:n] = mask
        ev = self.events
        with torch.cuda.stream(self.stream):
            if ev is not None:
                ev[0].record(self.stream)
            self.d_ids[:n].copy_(self.h_ids[:n], non_blocking=True)
            self.d_mask[:n].copy_(self.h_mask[:n], non_blocking=True)
            g.replay()
            self.h_out[:n].copy_(out[:n], non_blocking=True)
            if ev is not None:
                ev[1].record(self.stream)
        issued = time.monotonic_ns() if ev is not None else 0
        self.stream.synchronize()  # releases the GIL while the GPU works
        if ev is not None:
            self.last_split = (issued, time.monotonic_ns(), ev[0].elapsed_time(ev[1]) * 1e3)
        return self.h_out_np[:n].copy()

    def time_graph(self, b: int, iters: int = 20) -> float:
        """Median GPU time of one replay of bucket b's graph, in microseconds (CUDA events)."""
        g, _ = self.graphs[b]
        times = []
        with self.lock, torch.cuda.stream(self.stream):
            g.replay()
            for _ in range(iters):
                e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                e0.record(self.stream)
                g.replay()
                e1.record(self.stream)
                e1.synchronize()
                times.append(e0.elapsed_time(e1) * 1e3)
        return float(np.median(times))


def overlap_check(execs: List[Executor], batch: int, seconds: float = 1.0) -> Dict[str, float]:
    """Run the same batch on one executor, then on all of them from one thread each; report batches/s.
    With the GIL released while waiting, k executors give > 1x the one-executor rate whenever the GPU
    has room (small batches); a ratio near 1.0 for a small batch means the threads serialise."""
    s = execs[0].net.seq_len
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 30522, (batch, s), dtype=np.int32)
    mask = np.ones((batch, s), dtype=np.int32)

    def loop(ex: Executor, stop: float, counts: List[int], k: int) -> None:
        while time.perf_counter() < stop:
            ex(ids, mask)
            counts[k] += 1

    result = {}
    for label, group in (("one", execs[:1]), ("all", execs)):
        counts = [0] * len(group)
        stop = time.perf_counter() + seconds
        threads = [threading.Thread(target=loop, args=(ex, stop, counts, k)) for k, ex in enumerate(group)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result[f"{label}_batches_per_s"] = round(sum(counts) / (time.perf_counter() - t0), 1)
    result["executors"] = len(execs)
    result["batch"] = batch
    result["speedup"] = round(result["all_batches_per_s"] / max(result["one_batches_per_s"], 1e-9), 2)
    return result


def pick_device(name: str) -> Optional[torch.device]:
    if name == "cpu":
        return torch.device("cpu")
    if not torch.cuda.is_available():
        return None
    return torch.device(name if ":" in name else "cuda:0")
