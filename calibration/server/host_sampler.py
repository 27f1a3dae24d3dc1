#!/usr/bin/env python3
"""Sample the host every --period-ms while a phase runs, to find what coincides with slow executions.

One CSV row per sample: CLOCK_MONOTONIC ns (the execution logs' clock), the kernel's counters that move
when the host gets in a process's way (/proc/vmstat: NUMA hinting faults and page migrations, transparent
huge page collapses, compaction; /proc/stat: context switches, interrupts, CPU time by kind; pressure
stall totals from /proc/pressure when present; steal: time the hypervisor ran something else on this
guest's CPUs) and the CPU time (user + system, clock ticks) of every process whose command line matches
one of --match (tritonserver, the Python stubs, perf_analyzer, node), and of each thread of the processes
matching --threads-of (by thread name, with the system call it is in: /proc/PID/task/TID/syscall). Processes are looked up again every second, so ones started later
are picked up. Stops on SIGTERM.

  python3 host_sampler.py --out samples.csv [--period-ms 20] [--match tritonserver,triton_python_backend_stub]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from typing import Dict, List

VMSTAT = ["numa_hint_faults", "numa_hint_faults_local", "numa_pages_migrated", "pgmigrate_success",
          "thp_collapse_alloc", "thp_fault_alloc", "compact_stall", "pgfault", "pgmajfault"]


def vmstat() -> List[int]:
    vals: Dict[str, int] = {}
    with open("/proc/vmstat") as f:
        for line in f:
            k, v = line.split()
            vals[k] = int(v)
    return [vals.get(k, -1) for k in VMSTAT]


def procstat() -> List[int]:
    cpu, ctxt, intr = [0] * 8, 0, 0
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu "):
                cpu = [int(x) for x in line.split()[1:9]]  # user nice system idle iowait irq softirq steal
            elif line.startswith("ctxt "):
                ctxt = int(line.split()[1])
            elif line.startswith("intr "):
                intr = int(line.split()[1])
    return cpu + [ctxt, intr]


def pressure() -> List[int]:
    out = []
    for kind in ("cpu", "memory", "io"):
        try:
            with open(f"/proc/pressure/{kind}") as f:
                out.append(int(f.readline().rsplit("total=", 1)[1]))
        except (OSError, IndexError, ValueError):
            out.append(-1)
    return out


def find(match: List[str]) -> Dict[int, str]:
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        for m in match:
            if m in cmd:
                found[int(pid)] = m
                break
    return found


def cputime(pid: int, tid: int = 0) -> int:
    path = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    try:
        fields = open(path).read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return -1


def syscall(pid: int, tid: int) -> str:
    """The system call the thread is in (its number), "running", or "-" when unreadable."""
    try:
        return open(f"/proc/{pid}/task/{tid}/syscall").read().split(" ", 1)[0].strip() or "-"
    except OSError:
        return "-"


def threads(pids: List[int]) -> List[str]:
    out = []
    for pid in pids:
        try:
            tids = sorted(int(t) for t in os.listdir(f"/proc/{pid}/task"))
        except OSError:
            continue
        for tid in tids:
            try:
                comm = open(f"/proc/{pid}/task/{tid}/comm").read().strip().replace(";", "_").replace(":", "_").replace(",", "_")
            except OSError:
                continue
            out.append(f"{comm}:{tid}:{cputime(pid, tid)}:{syscall(pid, tid)}")
    return out


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--period-ms", type=float, default=20.0)
    p.add_argument("--match", default="tritonserver,triton_python_backend_stub,perf_analyzer,node")
    p.add_argument("--threads-of", default="tritonserver", help="record each thread of these processes too")
    a = p.parse_args(argv)
    match = [m for m in a.match.split(",") if m]
    of = [m for m in a.threads_of.split(",") if m]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    procs: Dict[int, str] = {}
    last_find = 0.0
    with open(a.out, "w") as out:
        out.write("mono_ns," + ",".join(VMSTAT) + ",cpu_user,cpu_nice,cpu_system,cpu_idle,cpu_iowait,cpu_irq,"
                  "cpu_softirq,cpu_steal,ctxt,intr,psi_cpu_us,psi_mem_us,psi_io_us,procs,threads\n")
        while not stop:
            now = time.monotonic()
            if now - last_find > 1.0:
                procs, last_find = find(match), now
            row = [time.monotonic_ns()] + vmstat() + procstat() + pressure()
            per = ";".join(f"{procs[pid]}:{pid}:{cputime(pid)}" for pid in sorted(procs))
            th = ";".join(threads([pid for pid in sorted(procs) if procs[pid] in of]))
            out.write(",".join(str(x) for x in row) + "," + per + "," + th + "\n")
            time.sleep(max(0.0, a.period_ms / 1000 - (time.monotonic() - now)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
