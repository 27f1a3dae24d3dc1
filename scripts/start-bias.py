#!/usr/bin/env python3
"""How much of validate's held-out error is each machine start's own bias (session 49; a diagnostic).

Every held-out steady, stable point's signed error is taken less the median signed error of the other held-out
points on the same profile (leave one out), and the median absolute error is printed before and after, per
figure. The correction uses other live levels of the same start, so it is an answer-key reading, not a
predictor: it bounds what knowing each start's speed and tail from its own live runs could buy, and what is
left after it is the scatter within one start. The same is printed for the profiles whose calibration logs show
recurring host episodes (0.1/s or more, validate's split) and for the others.

  python3 scripts/start-bias.py --validate V.json

V.json is `servesim validate --live calibration/live --json`.
"""
import argparse
import json
import statistics as st
from collections import defaultdict

FIGURES = ("throughput", "p50", "p90", "p99")
# validate's line between isolated and recurring host episodes (HOST_EPISODES_RECURRING_PER_S, src/compute/profile-host.ts)
RECURRING_PER_S = 0.1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--validate", required=True, help="servesim validate --json output")
    args = ap.parse_args()
    with open(args.validate, encoding="utf-8") as f:
        report = json.load(f)
    held = [p for p in report["points"] if p["steady"] and p["stable"] and not p["inSample"]]
    rate = {r["profile"]: r.get("hostEpisodesPerS", 0) or 0 for r in report["byProfile"]}
    table(held, "all profiles")
    table([p for p in held if rate[p["profile"]] < RECURRING_PER_S], "profiles without recurring host episodes")
    table([p for p in held if rate[p["profile"]] >= RECURRING_PER_S], "profiles with recurring host episodes")


def table(held, title) -> None:
    by_profile = defaultdict(list)
    for p in held:
        by_profile[p["profile"]].append(p)
    print(f"{title}: {len(held)} held-out points on {len(by_profile)} profiles; median absolute error, %")
    print("figure      as predicted   less the start's own bias (leave one out)   profiles' signed medians (min / median / max)")
    for fig in FIGURES:
        plain = st.median(abs(p["errorPct"][fig]) for p in held)
        corrected = []
        medians = []
        for pts in by_profile.values():
            errs = [p["errorPct"][fig] for p in pts]
            medians.append(st.median(errs))
            for i, e in enumerate(errs):
                others = errs[:i] + errs[i + 1:]
                if others:
                    corrected.append(abs(e - st.median(others)))
        print(f"{fig:<10}  {plain:12.2f}   {st.median(corrected):12.2f} ({len(corrected)} points)"
              f"{'':19}{min(medians):+.1f} / {st.median(medians):+.1f} / {max(medians):+.1f}")


if __name__ == "__main__":
    main()
