// Contention: co-located executions slow each other by slowdown(k, b) = t_k(b) / t_1(b) from the profile's
// concurrency-k points (linear between measured k, a fair share per extra execution beyond them); without such
// points the infer phase shares the GPU fairly (k at once ⇒ each k× slower) and input/output are not slowed.
// Tabulated per phase as table[k * (maxBatch + 1) + b], k = 0..maxConcurrency (rows 0 and 1 are 1).
import { clampedAt, type Point } from "./interpolate.js";
import { ComputePhase, PHASE_KEYS } from "./compute-phase.js";
import type { ComputePoint } from "./profile.js";

export interface SlowdownTables {
  /** slowdown[phase][k * (maxBatch + 1) + b] for k = 0..maxConcurrency (row 0 unused). */
  readonly tables: readonly [Float64Array, Float64Array, Float64Array];
  /** True when any co-located execution is slowed. */
  readonly contended: boolean;
}

/** The slowdown tables from the one-request points (`single`, all concurrencies), relative to the measured
 *  concurrency-1 point at the same batch size (`alone`) or else the standalone curve's mean (`standaloneMeanUs`). */
export function slowdownTables(
  single: readonly ComputePoint[],
  alone: readonly ComputePoint[],
  standaloneMeanUs: readonly [Float64Array, Float64Array, Float64Array],
  maxBatch: number,
  maxConcurrency: number,
): SlowdownTables {
  const B = maxBatch;
  const ks = [...new Set(single.map((c) => c.concurrency))].filter((k) => k > 1).sort((a, b) => a - b);
  let contended = false;
  const tables = PHASE_KEYS.map((key, phase) => {
    const table = new Float64Array((maxConcurrency + 1) * (B + 1)).fill(1);
    // slowdown curves over b for each measured k
    const perK = new Map<number, Point[]>();
    for (const k of ks) {
      const pts: Point[] = [];
      for (const c of single.filter((p) => p.concurrency === k)) {
        const base = standaloneMeanUs[phase]![Math.min(c.batchSize, B)]!;
        const measuredAlone = alone.find((a) => a.batchSize === c.batchSize)?.[key].mean;
        const ref = measuredAlone !== undefined && measuredAlone > 0 ? measuredAlone : base;
        if (ref > 0) pts.push({ x: c.batchSize, y: Math.max(1e-3, c[key].mean / ref) });
      }
      if (pts.length > 0) perK.set(k, pts.sort((a, b) => a.x - b.x));
    }
    const measuredKs = [1, ...perK.keys()];
    for (let k = 2; k <= maxConcurrency; k++) {
      for (let b = 0; b <= B; b++) {
        let s: number;
        if (perK.size === 0) {
          s = phase === ComputePhase.Infer ? k : 1; // documented default: fair sharing of the GPU
        } else {
          const at = (kk: number): number => (kk === 1 ? 1 : clampedAt(perK.get(kk)!, b));
          const kMax = measuredKs[measuredKs.length - 1]!;
          if (k >= kMax) {
            s = (at(kMax) * k) / kMax; // beyond the data: each extra execution takes a fair share
          } else {
            let lo = 1;
            for (const kk of measuredKs) if (kk <= k) lo = kk;
            const hi = measuredKs.find((kk) => kk >= k)!;
            s = hi === lo ? at(lo) : at(lo) + ((at(hi) - at(lo)) * (k - lo)) / (hi - lo);
          }
        }
        table[k * (B + 1) + b] = s;
        if (s !== 1) contended = true;
      }
    }
    return table;
  }) as unknown as [Float64Array, Float64Array, Float64Array];
  return { tables, contended };
}
