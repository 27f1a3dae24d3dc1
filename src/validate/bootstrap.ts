// How sure validate's figures are: a cluster bootstrap of the median absolute error, and of a share (how
// often an SLO "yes" held). Points are resampled a cluster at a time (a profile: one calibration and the runs
// predicted from it, which share one host's speed), so an interval says how far the figure could move with
// another set of calibrations. Invariant: it depends only on each cluster's contents and the seed, not on order.
import { quantileSorted } from "simple-statistics";
import { RandomStream } from "../kernel/rng.js";
import type { PointErrors } from "./errors.js";

export const METRICS = ["throughput", "p50", "p90", "p99"] as const;
export type Metric = (typeof METRICS)[number];

export interface Interval {
  readonly lowPct: number;
  readonly highPct: number;
}

export interface BootstrapOptions {
  readonly seed: string;
  readonly reps: number;
  /** Two-sided coverage, e.g. 0.95. */
  readonly level: number;
}

export interface BootstrapRow {
  readonly points: number;
  readonly clusters: number;
  /** Per metric: the percentile interval of the resampled median absolute error, %. */
  readonly intervals: Readonly<Record<Metric, Interval>>;
}

export interface ClusteredErrors {
  readonly cluster: string;
  readonly errorPct: PointErrors;
}

/** Median of the first n values of buf (sorted in place). */
function medianOf(buf: Float64Array, n: number): number {
  const view = buf.subarray(0, n).sort();
  return n % 2 === 1 ? view[(n - 1) / 2]! : (view[n / 2 - 1]! + view[n / 2]!) / 2;
}

/** The percentile interval of `stat` over o.reps resamples: each draws as many clusters as there are, with
 *  replacement, through `draw`. No clusters: no interval (NaN). */
function resampled<T>(live: readonly T[], o: BootstrapOptions, stream: string, stat: (draw: () => T) => number): Interval {
  if (live.length === 0) return { lowPct: Number.NaN, highPct: Number.NaN };
  const rng = new RandomStream(o.seed, stream);
  const draw = (): T => live[Math.floor(rng.uniform() * live.length)]!;
  const stats = new Float64Array(o.reps);
  for (let r = 0; r < o.reps; r++) stats[r] = stat(draw);
  return percentileInterval(stats, o.level);
}

/** The interval of one metric: clusters (arrays of |error|) drawn with replacement, their union's median. */
function intervalOf(clusters: readonly Float64Array[], o: BootstrapOptions, stream: string): Interval {
  const live = clusters.filter((c) => c.length > 0);
  const buf = new Float64Array(Math.max(0, ...live.map((c) => c.length)) * live.length);
  return resampled(live, o, stream, (draw) => {
    let n = 0;
    for (let k = 0; k < live.length; k++) {
      const c = draw();
      buf.set(c, n);
      n += c.length;
    }
    return medianOf(buf, n);
  });
}

/** The interval, in %, of a pooled share Σk / Σn when clusters (each its count k of n) are drawn with
 *  replacement; clusters with n = 0 hold nothing to draw. */
export function clusterShareInterval(counts: readonly { readonly k: number; readonly n: number }[], o: BootstrapOptions, stream: string): Interval {
  checkOptions(o);
  const live = counts.filter((c) => c.n > 0);
  return resampled(live, o, stream, (draw) => {
    let k = 0;
    let n = 0;
    for (let i = 0; i < live.length; i++) {
      const c = draw();
      k += c.k;
      n += c.n;
    }
    return (100 * k) / n;
  });
}

/** The two-sided percentile interval of the resampled statistics (sorted in place). */
function percentileInterval(stats: Float64Array, level: number): Interval {
  const sorted = Array.from(stats.sort());
  const tail = (1 - level) / 2;
  return { lowPct: quantileSorted(sorted, tail), highPct: quantileSorted(sorted, 1 - tail) };
}

function checkOptions(o: BootstrapOptions): void {
  if (!(o.reps >= 1) || !Number.isInteger(o.reps)) throw new RangeError(`bootstrap reps must be a positive integer, got ${o.reps}`);
  if (!(o.level > 0 && o.level < 1)) throw new RangeError(`bootstrap level must lie in (0, 1), got ${o.level}`);
}

/** The cluster-bootstrap interval of each metric's median absolute error over these points. */
export function clusterBootstrap(points: readonly ClusteredErrors[], o: BootstrapOptions): BootstrapRow {
  checkOptions(o);
  const names = [...new Set(points.map((p) => p.cluster))].sort();
  const intervals = Object.fromEntries(
    METRICS.map((m) => {
      const clusters = names.map((name) =>
        Float64Array.from(
          points.filter((p) => p.cluster === name && Number.isFinite(p.errorPct[m])).map((p) => Math.abs(p.errorPct[m])),
        ),
      );
      return [m, intervalOf(clusters, o, `bootstrap-${m}`)];
    }),
  ) as Record<Metric, Interval>;
  return { points: points.length, clusters: names.length, intervals };
}
