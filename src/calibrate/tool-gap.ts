// A load generator's response gap: a batch's responses reach its client threads one after another, so
// the j-th request of an execution sees its Network+Server time grow by about j × gap. perf_analyzer's
// Network+Server column shows that only while batches are small: as they grow, the server sends the
// responses during its output phase (which Triton's statistics count in full for every request), and
// the column falls towards 0 (to 0 at concurrency 33 on BERT-Base). So the gap is the one (grid of
// `stepUs` from 0 to `maxUs`) for which the simulator, with the tool's measured overheads, comes closest
// (least squares) to the tool's own Network+Server time at every loaded level (each concurrency above 1)
// on the calibration-only model: the light levels show the gap, the heavy ones bound it. Fitted with it
// (for each value on its grid, the best gap near the previous one's): the tool's loaded network time, the mean
// extra Network+Server time of a request sent while the tool has others in flight (a wait on the way
// back, one exponential draw per execution shared by its responses, so it spreads latency as well as
// shifting it while the requests an execution answers stay together; a request with fewer others in flight than
// the entry's loadedWaitWholeFrom meets that share of it). Its concurrency-1 level has
// none in flight, yet at concurrency 9–17 its Network+Server runs 60–180 µs above what the gap alone
// can give without overshooting the heavy levels, where the early responses take the column to 0. Throughput,
// which an earlier fit used, barely moves with the gap once it is above 20 µs and moves with the
// server's speed on the day, so that fit read a slower server as a larger gap (175–200 µs where the tool
// run met a server 10–14 % slower than its profile, 10–40 µs elsewhere). Only calibration data enter;
// the live runs stay held out. Before that,
// the spread of its Network+Server time: the standard deviation (same grid) for which the simulated
// concurrency-1 level has the tool's own p95 − p50 (at concurrency 1 nothing queues, so what spreads
// latency beyond the execution's own spread is the tool's and the network's; p95 rather than p99, which
// one slow stretch of a few seconds' measurement can move by half).
import { forTool, withLoadGenerator } from "../compute/load-generator.js";
import type { LoadGenerator, Profile } from "../compute/profile.js";
import type { RunSummary } from "../metrics/summary.js";
import type { CsvRow } from "../metrics/csv.js";
import type { ServerConfig } from "../server/config.js";
import { simulateAs } from "../server/simulation.js";
import { liveServerConfig, type LiveRun } from "./live-run.js";

/** The tool's closed loop of single-sample requests at `concurrency`, with `lg` as its profile entry. */
export function closedLoop(profile: Profile, lg: LoadGenerator, config: ServerConfig, concurrency: number, warmupRequests: number, requests: number): RunSummary {
  return simulateAs(forTool(withLoadGenerator(profile, lg), lg.tool), {
    config,
    workload: { kind: "concurrency", concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests, requests },
  });
}

/** 0, step, 2 × step, … up to max. */
function grid(max: number, step: number): number[] {
  const out: number[] = [];
  for (let x = 0; x <= max + 1e-9; x += step) out.push(x);
  return out;
}

/** The grid value (0, step, … ≤ max) whose simulated figure comes closest to `target` (the first on ties). */
function closestOnGrid(maxUs: number, stepUs: number, target: number, simulated: (x: number) => number): { x: number; simulated: number } {
  let best = { x: 0, diff: Number.POSITIVE_INFINITY, simulated: 0 };
  for (const x of grid(maxUs, stepUs)) {
    const v = simulated(x);
    const diff = Math.abs(v - target);
    if (diff < best.diff) best = { x, diff, simulated: v };
  }
  return { x: best.x, simulated: best.simulated };
}

/** The tool run's loaded levels (concurrency above 1, with throughput), lightest first, with the columns its fits read. */
export function loadedLevels(rows: readonly CsvRow[]): { concurrency: number; measuredPerS: number; networkUs: number | undefined; outputUs: number | undefined }[] {
  return rows
    .map((r) => ({
      concurrency: r.Concurrency ?? 0,
      measuredPerS: r["Inferences/Second"] ?? 0,
      networkUs: r["Network+Server Send/Recv"],
      outputUs: r["Server Compute Output"],
    }))
    .filter((l) => l.concurrency > 1 && l.measuredPerS > 0)
    .sort((a, b) => a.concurrency - b.concurrency);
}

