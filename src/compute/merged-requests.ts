// Standalone curves (one execution alone on its GPU) and what merging requests into one execution costs (a
// Python backend handles each request separately), per phase. Standalone times come from the concurrency-1
// points, made non-decreasing in batch size, linear between measured sizes and beyond them; points measured
// with several requests per execution give the cost per extra request by number of requests n, and fill the
// standalone curve at batch sizes measured only that way without ever moving a measured point.
import { clampedAt, tabulate, type Point } from "./interpolate.js";
import { curve, type DurationTable } from "./duration-table.js";
import { Jitter } from "./jitter.js";
import { ComputePhase, PHASE_KEYS } from "./compute-phase.js";
import type { ComputePoint, ExecutionJitter } from "./profile.js";

type PerPhase<T> = readonly [T, T, T];

/** Extra standalone µs per phase for every request beyond the first merged into one execution: the
 *  least-squares constant (perRequestUs), and the cost in an execution of n requests (perRequestAtN[phase][n]). */
export interface MergedRequestCosts {
  readonly perRequestUs: PerPhase<number>;
  readonly perRequestAtN: PerPhase<Float64Array>;
}

/** The cost per extra request of a phase in an execution of n requests, from perRequestAtN (n clamped to 0..maxBatch). */
export function perRequestAt(perRequestAtN: PerPhase<Float64Array>, phase: ComputePhase, n: number, maxBatch: number): number {
  return perRequestAtN[phase][n > maxBatch ? maxBatch : n < 0 ? 0 : n]!;
}

/** Mean standalone µs per phase over b = 0..maxBatch from the one-request points alone (`alone`). */
export function oneRequestMeansUs(alone: readonly ComputePoint[], maxBatch: number): PerPhase<Float64Array> {
  const means = PHASE_KEYS.map((key) => curve(alone.map((c) => ({ b: c.batchSize, stat: c[key] })), maxBatch, true).mean);
  return means as unknown as [Float64Array, Float64Array, Float64Array];
}

/** The cost per extra request, per phase and number of requests n: at a batch size measured both as one
 *  request (`alone`) and as n (`merged`: an exact pair) it is (t(n, n) − t(n, 1)) / (n − 1); between pairs it is
 *  interpolated linearly in n, beyond them held. Without exact pairs, a least-squares constant through 0 against
 *  the interpolated one-request curve (whose error between measured sizes would otherwise be read as a merging
 *  cost, so pairs are preferred). */
export function mergedRequestCosts(
  alone: readonly ComputePoint[],
  merged: readonly ComputePoint[],
  oneRequestUs: PerPhase<Float64Array>,
  maxBatch: number,
): MergedRequestCosts {
  const B = maxBatch;
  const aloneAt = new Map(alone.map((c) => [c.batchSize, c]));
  const paired = merged.filter((c) => aloneAt.has(c.batchSize)).sort((a, b) => (a.requests ?? 1) - (b.requests ?? 1));
  const perRequestUs = PHASE_KEYS.map((key, phase) => {
    let num = 0;
    let den = 0;
    for (const c of paired.length > 0 ? paired : merged) {
      const one = aloneAt.get(c.batchSize)?.[key].mean ?? oneRequestUs[phase]![Math.min(c.batchSize, B)]!;
      const r1 = (c.requests ?? 1) - 1;
      const w = c.executions ?? 1;
      num += w * (c[key].mean - one) * r1;
      den += w * r1 * r1;
    }
    return den > 0 ? Math.max(0, num / den) : 0;
  }) as unknown as [number, number, number];
  const perRequestAtN = PHASE_KEYS.map((key, phase) => {
    const pts: Point[] = paired.map((c) => ({ x: c.requests ?? 1, y: Math.max(0, (c[key].mean - aloneAt.get(c.batchSize)![key].mean) / ((c.requests ?? 1) - 1)) }));
    return tabulate(B, (n) => (pts.length === 0 ? perRequestUs[phase]! : clampedAt(pts, n)));
  }) as unknown as [Float64Array, Float64Array, Float64Array];
  return { perRequestUs, perRequestAtN };
}

/** The standalone curve per phase: one-request points, plus merged points at batch sizes measured only that
 *  way, less their merging cost (t(b, r) = t(b, 1) + (r - 1) · perRequest), each kept between the one-request
 *  points around it. Merged points carry means only; the infer phase scatters by the profile's execution
 *  jitter when it has one, the others by the one-request points' spread. */
export function standaloneCurves(
  alone: readonly ComputePoint[],
  merged: readonly ComputePoint[],
  oneRequestUs: PerPhase<Float64Array>,
  perRequestAtN: PerPhase<Float64Array>,
  maxBatch: number,
  executionJitter: ExecutionJitter | undefined,
): PerPhase<DurationTable> {
  const B = maxBatch;
  const aloneAt = new Map(alone.map((c) => [c.batchSize, c]));
  const sizes = [...aloneAt.keys()].sort((a, b) => a - b);
  return PHASE_KEYS.map((key, phase) => {
    const measured = alone.map((c) => ({ b: c.batchSize, stat: c[key] }));
    const pts = [...measured];
    const one = oneRequestUs[phase]!;
    for (const c of merged) {
      if (aloneAt.has(c.batchSize) || c.batchSize > B) continue;
      let mean = c[key].mean - ((c.requests ?? 1) - 1) * perRequestAt(perRequestAtN, phase as ComputePhase, c.requests ?? 1, B);
      const lo = sizes.filter((x) => x < c.batchSize).pop();
      const hi = sizes.find((x) => x > c.batchSize);
      if (lo !== undefined) mean = Math.max(mean, one[Math.min(lo, B)]!);
      if (hi !== undefined && hi <= B) mean = Math.min(mean, one[hi]!);
      if (mean > 0) pts.push({ b: c.batchSize, stat: { mean, sd: c[key].sd } });
    }
    const jitter = phase === ComputePhase.Infer && executionJitter !== undefined ? new Jitter(executionJitter.probabilities, executionJitter.us) : null;
    return curve(pts, B, true, measured, jitter);
  }) as unknown as [DurationTable, DurationTable, DurationTable];
}
