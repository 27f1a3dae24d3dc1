// The instance turnaround shrunk toward other machine starts' (empirical Bayes). A later run keeps only part
// of what one composition run reads: on the same start a minute later, under the tool run, the gaps
// between the calibration model's executions (the turnaround's trace in its execution log) keep only part
// of the composition run's deviation from other starts. That part, the weight, is the covariance of the two
// runs' log gaps over their variance across starts; a profile's turnaround is then the weight times its own
// fit plus the rest times the median of the other starts' fits. Pure: the CLI and scripts read the files.
import { median } from "simple-statistics";
import { z } from "zod";
import type { Turnaround } from "../compute/profile.js";
import { segmentStarts, type ExecutionLog } from "./slow-stretches.js";

/** calibration/profiles/priors/*.json: the weight and the fleet's own fits, one per composition run. */
export const TurnaroundPriorFile = z.strictObject({
  schema: z.literal("servesim.turnaround-prior/v1"),
  description: z.string().optional(),
  weight: z.number().min(0).max(1),
  weightFrom: z.string(),
  fits: z
    .array(z.strictObject({ run: z.string().min(1), baseUs: z.number().nonnegative(), perRequestUs: z.number().nonnegative() }))
    .min(1),
});
export type TurnaroundPriorFile = z.infer<typeof TurnaroundPriorFile>;

/** One start's reading of the gap between executions of n requests in two runs (µs, both > 0). */
export interface GapPair {
  readonly requests: number;
  readonly firstUs: number;
  readonly secondUs: number;
}

/** Request counts whose gaps are compared: both runs execute them back to back at their saturated levels. */
export const GAP_SIZES: readonly number[] = [8, 16];

/** The q-quantile (nearest rank below) of a non-empty list. */
function lowQuantile(xs: number[], q: number): number {
  xs.sort((a, b) => a - b);
  return xs[Math.floor(q * (xs.length - 1))]!;
}

/** The 25th-percentile gap (end of one execution to the start of the next, on the logged instance) after
 *  executions of each of `sizes` requests, in executions [a, b) of `log`; sizes seen fewer than `min`
 *  times are left out. The low quantile stands for back-to-back executions (a wider gap waited for work). */
export function gapsBySize(log: ExecutionLog, a: number, b: number, sizes: readonly number[], min = 20): Map<number, number> {
  const by = new Map<number, number[]>(sizes.map((n) => [n, []]));
  for (let i = a; i + 1 < b; i++) {
    const gaps = by.get(log.samples[i]!);
    const gap = log.startUs[i + 1]! - (log.startUs[i]! + log.durationUs[i]!);
    if (gaps !== undefined && gap > 0) gaps.push(gap);
  }
  const out = new Map<number, number>();
  for (const [n, gaps] of by) if (gaps.length >= min) out.set(n, lowQuantile(gaps, 0.25));
  return out;
}

/** A calibration model's log whose last two runs (split by idle gaps over 1 s) are the composition run and
 *  the tool run: the gap after n requests in each, for the sizes both ran often enough. */
export function gapPairs(log: ExecutionLog, sizes: readonly number[] = GAP_SIZES): GapPair[] {
  const seg = segmentStarts(log, 1e6);
  const runs = seg.length - 1;
  if (runs < 2) return [];
  const first = gapsBySize(log, seg[runs - 2]!, seg[runs - 1]!, sizes);
  const second = gapsBySize(log, seg[runs - 1]!, seg[runs]!, sizes);
  return sizes.flatMap((n) => (first.has(n) && second.has(n) ? [{ requests: n, firstUs: first.get(n)!, secondUs: second.get(n)! }] : []));
}

/** How much of a start's first reading persists in its second, over starts: for each request count, the
 *  covariance of the two runs' log gaps over the variance of the first's, pooled over request counts
 *  (summed numerators and denominators), within [0, 1]. Needs three starts at one request count. */
export function persistentShare(starts: readonly (readonly GapPair[])[]): number {
  const byN = new Map<number, [number, number][]>();
  for (const pairs of starts) {
    for (const p of pairs) {
      if (!(p.firstUs > 0 && p.secondUs > 0)) throw new RangeError(`gaps must be positive, got ${p.firstUs} and ${p.secondUs}`);
      const xs = byN.get(p.requests) ?? [];
      xs.push([Math.log(p.firstUs), Math.log(p.secondUs)]);
      byN.set(p.requests, xs);
    }
  }
  let cov = 0;
  let varFirst = 0;
  for (const xs of byN.values()) {
    if (xs.length < 3) continue;
    const m1 = xs.reduce((s, [a]) => s + a, 0) / xs.length;
    const m2 = xs.reduce((s, [, b]) => s + b, 0) / xs.length;
    for (const [a, b] of xs) {
      cov += (a - m1) * (b - m2);
      varFirst += (a - m1) ** 2;
    }
  }
  if (!(varFirst > 0)) throw new RangeError("persistentShare: need three or more starts whose first readings differ");
  return Math.min(1, Math.max(0, cov / varFirst));
}

/** The prior: each coefficient's median over the fleet's fits, leaving out those of run `exclude` (a start
 *  is not its own prior). */
export function priorFrom(prior: TurnaroundPriorFile, exclude: string): { readonly baseUs: number; readonly perRequestUs: number; readonly starts: number } {
  const fits = prior.fits.filter((f) => f.run !== exclude);
  if (fits.length === 0) throw new RangeError(`the turnaround prior holds no start other than ${exclude}`);
  return { baseUs: median(fits.map((f) => f.baseUs)), perRequestUs: median(fits.map((f) => f.perRequestUs)), starts: fits.length };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** `own` (fitted from composition run `run`) shrunk toward the prior's other starts: weight × own + (1 −
 *  weight) × their median, coefficient by coefficient. The own fit and the prior stay in the profile. */
export function shrinkTurnaround(own: Turnaround, run: string, prior: TurnaroundPriorFile): Turnaround {
  const p = priorFrom(prior, run);
  const w = prior.weight;
  return {
    baseUs: round(w * own.baseUs + (1 - w) * p.baseUs, 1),
    perRequestUs: round(w * own.perRequestUs + (1 - w) * p.perRequestUs, 2),
    measuredFrom: `${own.measuredFrom ?? run}, shrunk toward ${p.starts} other starts (weight ${w})`,
    own: { baseUs: own.baseUs, perRequestUs: own.perRequestUs },
    prior: { baseUs: round(p.baseUs, 1), perRequestUs: round(p.perRequestUs, 2), weight: w, starts: p.starts },
  };
}
