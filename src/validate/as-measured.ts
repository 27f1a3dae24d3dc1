// A live level predicted the way its tool measured it. perf_analyzer (and servesim loadgen, which copies
// it) measure a level in windows of 1.2 × --measurement-interval from the start of the load and report
// the first three consecutive windows that agree within ±stability %, merged: a few seconds of traffic,
// not a long run. What it reports is one draw of a statistic with its own spread (a p99 over 5 s moves
// with the few slow stretches and stalls that fell in it), so the prediction is the median over
// `replications` simulated measurements, each with its own seed: the value a single measurement lands
// closest to in absolute error. `requests` instead measures a fixed count after a warm-up (one long run
// per replication, the older method).
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
  /** Simulated measurements per level, each with its own seed; the prediction is their median. */
  readonly replications: number;
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
): { readonly metrics: PointMetrics; readonly stable: boolean } {
  if (!(Number.isInteger(opts.replications) && opts.replications >= 1)) throw new RangeError(`replications must be an integer >= 1, got ${opts.replications}`);
  const measurement = measurementOf(run, opts);
  const runs: PointMetrics[] = [];
  let stable = 0;
  for (let k = 0; k < opts.replications; k++) {
    const s = simulateAs(tool, { ...input, seed: replicationSeed(opts.seed, k), measurement });
    runs.push(metricsOf(s));
    if (s.stable) stable++;
  }
  const mostlyStable = 2 * stable >= opts.replications;
  if (runs.length === 1) return { metrics: runs[0]!, stable: mostlyStable };
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
  };
}
