"""A Triton Python-backend model that runs BERT itself: repo.py copies this file to <model>/1/model.py.

Each model instance is its own stub process (Triton's Python backend), so the batch goes from Triton
over the backend's shared memory straight to this code and back: no second process, no shared GIL
between instances. The instance builds its network with random weights on its device and captures one
CUDA graph per batch size (executor.GraphExecutor); `execute` concatenates the requests Triton batched,
replays the graph of that size and answers each request with its own rows.

Config parameters written by repo.py (all strings):
  servesim_sys_path   folders to put on sys.path first (the stub ignores PYTHONPATH)
  servesim_network    the NetworkSpec as JSON (name, hidden, layers, heads, intermediate, seq_len, ...)
  servesim_device     cuda | cpu | null (null answers zeros at once: the serving overhead alone)
  servesim_exec_log   optional folder: each instance appends, per execution, its CLOCK_MONOTONIC start
                      and end (ns), samples and requests to <folder>/<model>.<instance>.bin (little-endian
                      int64 start, int64 end, int32 samples, int32 requests), flushed every 256 executions;
                      an instance on GPU N > 0 writes <model>.<instance>.gpuN.bin (Triton gives the instances
                      of a group the same names on every GPU it lists)
"""

import json
import os
import struct
import sys
import time

_REC = struct.Struct("<qqii")
_SPLIT = struct.Struct("<qqiiqqqf")


def exec_log_name(model, instance, device_id):
    """An instance's execution-log file name: <model>.<instance>.bin, with .gpuN before .bin on GPU N > 0
    (Triton names a group's instances alike on every GPU it lists)."""
    gpu = str(device_id or "0")
    return f'{model}.{instance}{"" if gpu == "0" else f".gpu{gpu}"}.bin'


def _param(cfg, key, default=""):
    return cfg.get("parameters", {}).get(key, {}).get("string_value", default)


class TritonPythonModel:
    def initialize(self, args):
        cfg = json.loads(args["model_config"])
        for p in reversed([x for x in _param(cfg, "servesim_sys_path").split(os.pathsep) if x]):
            if p not in sys.path:
                sys.path.insert(0, p)
        t0 = time.perf_counter()
        import pb_tensors
        from spec import NetworkSpec

        self.to_numpy = pb_tensors._servesim_to_numpy
        self.to_pb = pb_tensors._servesim_to_pb
        raw = json.loads(_param(cfg, "servesim_network"))
        if isinstance(raw.get("graph_batch_sizes"), list):
            raw["graph_batch_sizes"] = tuple(raw["graph_batch_sizes"])
        net = NetworkSpec(**raw)
        max_batch = int(cfg["max_batch_size"])
        device = _param(cfg, "servesim_device", "cuda")
        self.name = f'{args["model_name"]}/{args["model_instance_name"]}'
        self.executor = self._executor(net, max_batch, device, args)
        log_dir = _param(cfg, "servesim_exec_log")
        self.log_fd, self.log_buf = None, bytearray()
        log_name = exec_log_name(args["model_name"], args["model_instance_name"], args.get("model_instance_device_id"))
        if log_dir:
            os.makedirs(log_dir, exist_ok=True)
            path = os.path.join(log_dir, log_name)
            self.log_fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.split_fd, self.split_buf = None, bytearray()
        if log_dir and _param(cfg, "servesim_exec_split") == "1" and hasattr(self.executor, "enable_split"):
            self.executor.enable_split()
            os.makedirs(os.path.join(log_dir, "split"), exist_ok=True)
            path = os.path.join(log_dir, "split", log_name)
            self.split_fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.ready_s = time.perf_counter() - t0
        print(f"servesim-model {self.name}: {device}, {net.name} max batch {max_batch}, ready in {self.ready_s:.2f} s "
              f"({self.prepared})", flush=True)

    def _executor(self, net, max_batch, device, args):
        import executor as ex

        if device == "null":
            self.prepared = {}
            return ex.NullExecutor(net, 0, None, max_batch)
        import torch
        import bert

        if device == "cpu":
            torch.manual_seed(0)
            model = bert.build_random(net, torch.device("cpu"), torch.float32)
            self.prepared = {}
            return ex.EagerExecutor(net, 0, model, max_batch)
        dev = torch.device(f'cuda:{args.get("model_instance_device_id", "0") or 0}')
        torch.cuda.set_device(dev)
        model = bert.build_random(net, dev, torch.float16)
        g = ex.GraphExecutor(net, 0, model, max_batch, net.buckets(max_batch), dev)
        self.prepared = g.prepare()
        return g

    def execute(self, requests):
        import numpy as np
        import triton_python_backend_utils as pb_utils

        t0 = time.monotonic_ns()
        ids, mask, rows = [], [], []
        for r in requests:
            i = self.to_numpy(pb_utils.get_input_tensor_by_name(r, "input_ids"))
            ids.append(i)
            mask.append(self.to_numpy(pb_utils.get_input_tensor_by_name(r, "attention_mask")))
            rows.append(i.shape[0])
        t_gathered = time.monotonic_ns() if self.split_fd is not None else 0
        if len(requests) == 1:
            out = self.executor(ids[0], mask[0])
        else:
            out = self.executor(np.concatenate(ids), np.concatenate(mask))
        responses, at = [], 0
        for n in rows:
            responses.append(pb_utils.InferenceResponse(output_tensors=[self.to_pb("logits", out[at:at + n])]))
            at += n
        if self.log_fd is not None:
            t_end = time.monotonic_ns()
            self.log_buf += _REC.pack(t0, t_end, at, len(requests))
            if len(self.log_buf) >= 256 * _REC.size:
                os.write(self.log_fd, self.log_buf)
                self.log_buf.clear()
            if self.split_fd is not None:
                issued, synced, gpu_us = self.executor.split_times()
                self.split_buf += _SPLIT.pack(t0, t_end, at, len(requests), t_gathered, issued, synced, gpu_us)
                if len(self.split_buf) >= 256 * _SPLIT.size:
                    os.write(self.split_fd, self.split_buf)
                    self.split_buf.clear()
        return responses

    def finalize(self):
        if self.log_fd is not None:
            os.write(self.log_fd, self.log_buf)
            os.close(self.log_fd)
        if self.split_fd is not None:
            os.write(self.split_fd, self.split_buf)
            os.close(self.split_fd)
        st = self.executor.stats()
        print(f"servesim-model {self.name}: {st['runs']} runs, mean {st['mean_run_us']:.0f} us", flush=True)
