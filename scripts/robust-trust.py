#!/usr/bin/env python3
"""Can a robust plan be trusted? plan --robust's rule set against the committed live levels (session 30).

For every steady, stable BERT-Base perf_analyzer level, ENS.json (scripts/ensemble-live.mjs --leave-own-out --json)
holds the p99 each other start's calibration predicts for it. The robust verdict "meets p99 <= S" at share T is: at
least T of those predictions within S. The plain verdict is the level's own profile's prediction within S (V.json,
validate --json, as validate's "Can a plan be trusted?" counts it), and, where V.json has them, the same on a server
slower by validate's --speed-margin (default 10 %: what plan --design-margin plans on). For each SLO and rule this prints how many levels
the rule said would meet it, how many of those did live, and how many levels met it live that the rule turned down,
split by whether the level's own start showed recurring host episodes. --single adds one other calibration's
verdicts (validate --profile P --json on the same runs: the built-in profile, say), as a user who has not calibrated
the host gets them.

  python3 scripts/robust-trust.py --ensemble ENS.json --validate V.json [--single B.json] [--slo-ms 5 10 20] [--shares 50 80 90]
"""
import argparse
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ensemble", required=True)
    ap.add_argument("--validate", required=True)
    ap.add_argument("--single", help="validate --json of the same levels on one other profile (--profile P): its verdicts, plain and with the margin")
    ap.add_argument("--slo-ms", type=float, nargs="+", default=[5, 10, 20])
    ap.add_argument("--shares", type=float, nargs="+", default=[50, 80, 90])
    a = ap.parse_args()
    ens = json.load(open(a.ensemble))
    vpoints = json.load(open(a.validate))["points"]
    own = {(p["run"], p["load"]): p["predicted"]["p99Us"] for p in vpoints}
    # validate's --speed-margin prediction (a server that much slower), where the report has it
    margin = {(p["run"], p["load"]): p["marginPredicted"]["p99Us"] for p in vpoints if p.get("marginPredicted")}
    levels = [lv for lv in ens["levels"] if lv["steady"] and lv["stable"]]
    single = None
    if a.single is not None:
        sj = json.load(open(a.single))
        single_name = sj["points"][0]["profile"]
        single = (
            {(p["run"], p["load"]): p["predicted"]["p99Us"] for p in sj["points"]},
            {(p["run"], p["load"]): p["marginPredicted"]["p99Us"] for p in sj["points"] if p.get("marginPredicted")},
        )
    missing = [lv for lv in levels if (lv["run"], lv["load"]) not in own]
    if missing:
        raise SystemExit(f"{len(missing)} levels of the ensemble are not in {a.validate} (first: {missing[0]['run']} at {missing[0]['load']})")
    print("rule | SLO | hosts | said meets | held live | met live, turned down")
    print("---|---|---|---|---|---")
    for slo in a.slo_ms:
        bound = slo * 1000
        rules = [("own profile", lambda lv: own[(lv["run"], lv["load"])] <= bound)]
        if all((lv["run"], lv["load"]) in margin for lv in levels):
            rules.append(("own profile, speed margin", lambda lv: margin[(lv["run"], lv["load"])] <= bound))
        if single is not None:
            rules.append((f"{single_name}", lambda lv: single[0][(lv["run"], lv["load"])] <= bound))
            if single[1]:
                rules.append((f"{single_name}, speed margin", lambda lv: single[1][(lv["run"], lv["load"])] <= bound))
        for t in a.shares:
            rules.append((f"--robust {t:g}", lambda lv, t=t: sum(x <= bound for x in lv["predictedUs"]) >= t / 100 * len(lv["predictedUs"]) - 1e-9))
        for name, says in rules:
            for label, keep in [("quiet", lambda lv: not lv["episodes"]), ("stalling", lambda lv: lv["episodes"]), ("all", lambda lv: True)]:
                lvs = [lv for lv in levels if keep(lv)]
                yes = [lv for lv in lvs if says(lv)]
                held = sum(lv["p99Us"] <= bound for lv in yes)
                turned = sum(lv["p99Us"] <= bound for lv in lvs if not says(lv))
                pct = f" ({100 * held / len(yes):.0f} %)" if yes else ""
                print(f"{name} | {slo:g} ms | {label} ({len(lvs)}) | {len(yes)} | {held}{pct} | {turned}")


if __name__ == "__main__":
    main()