export interface ToolGapFit {
  readonly responseGapUs: number;
  readonly loadedNetworkUs: number;
  /** The levels fitted: concurrency, measured and simulated (at the chosen gap) Network+Server, µs. */
  readonly levels: readonly { readonly concurrency: number; readonly measuredUs: number; readonly simulatedUs: number }[];
  /** Throughput at every level above 1 at the chosen gap against the tool's: root-mean-square relative error, %. */
  readonly throughputRmsPct: number;
}

export function fitToolGap(
  profile: Profile,
  lg: LoadGenerator,
  run: LiveRun,
  rows: readonly CsvRow[],
  opts: {
    readonly maxUs?: number;
    readonly stepUs?: number;
    readonly requests?: number;
    /** Fit the loaded network time too (default true); false keeps it 0. */
    readonly fitLoaded?: boolean;
    readonly maxLoadedUs?: number;
    readonly loadedStepUs?: number;
  } = {},
): ToolGapFit {
  const loaded = loadedLevels(rows);
  if (loaded.length === 0) throw new Error(`${run.name}: the response gap needs a level above concurrency 1`);
  for (const l of loaded) {
    if (l.networkUs === undefined || !Number.isFinite(l.networkUs)) {
      throw new Error(`${run.name}: the response gap needs the "Network+Server Send/Recv" column at concurrency ${l.concurrency}`);
    }
  }
  const config = liveServerConfig(run, run.name);
  const requests = opts.requests ?? 10_000;
  const at = (gapUs: number, loadedUs: number, concurrency: number): RunSummary =>
    closedLoop(profile, { ...lg, responseGapUs: gapUs, loadedNetworkUs: loadedUs }, config, concurrency, 1000, requests);
  const seen = new Map<string, { gap: number; extra: number; runs: RunSummary[]; sse: number }>();
  const evaluate = (gap: number, extra: number) => {
    const key = `${gap}/${extra}`;
    const hit = seen.get(key);
    if (hit !== undefined) return hit;
    const runs = loaded.map((l) => at(gap, extra, l.concurrency));
    const e = { gap, extra, runs, sse: runs.reduce((a, r, i) => a + (r.breakdownUs.networkServer - loaded[i]!.networkUs!) ** 2, 0) };
    seen.set(key, e);
    return e;
  };
  const gaps = grid(opts.maxUs ?? 200, opts.stepUs ?? 5);
  const extras = opts.fitLoaded === false ? [0] : grid(opts.maxLoadedUs ?? 300, opts.loadedStepUs ?? 10);
  // for every loaded time on its grid, the best gap (a local search on the gap grid from the previous
  // loaded time's best, which moves little between neighbours); then the best pair
  let best = evaluate(0, 0);
  let gi = 0;
  for (const x of extras) {
    let here = evaluate(gaps[gi]!, x);
    for (let moved = true; moved; ) {
      moved = false;
      for (const d of [-1, 1]) {
        const g = gaps[gi + d];
        if (g === undefined) continue;
        const e = evaluate(g, x);
        if (e.sse < here.sse) {
          here = e;
          gi += d;
          moved = true;
          break;
        }
      }
    }
    if (here.sse < best.sse) best = here;
  }
  const sse = loaded.reduce((a, l, i) => a + ((best.runs[i]!.throughputPerS - l.measuredPerS) / l.measuredPerS) ** 2, 0);
  return {
    responseGapUs: best.gap,
    loadedNetworkUs: best.extra,
    levels: loaded.map((l, i) => ({ concurrency: l.concurrency, measuredUs: l.networkUs!, simulatedUs: best.runs[i]!.breakdownUs.networkServer })),
    throughputRmsPct: 100 * Math.sqrt(sse / loaded.length),
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
  const config = liveServerConfig(run, run.name);
  const measuredTailUs = p95 - p50;
  const best = closestOnGrid(opts.maxUs ?? 300, opts.stepUs ?? 5, measuredTailUs, (sd) => {
    const r = closedLoop(profile, { ...lg, networkSdUs: sd }, config, 1, 500, opts.requests ?? 20_000);
    return r.latencyUs.p95 - r.latencyUs.p50;
  });
  return { networkSdUs: best.x, measuredTailUs, simulatedTailUs: best.simulated };
}
