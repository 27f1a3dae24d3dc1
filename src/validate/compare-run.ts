// One live run predicted the way it was measured: its server config from the run's model config, each
// level simulated with the run's load mode, level, distribution and client batch size by the tool that
// measured it (as-measured.ts), against the run's CSV row; also at the server's measured speed where the
// run carries one, and on a slower server with a speed margin. Runs are independent of each other, so
// validate may compare them in any order or on worker threads (validate-pool.ts) and summarise after.
import { coverageOf } from "../compute/compute-model.js";
import { forTool, type ToolModel } from "../compute/load-generator.js";
import { recurringHostEpisodes, type Profile } from "../compute/profile.js";
import { withServerSpeed } from "../compute/server-speed.js";
import { liveServerConfig, type LiveRun } from "../calibrate/live-run.js";
import type { CsvRow } from "../metrics/csv.js";
import type { ServerConfig } from "../server/config.js";
import { placeInstances } from "../server/config.js";
import type { BatchingPolicy } from "../server/policy.js";
import { simulateAs } from "../server/simulation.js";
import { perfAnalyzerPoissonWorkload } from "../workload/perf-analyzer-schedule.js";
import { requestIntervalsWorkload } from "../workload/request-intervals.js";
import type { Workload } from "../workload/workload.js";
import { PERF_ANALYZER_MAX_TRIALS, predictAsMeasured, type AsMeasuredOptions } from "./as-measured.js";
import { errorsOf, loadBand, type LoadBand, type PointErrors } from "./errors.js";
import { isStable, isSteady, loadColumn, measuredOf, type PointMetrics } from "./measured.js";
import { serverConfigKey } from "./repeats.js";
import { speedAt } from "./server-speed.js";

export interface LiveRunData {
  readonly run: LiveRun;
  readonly rows: readonly CsvRow[];
  readonly where: string;
}

export interface PointComparison {
  readonly run: string;
  readonly model: string;
  readonly profile: string;
  /** The tool that measured the run (perf_analyzer or servesim-loadgen). */
  readonly tool: string;
  readonly mode: "concurrency" | "rate";
  /** How the requests arrived: a closed loop, or the open loop's gaps (perf_analyzer's distributions, "custom"
   *  for its --request-intervals). */
  readonly arrival: Arrival;
  readonly load: number;
  readonly batchSize: number;
  readonly inSample: boolean;
  /** False for an open-loop level the live server could not keep up with (measured throughput under
   *  97 % of the offered load): its latency grows for as long as one measures, so there is no steady
   *  state to predict. Such points are listed but left out of the error summaries. */
  readonly steady: boolean;
  /** False for a level the tool could not measure stably (perf_analyzer's rule: the last windows agree
   *  within ±stabilityPct; perf_analyzer then writes no row at all). Listed, not summarised. */
  readonly stable: boolean;
  readonly band: LoadBand;
  readonly measured: PointMetrics;
  readonly predicted: PointMetrics;
  /** Did the simulated measurement find three agreeing windows (most replications)? False where the
   *  model puts the level past capacity or still drifting: perf_analyzer would have written no row. */
  readonly predictedStable: boolean;
  /** How many simulated measurements the prediction is the median of (as-measured.ts). */
  readonly replications: number;
  readonly errorPct: PointErrors;
  /** With the server's speed measured during this level (the run's serverSpeed): the prediction on the
   *  profile rescaled to it, and its error. Absent when the run carries no speed for the level. */
  readonly speedConditioned?: { readonly ratio: number; readonly predicted: PointMetrics; readonly errorPct: PointErrors };
  /** The prediction on a server `speedMarginPct` % slower than its calibration (with a speed margin). */
  readonly marginPredicted?: PointMetrics;
}

/** How a level's requests arrived. */
export type Arrival = "closed" | "poisson" | "constant" | "gamma" | "custom";
export const ARRIVALS: readonly Arrival[] = ["closed", "poisson", "constant", "gamma", "custom"];

