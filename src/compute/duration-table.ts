// Durations tabulated over batch size (0..max): a mean curve through measured points (monotone when
// asked), drawn as a lognormal with the measured coefficient of variation, or as the mean plus an
// additive jitter. Table lookups only in the event loop.
import { lognormalParams, type RandomStream } from "../kernel/rng.js";
import { clampedAt, isotonic, linearAt, tabulate, type Point } from "./interpolate.js";
import type { Jitter } from "./jitter.js";
import type { StatUs } from "./profile.js";

/** A duration distribution tabulated over batch size: lognormal with the given mean and sd, or the mean
 *  plus an additive jitter (mean 0) in place of the lognormal spread. */
export class DurationTable {
  readonly mean: Float64Array;
  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;

  constructor(
    mean: Float64Array,
    sd: Float64Array,
    private readonly jitter: Jitter | null = null,
  ) {
    this.mean = mean;
    this.mu = new Float64Array(mean.length);
    this.sigma = new Float64Array(mean.length);
    for (let b = 0; b < mean.length; b++) {
      const m = mean[b]!;
      const s = sd[b]!;
      if (m > 0 && s > 0) {
        const p = lognormalParams(m, s);
        this.mu[b] = p.mu;
        this.sigma[b] = p.sigma;
      }
    }
  }

  draw(b: number, rng: RandomStream): number {
    const j = this.jitter;
    if (j !== null) {
      const m = this.mean[b]!;
      if (m === 0) return 0;
      const t = m + j.at(rng.uniform());
      return t > 0.2 * m ? t : 0.2 * m;
    }
    const s = this.sigma[b]!;
    if (s === 0) return this.mean[b]!;
    return Math.exp(this.mu[b]! + s * rng.normal());
  }

  /** The lognormal's value at a given standard normal deviate z (the mean where there is no spread):
   *  `draw` at a deviate the caller chose (server/network-drift.ts), for tables drawn as lognormals (the
   *  request overheads'; a jitter table has no deviate to choose). */
  at(b: number, z: number): number {
    const s = this.sigma[b]!;
    if (s === 0) return this.mean[b]!;
    return Math.exp(this.mu[b]! + s * z);
  }

  static zeros(max: number): DurationTable {
    return new DurationTable(new Float64Array(max + 1), new Float64Array(max + 1));
  }
}

/** Means from `stats`; the spread (coefficient of variation over b) from `spread`, default the same
 *  points (points whose sd was not measured must not pull it to 0), or `jitter` when given. */
export function curve(
  stats: readonly { b: number; stat: StatUs }[],
  max: number,
  monotone: boolean,
  spread: readonly { b: number; stat: StatUs }[] = stats,
  jitter: Jitter | null = null,
): DurationTable {
  if (stats.length === 0) return DurationTable.zeros(max);
  const meanPts: Point[] = stats.map((s) => ({ x: s.b, y: s.stat.mean }));
  const fitted = monotone ? isotonic(meanPts) : [...meanPts].sort((a, b) => a.x - b.x);
  const cvPts: Point[] = spread
    .map((s) => ({ x: s.b, y: s.stat.mean > 0 ? s.stat.sd / s.stat.mean : 0 }))
    .sort((a, b) => a.x - b.x);
  const mean = tabulate(max, (b) => (b === 0 ? 0 : linearAt(fitted, b, 0)));
  const sd = tabulate(max, (b) => mean[b]! * Math.max(0, clampedAt(cvPts, b)));
  return new DurationTable(mean, sd, jitter);
}
