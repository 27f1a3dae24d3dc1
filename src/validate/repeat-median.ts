// Configurations measured again and again: the same model and server configuration, load mode, client
// batch size, load level and tool on at least `minRuns` runs (mostly on different machine starts). Two figures per group: the
// error of the median prediction against the median measurement — what the model gets wrong about the
// typical start — and how far each measurement lies from its group's median — what the starts disagree
// on, which no prediction made before a start can remove. A model of the typical start scores 0 on the
// first while the second stays, so the pair splits a point's error into the model's and the host's.
// A third scores what measuring instead of modelling would give: each measurement predicted by the
// median of the other runs' measurements of it (leave one run out), scored as the headline scores the
// model. Where that misses by more than the model does, the runs disagree more than the model errs.
import { median } from "simple-statistics";
import { signedPctError, tableOf, type ErrorTable, type PointErrors } from "./errors.js";
import type { PointMetrics } from "./measured.js";

/** What a group needs of a compared point (validate's PointComparison has it). */
export interface RepeatedPoint {
  readonly run: string;
  readonly model: string;
  /** The parsed server config (validate passes it): groups need the same model name and, when given, this. */
  readonly configKey?: string;
  readonly tool: string;
  readonly mode: "concurrency" | "rate";
  readonly batchSize: number;
  readonly load: number;
  readonly measured: PointMetrics;
  readonly predicted: PointMetrics;
  readonly errorPct: PointErrors;
}

export interface MedianGroup {
  readonly model: string;
  readonly tool: string;
  readonly mode: "concurrency" | "rate";
  readonly batchSize: number;
  readonly load: number;
  readonly runs: readonly string[];
  readonly measured: PointMetrics;
  readonly predicted: PointMetrics;
  /** Median prediction against median measurement, signed %. */
  readonly errorPct: PointErrors;
}

export interface AcrossRepeats {
  readonly minRuns: number;
  readonly groups: readonly MedianGroup[];
  /** Over groups: the median prediction against the median measurement. */
  readonly medianError: ErrorTable;
  /** Over the groups' points: each point's own error (the same points, as the headline scores them). */
  readonly pointError: ErrorTable;
  /** Over the groups' points: each measurement against its group's median measurement. */
  readonly spread: ErrorTable;
  /** Over the groups' points: the median of the other runs' measurements as the prediction of each
   *  (leave one run out), signed as the headline's errors: (others' median − measured) / measured. */
  readonly leaveOneOut: ErrorTable;
}

/** Each figure's median over the group (each one on its own: the medians may come from different runs). */
function medianMetrics(ms: readonly PointMetrics[]): PointMetrics {
  const bd = ms[0]!.breakdownUs;
  const breakdownUs = Object.fromEntries(Object.keys(bd).map((k) => [k, median(ms.map((m) => m.breakdownUs[k as keyof typeof bd]))])) as unknown as typeof bd;
  const at = (f: (m: PointMetrics) => number): number => median(ms.map(f));
  return { throughputPerS: at((m) => m.throughputPerS), p50Us: at((m) => m.p50Us), p90Us: at((m) => m.p90Us), p99Us: at((m) => m.p99Us), breakdownUs };
}

function pctOf(value: PointMetrics, reference: PointMetrics): PointErrors {
  return {
    throughput: signedPctError(value.throughputPerS, reference.throughputPerS),
    p50: signedPctError(value.p50Us, reference.p50Us),
    p90: signedPctError(value.p90Us, reference.p90Us),
    p99: signedPctError(value.p99Us, reference.p99Us),
  };
}

/** Groups of `points` (already filtered to measurements) with at least `minRuns` distinct runs. */
export function acrossRepeats(points: readonly RepeatedPoint[], minRuns = 3): AcrossRepeats {
  if (!Number.isInteger(minRuns) || minRuns < 2) throw new RangeError(`minRuns must be a whole number >= 2, got ${minRuns}`);
  const byKey = new Map<string, RepeatedPoint[]>();
  for (const p of points) {
    const key = `${p.model}|${p.configKey ?? ""}|${p.tool}|${p.mode}|${p.batchSize}|${p.load}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [p]);
    else list.push(p);
  }
  const groups: MedianGroup[] = [];
  const spread: PointErrors[] = [];
  const pointError: PointErrors[] = [];
  const leaveOneOut: PointErrors[] = [];
  for (const list of byKey.values()) {
    const runs = [...new Set(list.map((p) => p.run))].sort();
    if (runs.length < minRuns) continue;
    const measured = medianMetrics(list.map((p) => p.measured));
    const predicted = medianMetrics(list.map((p) => p.predicted));
    const first = list[0]!;
    groups.push({ model: first.model, tool: first.tool, mode: first.mode, batchSize: first.batchSize, load: first.load, runs, measured, predicted, errorPct: pctOf(predicted, measured) });
    for (const p of list) {
      spread.push(pctOf(p.measured, measured));
      pointError.push(p.errorPct);
      leaveOneOut.push(pctOf(medianMetrics(list.filter((q) => q.run !== p.run).map((q) => q.measured)), p.measured));
    }
  }
  groups.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.mode < b.mode ? -1 : a.mode > b.mode ? 1 : a.load - b.load));
  return { minRuns, groups, medianError: tableOf(groups.map((g) => g.errorPct)), pointError: tableOf(pointError), spread: tableOf(spread), leaveOneOut: tableOf(leaveOneOut) };
}