export interface CompareOptions extends AsMeasuredOptions {
  /** A research batching policy in Triton's batcher's place; a fresh one for every simulation. */
  readonly policy?: (() => BatchingPolicy | undefined) | undefined;
  /** Also predict every level on a server this many % slower than its calibration (plan's
   *  --speed-margin); 0 or absent: not. */
  readonly speedMarginPct?: number;
  /** Simulate the tool's recorded pauses (forTool's withPauses). */
  readonly toolPauses?: boolean;
  /** Hold the front end during the profile's host episodes (default true: the measured start had them). */
  readonly hostEpisodes?: boolean;
}

/** Whether the simulations hold the front end during the profile's host episodes (CompareOptions.hostEpisodes). */
const holdsEpisodes = (opts: CompareOptions): boolean => opts.hostEpisodes !== false;

/** What validate needs of one run: its points, and what the summaries group them by. */
export interface RunComparison {
  readonly points: readonly PointComparison[];
  /** The server settings as parsed (serverConfigKey), for pairing repeated measurements. */
  readonly configKey: string;
  readonly profile: string;
  /** The profile's host episodes per second (0: none in its calibration logs). */
  readonly hostEpisodesPerS: number;
  /** Does the profile show recurring host episodes (recurringHostEpisodes)? */
  readonly recurringEpisodes: boolean;
  /** What the profile calibrated (its metadata.model, else its name): the summaries' split by served model. */
  readonly calibratedModel: string;
}

/** A speed margin must be a finite number ≥ 0. */
export function checkSpeedMargin(pct: number | undefined): void {
  const x = pct ?? 0;
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`speed margin must be a finite number >= 0, got ${pct}`);
}

/** perf_analyzer's default --max-threads. */
const PERF_ANALYZER_MAX_THREADS = 4;

/** The synchronous senders of a perf_analyzer request-rate run: its command's --max-threads (perf_analyzer's
 *  default 4 when absent); 0 (no limit) with --async / -a, for servesim loadgen, and in concurrency mode. */
export function sendersOf(run: LiveRun): number {
  if (run.tool !== "perf_analyzer" || run.load.mode !== "rate") return 0;
  if (/\s(--async|-a)\s/.test(` ${run.metadata.command} `)) return 0;
  return maxThreadsOf(run);
}

/** A perf_analyzer run's --max-threads (its default 4 when the command names none). */
function maxThreadsOf(run: LiveRun): number {
  const m = /\s--max-threads[ =](\d+)\s/.exec(` ${run.metadata.command} `);
  return m === null ? PERF_ANALYZER_MAX_THREADS : Number(m[1]);
}

export function workloadOf(run: LiveRun, level: number): Workload {
  const shape = { batchSize: run.load.batchSize, priority: 0, timeoutUs: 0 };
  if (run.load.mode === "concurrency") return { kind: "concurrency", concurrency: level, ...shape };
  const senders = sendersOf(run);
  const withSenders = senders > 0 ? { senders } : {};
  if (run.load.distribution === "custom") {
    // perf_analyzer's --request-intervals: its gaps, repeated; the level (its rate for them) follows from them
    return { ...requestIntervalsWorkload(run.load.requestIntervalsUs!, shape), ...withSenders };
  }
  const distribution = run.load.distribution ?? "constant";
  if (run.tool === "perf_analyzer" && distribution === "poisson") {
    // perf_analyzer replays one fixed draw of Poisson gaps (its schedule's engine is never seeded)
    const spec = { requestsPerS: level, intervalMs: run.measurement.intervalMs, maxTrials: run.measurement.maxTrials ?? PERF_ANALYZER_MAX_TRIALS, threads: maxThreadsOf(run) };
    return { ...perfAnalyzerPoissonWorkload(spec, shape), ...withSenders };
  }
  const cv = run.load.cv ?? (distribution === "gamma" ? 2 : 1);
  // servesim loadgen draws its gaps from the simulator's stream with its recorded seed: replay them
  const seed = run.tool === "servesim-loadgen" && distribution !== "constant" ? run.measurement.seed : undefined;
  const replay = seed !== undefined ? { arrivalSeed: seed } : {};
  return { kind: "rate", requestsPerS: level, distribution, cv, ...shape, ...withSenders, ...replay };
}

/** Does the profile's calibration cover this configuration and load (same scheduler, instance count
 *  and request batch size as a calibration point)? */
