#!/usr/bin/env python3
"""Keep CPU cores out of their idle states, pin a command to a core, read the cores' idle-state counters
(phase CF of calibration/device/full.sh: is a load generator's idle-dependent cost the CPU's power state?),
and place the running server's threads (phase GSP: does a stub alone on its core escape the load?; phase VS:
each active model's stubs alone on a core, the idle models' stubs parked together).

  python3 cpu_keepalive.py spin --cores 3 [--seconds 600]   # one SCHED_IDLE busy loop per core, pinned
  python3 cpu_keepalive.py spin --cores all
  python3 cpu_keepalive.py pin --core 3 -- node ...         # run the command on core 3 only
  python3 cpu_keepalive.py pin --cores 0-9 -- perf_analyzer ...   # or on a list of cores (a-b, comma-separated)
  python3 cpu_keepalive.py place --mode apart               # each Python-backend stub process alone on one of
                                                            # the last cores, tritonserver on the rest; prints the rest
  python3 cpu_keepalive.py place --mode apart --share 8 --pid $$   # all stubs on the last 8 cores, tritonserver
                                                            # and this shell (so what it starts later) on the rest
  python3 cpu_keepalive.py place --mode all                 # every thread of both back on every core
  python3 cpu_keepalive.py place --mode active --reserve 7 --pid $$ bert_base_i1 base_cal_dyn
                                                            # those models' stubs each alone on one of the last 7
                                                            # cores, every other stub on the core below them,
                                                            # tritonserver and this shell on the rest
  python3 cpu_keepalive.py cstates [--cores 3]              # JSON: per core, per idle state: usage, time_us

A SCHED_IDLE task runs only when nothing else wants the core and is preempted at once by any other task
waking there, so the core never halts yet the pinned command loses (almost) nothing to it.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import signal
import sys
import time
from typing import Dict, List, Tuple


def cores_of(arg: str) -> List[int]:
    if arg == "all":
        return sorted(os.sched_getaffinity(0))
    out: List[int] = []
    for part in arg.split(","):
        a, _, b = part.partition("-")
        out += range(int(a), int(b or a) + 1)
    return out


def stub_model(argv: List[str]) -> str:
    """The model a Python-backend stub serves, from its command line: the repository folder above the version
    folder of its model.py (…/<model>/<version>/model.py), else "" when the line names none."""
    for arg in argv[1:]:
        parts = arg.split("/")
        if len(parts) >= 3 and parts[-1].endswith(".py") and parts[-2].isdigit():
            return parts[-3]
    return ""


def server_processes() -> Tuple[List[int], List[int]]:
    """The running tritonserver processes and Python-backend stub processes, by pid."""
    tritons: List[int] = []
    stubs: List[int] = []
    for d in pathlib.Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            comm = (d / "comm").read_text().strip()
            argv0 = (d / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        if comm == "tritonserver":
            tritons.append(int(d.name))
        elif argv0.endswith("triton_python_backend_stub"):
            stubs.append(int(d.name))
    return sorted(tritons), sorted(stubs)


def set_threads(pid: int, cores: List[int]) -> None:
    """Every thread of the process (those it starts later inherit it) on these cores; a process or thread
    that has ended meanwhile is passed over."""
    try:
        tids = [int(t.name) for t in (pathlib.Path("/proc") / str(pid) / "task").iterdir()]
    except OSError:
        return
    for tid in tids:
        try:
            os.sched_setaffinity(tid, set(cores))
        except OSError:
            pass


def stubs_by_model(stubs: List[int]) -> Dict[str, List[int]]:
    """The stub processes by the model each serves (stub_model of its command line); one that has ended is
    passed over."""
    out: Dict[str, List[int]] = {}
    for pid in stubs:
        try:
            argv = [a.decode(errors="replace") for a in (pathlib.Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0") if a]
        except OSError:
            continue
        out.setdefault(stub_model(argv), []).append(pid)
    return out


def plan_active(active: List[str], by_model: Dict[str, List[int]], ncores: int, reserve: int) -> Tuple[Dict[int, List[int]], List[int]]:
    """Where place --mode active puts each stub (pid → cores) and the cores left for tritonserver: each stub of
    the active models alone on one of the last `reserve` cores (in the order named, a model's stubs by pid),
    every other stub on the core below them, tritonserver on the cores below that. The front end keeps the same
    cores whichever models are active, so that steps placed differently meet the same front end."""
    if reserve < 1 or reserve + 2 > ncores:
        raise SystemExit(f"place: --reserve {reserve} must leave a parking core and one for tritonserver on {ncores} cores")
    missing = [m for m in active if m not in by_model]
    if missing:
        raise SystemExit(f"place: no stub process serves {', '.join(missing)}")
    chosen = [p for m in active for p in sorted(by_model[m])]
    if len(chosen) > reserve:
        raise SystemExit(f"place: the active models have {len(chosen)} stubs, more than the {reserve} reserved cores")
    park = ncores - 1 - reserve
    where = {p: [park] for ps in by_model.values() for p in ps}
    for k, p in enumerate(chosen):
        where[p] = [ncores - 1 - k]
    return where, list(range(park))


def place_active(active: List[str], reserve: int) -> List[int]:
    """plan_active applied to the running server; returns the cores left."""
    tritons, stubs = server_processes()
    if not tritons:
        raise SystemExit("place: no tritonserver process")
    where, rest = plan_active(active, stubs_by_model(stubs), os.cpu_count() or 1, reserve)
    for p, cores in where.items():
        set_threads(p, cores)
    for p in tritons:
        set_threads(p, rest)
    return rest


def place(mode: str, share: int = 0) -> List[int]:
    """all: tritonserver's and the stubs' threads on every core; apart: stub k alone on core n-1-k, or with
    share > 0 every stub on the last `share` cores together, and tritonserver on the cores left. Returns the
    cores left (every core for all)."""
    every = list(range(os.cpu_count() or 1))
    tritons, stubs = server_processes()
    if not tritons:
        raise SystemExit("place: no tritonserver process")
    if mode == "all":
        for p in tritons + stubs:
            set_threads(p, every)
        return every
    taken = share or len(stubs)
    if taken >= len(every):
        raise SystemExit(f"place: the stubs would take {taken} of the {len(every)} cores, leaving none")
    rest = every[: len(every) - taken]
    for k, p in enumerate(stubs):
        set_threads(p, every[len(rest):] if share else [every[-1 - k]])
    for p in tritons:
        set_threads(p, rest)
    return rest


def spin(cores: List[int], seconds: float) -> None:
    kids: List[int] = []
    for c in cores:
        pid = os.fork()
        if pid == 0:
            os.sched_setaffinity(0, {c})
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            stop = time.monotonic() + seconds
            while time.monotonic() < stop:
                for _ in range(100000):
                    pass
            os._exit(0)
        kids.append(pid)
    def end(*_: object) -> None:
        for k in kids:
            try:
                os.kill(k, signal.SIGTERM)
            except ProcessLookupError:
                pass
        sys.exit(0)
    signal.signal(signal.SIGTERM, end)
    signal.signal(signal.SIGINT, end)
    print(f"spinning on cores {','.join(map(str, cores))} (SCHED_IDLE)", flush=True)
    for k in kids:
        os.waitpid(k, 0)


def cstates(cores: List[int]) -> Dict[str, Dict[str, Dict[str, int]]]:
    out: Dict[str, Dict[str, Dict[str, int]]] = {}
    for c in cores:
        base = pathlib.Path(f"/sys/devices/system/cpu/cpu{c}/cpuidle")
        states: Dict[str, Dict[str, int]] = {}
        for s in sorted(base.glob("state*")) if base.exists() else []:
            def rd(name: str) -> str:
                try:
                    return (s / name).read_text().strip()
                except OSError:
                    return ""
            states[rd("name") or s.name] = {"usage": int(rd("usage") or 0), "time_us": int(rd("time") or 0), "latency_us": int(rd("latency") or 0)}
        out[str(c)] = states
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("spin")
    s.add_argument("--cores", required=True)
    s.add_argument("--seconds", type=float, default=600)
    p = sub.add_parser("pin")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--core", type=int)
    where.add_argument("--cores", help="a list of cores: 0-9 or 0,2,4")
    pl = sub.add_parser("place")
    pl.add_argument("--mode", choices=["all", "apart", "active"], required=True)
    pl.add_argument("--share", type=int, default=0, help="apart: every stub on the last N cores together")
    pl.add_argument("--reserve", type=int, default=7, help="active: the last N cores for the active models' stubs")
    pl.add_argument("models", nargs="*", help="active: the models whose stubs get a core each")
    pl.add_argument("--pid", type=int, help="also put this process (and the children it starts later) on the cores left")
    p.add_argument("command", nargs=argparse.REMAINDER)
    c = sub.add_parser("cstates")
    c.add_argument("--cores", default="all")
    a = ap.parse_args()
    if a.cmd == "spin":
        spin(cores_of(a.cores), a.seconds)
    elif a.cmd == "pin":
        cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
        if not cmd:
            ap.error("pin: no command")
        os.sched_setaffinity(0, {a.core} if a.core is not None else set(cores_of(a.cores)))
        os.execvp(cmd[0], cmd)
    elif a.cmd == "place":
        if a.mode == "active" and not a.models:
            ap.error("place --mode active: name the active models")
        rest = place_active(a.models, a.reserve) if a.mode == "active" else place(a.mode, a.share)
        if a.pid:
            os.sched_setaffinity(a.pid, set(rest))
        print(",".join(map(str, rest)))
    else:
        json.dump(cstates(cores_of(a.cores)), sys.stdout)
        print()


if __name__ == "__main__":
    main()
