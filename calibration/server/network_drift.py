#!/usr/bin/env python3
"""Does the load generator's way back and forth drift? From Triton's request traces of one-client runs.

With one client in closed loop (perf_analyzer -c 1), the server-clock gap between a response leaving
(GRPC_SEND_END) and the same client's next request arriving (REQUEST_START) is the tool's round trip: the
response's network, the tool's own handling, the next request's network. servesim draws that time per request
from a lognormal (the tool's networkUs and networkSdUs, fitted to its one-client Network+Server and tail). If
each draw were the request's own, gaps further apart than one request would be uncorrelated. They are not, so
part of the draw is shared in time: the model can take a request's standard normal deviate as
z = sqrt(s) * W(t) + sqrt(1 - s) * e, W a host-wide Ornstein-Uhlenbeck process with correlation time tau and e the
request's own, which keeps the one-client marginal (and its fit) as it is.

Here, per run: the gaps' normal scores (ranks through the inverse normal), their correlation at lags of k
requests (k >= 2: a model gap holds half of the next request's draw, so lag 1 carries the draw's own structure)
and the time those lags span. Over every run's lags together, R(t) = A * exp(-t / tau) by least squares (tau on
a log grid, A closed-form); the model's gaps correlate 2s / (1 + s) * exp(-t / tau) at such lags, so s = A / (2 - A).

  python3 network_drift.py --run calibration/device/runs/2026-11-26-h100-trace \\
      --run calibration/device/runs/2026-11-26-h100-tracelog -o calibration/profiles/priors/h100-network-drift.json

A run folder holds requests.csv.xz or requests.csv (trace_reduce.py) and manifest.csv (full.sh); its one-client perf_analyzer
calls (mode conc, level 1) are read, each within its own span. -o writes the prior compose-profile
--network-drift reads.
"""

from __future__ import annotations

import argparse
import csv
import lzma
import math
import pathlib
import statistics
import sys
from typing import Dict, List, Tuple

from exec_speed import write_json_atomic

LAGS = (2, 3, 5, 7, 10, 14, 20, 30, 50, 70, 100)
MAX_GAP_US = 5000  # a longer gap is a stall, not a round trip
MIN_GAPS = 400


def read_starts_sends(path: pathlib.Path) -> Dict[str, List[Tuple[int, int]]]:
    """Per model, (REQUEST_START, GRPC_SEND_END) in µs on the server's clock, by request start."""
    out: Dict[str, List[Tuple[int, int]]] = {}
    t = 0
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt") as f:  # type: ignore[operator]
        for r in csv.DictReader(f):
            t += int(r["start_us"])
            if r.get("send_end", "") == "":
                continue
            out.setdefault(r["model"], []).append((t, t + int(r["send_end"])))
    for rows in out.values():
        rows.sort()
    return out


def gaps_of(rows: List[Tuple[int, int]], a_us: float, b_us: float) -> Tuple[List[float], float]:
    """The round trips of one call's span [a, b]: gaps and the mean time per request."""
    span = [r for r in rows if a_us <= r[0] <= b_us]
    gaps = []
    for (s1, e1), (s2, _) in zip(span, span[1:]):
        g = s2 - e1
        if 0 < g < MAX_GAP_US:
            gaps.append(float(g))
    cycle = (span[-1][0] - span[0][0]) / max(1, len(span) - 1) if len(span) > 1 else 0.0
    return gaps, cycle


def normal_scores(xs: List[float]) -> List[float]:
    n = len(xs)
    order = sorted(range(n), key=lambda i: xs[i])
    z = [0.0] * n
    nd = statistics.NormalDist()
    for rank, i in enumerate(order):
        z[i] = nd.inv_cdf((rank + 0.5) / n)
    return z


def lag_correlation(z: List[float], k: int) -> float:
    n = len(z) - k
    mean = sum(z) / len(z)
    var = sum((x - mean) ** 2 for x in z) / len(z)
    return sum((z[i] - mean) * (z[i + k] - mean) for i in range(n)) / n / var


def fit(points: List[Tuple[float, float]]) -> Tuple[float, float]:
    """A, tau (µs) of R(t) = A exp(-t / tau) through (t, r) points, least squares."""
    best = (math.inf, 0.0, 0.0)
    tau = 500.0
    while tau <= 1e6:
        e = [math.exp(-t / tau) for t, _ in points]
        a = sum(r * w for (_, r), w in zip(points, e)) / sum(w * w for w in e)
        sse = sum((r - a * w) ** 2 for (_, r), w in zip(points, e))
        if sse < best[0]:
            best = (sse, a, tau)
        tau *= 1.02
    return best[1], best[2]


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", action="append", required=True, help="run folder (requests.csv.xz, manifest.csv); repeatable")
    ap.add_argument("-o", "--out", help="write the prior here")
    args = ap.parse_args(argv)
    points: List[Tuple[float, float]] = []
    runs = []
    for folder in map(pathlib.Path, args.run):
        manifest = folder / "manifest.csv"
        trace = folder / "requests.csv.xz"
        if not trace.is_file():
            trace = folder / "requests.csv"
        if not manifest.is_file() or not trace.is_file():
            print(f"network_drift.py: {folder}: needs manifest.csv and requests.csv(.xz)", file=sys.stderr)
            return 2
        by_model = read_starts_sends(trace)
        for m in csv.DictReader(open(manifest)):
            if m["mode"] != "conc" or m["level"] != "1" or m["rc"] != "0" or m["model"] not in by_model:
                continue
            gaps, cycle = gaps_of(by_model[m["model"]], int(m["start_ns"]) / 1000, int(m["end_ns"]) / 1000)
            if len(gaps) < MIN_GAPS:
                continue
            z = normal_scores(gaps)
            lags = [(k * cycle, lag_correlation(z, k)) for k in LAGS if k < len(z) // 4]
            points += lags
            q = statistics.quantiles(gaps, n=20)
            runs.append({
                "run": f"{folder.name}/{m['run']}",
                "model": m["model"],
                "batch": int(m["batch"]),
                "gaps": len(gaps),
                "cycleUs": round(cycle),
                "gapP50Us": round(q[9]),
                "correlation": {str(k): round(r, 3) for k, (_, r) in zip(LAGS, lags)},
            })
            print(f"{folder.name}/{m['run']} ({m['model']}, -b {m['batch']}): {len(gaps)} gaps, a request every {cycle:.0f} µs, "
                  f"gap p50 {q[9]:.0f} µs; correlation at " + ", ".join(f"{k}: {r:.2f}" for k, (_, r) in zip(LAGS, lags)))
    if len(runs) < 2:
        print("network_drift.py: need two one-client runs or more", file=sys.stderr)
        return 2
    a, tau = fit(points)
    share = min(1.0, max(0.0, a / (2 - a)))  # no correlation (or a negative one): nothing shared
    print(f"over {len(runs)} runs: R(t) = {a:.3f} exp(-t / {tau / 1000:.1f} ms); shared part of the draw s = {share:.3f}")
    if args.out:
        write_json_atomic(pathlib.Path(args.out), {
            "schema": "servesim.network-drift-prior/v1",
            "share": round(share, 3),
            "correlationUs": round(tau),
            "fit": {"amplitude": round(a, 3), "lags": list(LAGS)},
            "runs": runs,
            "measuredFrom": ", ".join(sorted({r["run"].split("/")[0] for r in runs}))
            + ": one-client perf_analyzer runs on calibration-only models, gaps between a response's send and the next request (calibration/server/network_drift.py)",
        })
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
