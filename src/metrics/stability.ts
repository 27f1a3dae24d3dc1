// perf_analyzer's stability rule, written once for every place servesim applies it (the simulated
// recorder's sub-windows and windows protocol, and servesim loadgen's live windows): a set of measurement
// windows is stable when their throughputs agree and their latencies (the mean, or the chosen
// percentile) agree, each within max / min ≤ 1 + stabilityPct / 100, every value positive.

/** perf_analyzer's default --stability-percentage. */
export const DEFAULT_STABILITY_PCT = 10;
/** How many consecutive windows must agree (perf_analyzer's rule). */
export const STABILITY_WINDOWS = 3;

/** Whether values spanning [min, max] agree within ±stabilityPct. */
export function withinStability(min: number, max: number, stabilityPct: number): boolean {
  return min > 0 && max / min <= 1 + stabilityPct / 100;
}

/** Whether all `values` agree within ±stabilityPct (false when empty). */
export function agreeWithin(values: readonly number[], stabilityPct: number): boolean {
  if (values.length === 0) return false;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return withinStability(min, max, stabilityPct);
}

/** perf_analyzer's test on a set of windows: their throughputs agree and their latencies agree. */
export function windowsAgree(throughputs: readonly number[], latencies: readonly number[], stabilityPct: number): boolean {
  return agreeWithin(throughputs, stabilityPct) && agreeWithin(latencies, stabilityPct);
}