export function isInSample(config: ServerConfig, run: LiveRun, profile: Profile): boolean {
  const cov = coverageOf(profile);
  const instances = placeInstances(config).length;
  return (
    profile.metadata.source === "measured" &&
    config.dynamicBatching === null &&
    run.load.mode === "concurrency" &&
    cov.concurrencies.includes(instances) &&
    cov.batchSizes.includes(run.load.batchSize)
  );
}

/** Throughput the configuration reaches at saturation: the measured plateau when the sweep shows one,
 *  else the simulated saturated throughput. */
function capacityOf(config: ServerConfig, run: LiveRun, measured: readonly PointMetrics[], tool: ToolModel, opts: CompareOptions): number {
  const thr = measured.map((m) => m.throughputPerS);
  const max = Math.max(...thr);
  const last = thr.slice(-2);
  if (run.load.mode === "concurrency" && last.length === 2 && Math.abs(last[1]! - last[0]!) <= 0.03 * max) return max;
  const instances = placeInstances(config).length;
  const c = Math.max(8, 4 * instances * Math.max(1, config.maxBatchSize));
  const sat = simulateAs(tool, {
    config,
    policy: opts.policy?.(),
    workload: { kind: "concurrency", concurrency: c, batchSize: run.load.batchSize, priority: 0, timeoutUs: 0 },
    hostEpisodes: holdsEpisodes(opts),
    seed: opts.seed,
    measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 },
  });
  return Math.max(max, sat.throughputPerS);
}

export function compareRun({ run, rows, where }: LiveRunData, profile: Profile, opts: CompareOptions): RunComparison {
  checkSpeedMargin(opts.speedMarginPct);
  const marginPct = opts.speedMarginPct ?? 0;
  const pauses = opts.toolPauses === true;
  const slower = marginPct > 0 ? forTool(withServerSpeed(profile, 1 + marginPct / 100), run.tool, pauses) : null;
  const config = liveServerConfig(run, where);
  const firstCol = loadColumn(run);
  const measuredRows = [...rows].sort((a, b) => (a[firstCol] ?? 0) - (b[firstCol] ?? 0));
  const measured = measuredRows.map(measuredOf);
  const tool = forTool(profile, run.tool, pauses);
  const capacity = capacityOf(config, run, measured, tool, opts);
  const inSample = isInSample(config, run, profile);
  const points = measuredRows.map((row, i): PointComparison => {
    const load = row[firstCol]!;
    const predictFully = (t: ToolModel, o: AsMeasuredOptions = opts) =>
      predictAsMeasured(t, { config, policy: opts.policy?.(), workload: workloadOf(run, load), hostEpisodes: holdsEpisodes(opts) }, run, o);
    // the side predictions (a server at the measured speed, plan's margin) keep the minimum count
    const predict = (t: ToolModel): PointMetrics => predictFully(t, { ...opts, maxReplications: undefined }).metrics;
    const m = measured[i]!;
    const full = predictFully(tool);
    const p = full.metrics;
    const ratio = speedAt(run, load);
    const conditioned = ratio === undefined ? undefined : predict(forTool(withServerSpeed(profile, ratio), run.tool, pauses));
    const marginPredicted = slower === null ? undefined : predict(slower);
    return {
      run: run.name,
      model: run.model,
      profile: profile.name,
      tool: run.tool,
      mode: run.load.mode,
      arrival: run.load.mode === "concurrency" ? "closed" : (run.load.distribution ?? "constant"),
      load,
      batchSize: run.load.batchSize,
      inSample,
      steady: isSteady(run, m, load),
      stable: isStable(run, load),
      band: loadBand(m.throughputPerS, capacity),
      measured: m,
      predicted: p,
      predictedStable: full.stable,
      replications: full.replications,
      errorPct: errorsOf(p, m),
      ...(ratio !== undefined && conditioned !== undefined ? { speedConditioned: { ratio, predicted: conditioned, errorPct: errorsOf(conditioned, m) } } : {}),
      ...(marginPredicted !== undefined ? { marginPredicted } : {}),
    };
  });
  return {
    points,
    configKey: serverConfigKey(config),
    profile: profile.name,
    hostEpisodesPerS: profile.hostEpisodes?.ratePerS ?? 0,
    recurringEpisodes: recurringHostEpisodes(profile) !== null,
    calibratedModel: profile.metadata.model ?? profile.name,
  };
}
