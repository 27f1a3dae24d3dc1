"""A minute-long check before phase GS: GraphExecutor.enable_split on a real BERT-Base (CUDA) returns
   sensible split times (issued, synchronised, GPU µs). Prints the medians at batch 1 and 4; exits non-zero
   on any failure, so full.sh GS does not start a server whose instances would fail to load.

  python3 calibration/server/split_check.py
"""
import sys, time
sys.path.insert(0, "calibration/server")
import numpy as np, torch, bert, executor as ex
from spec import NetworkSpec
net = NetworkSpec(name="bert-base", hidden=768, layers=12, heads=12, intermediate=3072, seq_len=128, graph_batch_sizes=(1, 4))
dev = torch.device("cuda:0")
g = ex.GraphExecutor(net, 0, bert.build_random(net, dev, torch.float16), 4, net.buckets(4), dev)
g.prepare(); g.enable_split()
ids = np.ones((4, 128), dtype=np.int32); mask = np.ones((4, 128), dtype=np.int32)
for b in (1, 4):
    ts = []
    for _ in range(50):
        t0 = time.monotonic_ns(); g(ids[:b], mask[:b]); t1 = time.monotonic_ns()
        issued, synced, gpu = g.split_times(); ts.append(((t1 - t0) / 1e3, gpu, (issued - t0) / 1e3, (synced - issued) / 1e3))
    assert all(t[1] > 0 and t[3] >= 0 for t in ts), "no GPU time recorded"
    print("split_check b", b, "median wall/gpu/issue/wait us", [round(float(np.median([t[i] for t in ts])), 1) for i in range(4)])
