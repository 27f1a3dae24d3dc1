// A live level predicted the way its tool measured it. perf_analyzer (and servesim loadgen, which copies
// it) measure a level in windows of 1.2 × --measurement-interval from the start of the load and report
// the first three consecutive windows that agree within ±stability %, merged: a few seconds of traffic,
// not a long run. What it reports is one draw of a statistic with its own spread (a p99 over 5 s moves
// with the few slow stretches and stalls that fell in it), so the prediction is the median over
// simulated measurements, each with its own seed: the value a single measurement lands closest to in
// absolute error. At least `replications` of them; with `maxReplications` above that, more are added until
// the median p99's standard error is within MC_TOLERANCE of it (sequential Monte Carlo: a level whose
// p99 moves with rare events gets the draws it needs, a steady one stops at the minimum). `requests`
// instead measures a fixed count after a warm-up (one long run per replication, the older method).
import { median } from "simple-statistics";
import type { ToolModel } from "../compute/load-generator.js";
import type { LiveRun } from "../calibrate/live-run.js";
import { WINDOW_FACTOR } from "../calibrate/loadgen.js";
import type { Measurement } from "../metrics/recorder.js";
import type { RunSummary } from "../metrics/summary.js";
import type { SimulationInput } from "../server/simulation-input.js";
import { simulateAs } from "../server/simulation.js";
import type { PointMetrics } from "./measured.js";

/** perf_analyzer's limit on measurement windows per level (-max-trials), when a run does not record one. */
export const PERF_ANALYZER_MAX_TRIALS = 10;

export interface AsMeasuredOptions {
  readonly seed: string;
  /** Simulated measurements per level (at least), each with its own seed; the prediction is their median. */
  readonly replications: number;
  /** Add measurements beyond `replications`, up to this many, while the median p99's standard error exceeds
   *  MC_TOLERANCE of it (default: `replications`, a fixed count). */
  readonly maxReplications?: number | undefined;
  /** Measure this many requests after a warm-up instead of the tool's windows. */
  readonly requests?: number | undefined;
}

/** How the run's tool measured each level (or the fixed count asked for). */
export function measurementOf(run: LiveRun, opts: AsMeasuredOptions): Measurement {
  if (opts.requests !== undefined) {
    return { kind: "requests", warmupRequests: Math.max(1000, Math.round(opts.requests / 10)), requests: opts.requests };
  }
  const m = run.measurement;
  return {
    kind: "windows",
    windowUs: WINDOW_FACTOR * m.intervalMs * 1000,
    stabilityPct: m.stabilityPct,
    maxTrials: m.maxTrials ?? PERF_ANALYZER_MAX_TRIALS,
    percentile: m.percentile,
  };
}

/** The Monte Carlo error a level's median p99 is replicated down to (standard error over the median), where
 *  `maxReplications` allows: a fifth of validate's 10 % target, so the simulation's own noise adds little to the
 *  error it reports (in quadrature, 2 % on 10 % is 0.2 %). */
export const MC_TOLERANCE = 0.02;

/** The standard error of the median of `xs` (at least two): 1.2533 σ / √n, σ read robustly from the
 *  interquartile range (IQR / 1.349), so one rare long window does not inflate it. */
export function medianStandardError(xs: readonly number[]): number {
  if (xs.length < 2) return Number.POSITIVE_INFINITY;
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
  };
  return (1.2533 * (q(0.75) - q(0.25))) / 1.349 / Math.sqrt(s.length);
}

/** The seed of replication k: the base seed itself first, so one replication reproduces a plain run. */
export function replicationSeed(seed: string, k: number): string {
  return k === 0 ? seed : `${seed}.${k}`;
}

export function metricsOf(s: RunSummary): PointMetrics {
  return { throughputPerS: s.throughputPerS, p50Us: s.latencyUs.p50, p90Us: s.latencyUs.p90, p99Us: s.latencyUs.p99, breakdownUs: s.breakdownUs };
}

/** The median, figure by figure, of `replications` simulated measurements of one level, and whether
 *  most of them found three agreeing windows (with `requests`: the long run's own stability test). */
export function predictAsMeasured(
  tool: ToolModel,
  input: Omit<SimulationInput, "profile" | "responseGapUs" | "seed" | "measurement">,
  run: LiveRun,
  opts: AsMeasuredOptions,
): { readonly metrics: PointMetrics; readonly stable: boolean; readonly replications: number } {
  if (!(Number.isInteger(opts.replications) && opts.replications >= 1)) throw new RangeError(`replications must be an integer >= 1, got ${opts.replications}`);
  const most = opts.maxReplications ?? opts.replications;
  if (!(Number.isInteger(most) && most >= opts.replications)) throw new RangeError(`maxReplications must be an integer >= replications (${opts.replications}), got ${most}`);
  const measurement = measurementOf(run, opts);
  const runs: PointMetrics[] = [];
  let stable = 0;
  const settled = (): boolean => {
    if (runs.length < opts.replications) return false;
    if (runs.length >= most) return true;
    const p99s = runs.map((m) => m.p99Us);
    return medianStandardError(p99s) <= MC_TOLERANCE * median(p99s);
  };
  while (!settled()) {
    const s = simulateAs(tool, { ...input, seed: replicationSeed(opts.seed, runs.length), measurement });
    runs.push(metricsOf(s));
    if (s.stable) stable++;
  }
  const mostlyStable = 2 * stable >= runs.length;
  if (runs.length === 1) return { metrics: runs[0]!, stable: mostlyStable, replications: 1 };
  const med = (f: (m: PointMetrics) => number): number => median(runs.map(f));
  const breakdownUs: Record<string, number> = {};
  for (const key of Object.keys(runs[0]!.breakdownUs)) breakdownUs[key] = med((m) => (m.breakdownUs as unknown as Record<string, number>)[key]!);
  return {
    metrics: {
      throughputPerS: med((m) => m.throughputPerS),
      p50Us: med((m) => m.p50Us),
      p90Us: med((m) => m.p90Us),
      p99Us: med((m) => m.p99Us),
      breakdownUs: breakdownUs as unknown as PointMetrics["breakdownUs"],
    },
    stable: mostlyStable,
    replications: runs.length,
  };
}
