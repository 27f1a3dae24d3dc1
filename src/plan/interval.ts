// Confidence intervals from independent replications: mean ± t(0.975, n−1) · s / √n.
import { mean, sampleStandardDeviation } from "simple-statistics";

/** Two-sided 95 % Student-t quantiles for n−1 = 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

export function interval95(xs: readonly number[]): Interval {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const m = mean([...xs]);
  if (n === 1) return { mean: m, low: m, high: m, n };
  const t = T975[Math.min(n - 1, T975.length) - 1]!;
  const half = (t * sampleStandardDeviation([...xs])) / Math.sqrt(n);
  return { mean: m, low: m - half, high: m + half, n };
}
