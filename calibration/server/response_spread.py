#!/usr/bin/env python3
"""How spread an execution's responses reach perf_analyzer's clients (phase RS, session 54).

Reads one closed-loop level's request and response times: perf_analyzer's --profile-export-file JSON, or the
send_ns,recv_ns CSV (optionally .xz) that phase RS keeps of it. The responses in order of arrival fall into bursts, a
new burst after a gap of more than --split-us (default 300) between consecutive responses: at one instance and delay 0
a burst is one execution's responses. Prints the bursts' count and mean size, and for bursts of at least --min (8)
responses the median span (last response less first) and the median span per response after the first, then the
within-burst gaps' p50 and p90, all in µs.

    python3 calibration/server/response_spread.py --times calibration/device/runs/2026-11-29-h200-response-spread/rs-c17-times.csv.xz
"""
import argparse
import json
import lzma
import statistics
import sys
from typing import List, Tuple


def request_times(path: str) -> List[Tuple[int, int]]:
    """Each request's (send ns, receive ns), in order of receipt: from perf_analyzer's export JSON, or the
    send_ns,recv_ns CSV (optionally .xz) phase RS keeps of it."""
    opener = lzma.open if path.endswith(".xz") else open
    with opener(path, "rt") as f:
        if path.endswith(".json"):
            requests = json.load(f)["experiments"][0]["requests"]
            return sorted(((r["timestamp"], r["response_timestamps"][0]) for r in requests if r.get("response_timestamps")), key=lambda t: t[1])
        lines = f.read().split("\n")
    if not lines or lines[0].strip() != "send_ns,recv_ns":
        raise ValueError("expected a send_ns,recv_ns header")
    rows = [line.split(",") for line in lines[1:] if line.strip()]
    return sorted(((int(s), int(r)) for s, r in rows), key=lambda t: t[1])


def receive_times(path: str) -> List[int]:
    return [r for _, r in request_times(path)]


def bursts(times: List[int], split_ns: float) -> List[List[int]]:
    out: List[List[int]] = []
    for t in times:
        if out and t - out[-1][-1] <= split_ns:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--times", required=True)
    p.add_argument("--split-us", type=float, default=300.0)
    p.add_argument("--min", type=int, default=8)
    a = p.parse_args(argv)
    try:
        times = receive_times(a.times)
    except (OSError, ValueError, KeyError, IndexError, json.JSONDecodeError) as e:
        print(f"response_spread.py: --times {a.times}: {e}", file=sys.stderr)
        return 2
    if len(times) < 2:
        print(f"response_spread.py: --times {a.times}: fewer than two responses", file=sys.stderr)
        return 1
    bs = bursts(times, a.split_us * 1000)
    big = [b for b in bs if len(b) >= a.min]
    gaps = sorted((b[i + 1] - b[i]) / 1000 for b in bs for i in range(len(b) - 1))
    print(f"{len(times)} responses in {len(bs)} bursts (mean {len(times) / len(bs):.2f})")
    if big:
        span = statistics.median((b[-1] - b[0]) / 1000 for b in big)
        per = statistics.median((b[-1] - b[0]) / 1000 / (len(b) - 1) for b in big)
        print(f"bursts of {a.min} or more: {len(big)}, median span {span:.0f} µs, {per:.1f} µs per response after the first")
    if gaps:
        print(f"gaps within bursts: p50 {statistics.median(gaps):.1f} µs, p90 {gaps[int(0.9 * (len(gaps) - 1))]:.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
