// When a latency axis goes logarithmic: only when every value is positive and they span more than
// LOG_SPAN_RATIO (saturated closed-loop levels otherwise flatten everything else against zero).
export const LOG_SPAN_RATIO = 20;

export function wantsLogScale(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0) || !Number.isFinite(v))) return false;
  return Math.max(...values) / Math.min(...values) > LOG_SPAN_RATIO;
}

/** vega-lite scale for a latency axis over these values. */
export function latencyScale(values: readonly number[]): { type: "log"; nice: false } | { zero: true } {
  return wantsLogScale(values) ? { type: "log", nice: false } : { zero: true };
}

/** Point shapes for series, paired with SERIES_COLORS so overlapping runs stay distinguishable. */
export const SERIES_SHAPES: readonly string[] = [
  "circle",
  "square",
  "triangle-up",
  "diamond",
  "triangle-down",
  "cross",
  "triangle-right",
  "triangle-left",
];
