// perf_analyzer's percentile rule: index floor(p/100 · (n−1) + 0.5) into the ascending latencies.
// Shared by the simulator's recorder and the live load generator so both report the same statistic.

/** Index into a sorted array of length n for percentile p (0–100). */
export function percentileIndex(p: number, n: number): number {
  if (n <= 0) return -1;
  const idx = Math.floor((p / 100) * (n - 1) + 0.5);
  return Math.min(n - 1, Math.max(0, idx));
}

/** Percentile p of an ascending array (NaN when empty). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const i = percentileIndex(p, sorted.length);
  return i < 0 ? Number.NaN : (sorted[i] as number);
}
