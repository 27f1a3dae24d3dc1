// Error arithmetic for validation: signed and absolute percentage error of a prediction against a
// measurement, and the summaries (median and mean absolute error) reported per metric and load band.
import { mean, median } from "simple-statistics";
import type { PointMetrics } from "./measured.js";

/** (predicted − measured) / measured × 100; NaN when the measurement is 0 or missing. */
export function signedPctError(predicted: number, measured: number): number {
  if (!Number.isFinite(predicted) || !Number.isFinite(measured) || measured === 0) return Number.NaN;
  return ((predicted - measured) / measured) * 100;
}

export interface ErrorSummary {
  readonly n: number;
  readonly medianAbsPct: number;
  readonly meanAbsPct: number;
  /** Mean signed error: > 0 means predictions run high. */
  readonly meanSignedPct: number;
}

export function summarizeErrors(signedPct: readonly number[]): ErrorSummary {
  const xs = signedPct.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return { n: 0, medianAbsPct: Number.NaN, meanAbsPct: Number.NaN, meanSignedPct: Number.NaN };
  const abs = xs.map(Math.abs);
  return { n: xs.length, medianAbsPct: median(abs), meanAbsPct: mean(abs), meanSignedPct: mean([...xs]) };
}

export type LoadBand = "<50%" | "50–85%" | ">85%";

/** Band of a point by its throughput as a fraction of the configuration's capacity. */
export function loadBand(throughputPerS: number, capacityPerS: number): LoadBand {
  const f = capacityPerS > 0 ? throughputPerS / capacityPerS : 1;
  return f < 0.5 ? "<50%" : f <= 0.85 ? "50–85%" : ">85%";
}

/** Signed % errors of one point's prediction. */
export interface PointErrors {
  readonly throughput: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface ErrorTable {
  readonly throughput: ErrorSummary;
  readonly p50: ErrorSummary;
  readonly p90: ErrorSummary;
  readonly p99: ErrorSummary;
}

export function errorsOf(predicted: PointMetrics, measured: PointMetrics): PointErrors {
  return {
    throughput: signedPctError(predicted.throughputPerS, measured.throughputPerS),
    p50: signedPctError(predicted.p50Us, measured.p50Us),
    p90: signedPctError(predicted.p90Us, measured.p90Us),
    p99: signedPctError(predicted.p99Us, measured.p99Us),
  };
}

export function tableOf(errors: readonly PointErrors[]): ErrorTable {
  return {
    throughput: summarizeErrors(errors.map((e) => e.throughput)),
    p50: summarizeErrors(errors.map((e) => e.p50)),
    p90: summarizeErrors(errors.map((e) => e.p90)),
    p99: summarizeErrors(errors.map((e) => e.p99)),
  };
}
