// A load generator's response gap when its Network+Server column cannot show it (perf_analyzer's drops
// to 0 as batches grow: a batch's responses leave during its output phase, which Triton's statistics
// count in full for every request). Closed-loop throughput does show it: clients whose responses come
// back all at once resend together and keep filling one batch, while spread responses let the next
// execution start before the last of them is back. So the gap is the one (grid of `stepUs` from 0 to
// `maxUs`) for which the simulator, with the tool's measured overheads, best reproduces the tool's own
// closed-loop throughput on the calibration-only model (least squares of relative error over the
// levels above concurrency 1). Only calibration data enter; the live runs stay held out. Before that,
// the spread of its Network+Server time: the standard deviation (same grid) for which the simulated
// concurrency-1 level has the tool's own p95 − p50 (at concurrency 1 nothing queues, so what spreads
// latency beyond the execution's own spread is the tool's and the network's; p95 rather than p99, which
// one slow stretch of a few seconds' measurement can move by half).
import { forTool, withLoadGenerator } from "../compute/load-generator.js";
import type { LoadGenerator, Profile } from "../compute/profile.js";
import type { RunSummary } from "../metrics/summary.js";
import type { CsvRow } from "../metrics/csv.js";
import type { ServerConfig } from "../server/config.js";
import { fromTritonConfigJson } from "../server/pbtxt.js";
import { simulateAs } from "../server/simulation.js";
import type { LiveRun } from "./live-run.js";

/** The tool's closed loop of single-sample requests at `concurrency`, with `lg` as its profile entry. */
function closedLoop(profile: Profile, lg: LoadGenerator, config: ServerConfig, concurrency: number, warmupRequests: number, requests: number): RunSummary {
  return simulateAs(forTool(withLoadGenerator(profile, lg), lg.tool), {
    config,
    workload: { kind: "concurrency", concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests, requests },
  });
}

export interface ToolGapFit {
  readonly responseGapUs: number;
  /** Per level: concurrency, measured and simulated throughput at the chosen gap. */
  readonly levels: readonly { readonly concurrency: number; readonly measuredPerS: number; readonly simulatedPerS: number }[];
  readonly rmsPct: number;
}

export function fitToolGap(
  profile: Profile,
  lg: LoadGenerator,
  run: LiveRun,
  rows: readonly CsvRow[],
  opts: { readonly maxUs?: number; readonly stepUs?: number; readonly requests?: number } = {},
): ToolGapFit {
  const levels = rows
    .map((r) => ({ concurrency: r.Concurrency ?? 0, measuredPerS: r["Inferences/Second"] ?? 0 }))
    .filter((l) => l.concurrency > 1 && l.measuredPerS > 0);
  if (levels.length < 2) throw new Error(`${run.name}: the response gap needs at least 2 levels above concurrency 1`);
  const config = fromTritonConfigJson(run.modelConfig, `${run.name}: modelConfig`, 1);
  const maxUs = opts.maxUs ?? 200;
  const stepUs = opts.stepUs ?? 5;
  const requests = opts.requests ?? 10_000;
  const simulated = (gapUs: number): number[] =>
    levels.map((l) => closedLoop(profile, { ...lg, responseGapUs: gapUs }, config, l.concurrency, 1000, requests).throughputPerS);
  let best = { gapUs: 0, sse: Number.POSITIVE_INFINITY, thr: [] as number[] };
  for (let g = 0; g <= maxUs + 1e-9; g += stepUs) {
    const thr = simulated(g);
    const sse = thr.reduce((a, t, i) => a + ((t - levels[i]!.measuredPerS) / levels[i]!.measuredPerS) ** 2, 0);
    if (sse < best.sse) best = { gapUs: g, sse, thr };
  }
  return {
    responseGapUs: best.gapUs,
    levels: levels.map((l, i) => ({ ...l, simulatedPerS: best.thr[i]! })),
    rmsPct: 100 * Math.sqrt(best.sse / levels.length),
  };
}

export interface ToolSpreadFit {
  readonly networkSdUs: number;
  /** p95 − p50 at concurrency 1, measured and simulated with networkSdUs. */
  readonly measuredTailUs: number;
  readonly simulatedTailUs: number;
}

export function fitToolSpread(
  profile: Profile,
  lg: LoadGenerator,
  run: LiveRun,
  rows: readonly CsvRow[],
  opts: { readonly maxUs?: number; readonly stepUs?: number; readonly requests?: number } = {},
): ToolSpreadFit {
  const one = rows.find((r) => r.Concurrency === 1);
  const p50 = one?.["p50 latency"];
  const p95 = one?.["p95 latency"];
  if (one === undefined || p50 === undefined || p95 === undefined) throw new Error(`${run.name}: the tool's spread needs its concurrency-1 p50 and p95`);
  const config = fromTritonConfigJson(run.modelConfig, `${run.name}: modelConfig`, 1);
  const maxUs = opts.maxUs ?? 300;
  const stepUs = opts.stepUs ?? 5;
  const measuredTailUs = p95 - p50;
  let best = { sd: 0, diff: Number.POSITIVE_INFINITY, tail: 0 };
  for (let sd = 0; sd <= maxUs + 1e-9; sd += stepUs) {
    const r = closedLoop(profile, { ...lg, networkSdUs: sd }, config, 1, 500, opts.requests ?? 20_000);
    const tail = r.latencyUs.p95 - r.latencyUs.p50;
    const diff = Math.abs(tail - measuredTailUs);
    if (diff < best.diff) best = { sd, diff, tail };
  }
  return { networkSdUs: best.sd, measuredTailUs, simulatedTailUs: best.tail };
}
