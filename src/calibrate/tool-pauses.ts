// The load generator's own pauses, from a calibration-only run it measured (the composition run): servesim
// loadgen records its garbage-collection pauses on every level (client.gcPauses). Pauses follow the
// requests it handles, not the clock (phase GC: about 4.3 per 1000 requests at every level), so the
// profile keeps pauses per request — the median over the levels with two or more clients of pauses per
// second over throughput (at one client the tool idles between requests and V8 collects in that idle
// time, more often per request: 8.9 per 1000 in phase GL against 3.8–4.4 from two clients up) — and the
// mean pause weighted by how many each level had. A run without the record gives none. Phases GL and GL2
// (calibration/device/runs/2026-11-26-h100-client-gc2/ and -gc3/) tested it on the starts that calibrated
// it: better loadgen p99 on one, worse on the other, so it is simulated only when asked.
import { median } from "simple-statistics";
import type { LoadGenerator } from "../compute/profile.js";
import type { LiveRun } from "./live-run.js";

export type ToolPauses = NonNullable<LoadGenerator["pauses"]>;

export function toolPauses(run: LiveRun): ToolPauses | null {
  const perRequest: number[] = [];
  let pauses = 0;
  let pausedMs = 0;
  for (const r of run.results ?? []) {
    const g = r.client.gcPauses;
    if (g === undefined) continue;
    pauses += g.perS;
    pausedMs += g.perS * g.meanMs;
    if (r.summary.load >= 2 && r.summary.throughputPerS > 0) perRequest.push(g.perS / r.summary.throughputPerS);
  }
  if (perRequest.length === 0 || pauses === 0) return null;
  return {
    perRequest: Number(median(perRequest).toFixed(6)),
    meanUs: Math.round((1000 * pausedMs) / pauses),
    measuredFrom: `${run.name} (${run.model}, ${perRequest.length} levels)`,
  };
}
