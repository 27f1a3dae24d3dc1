// Latency SLOs and objectives for the planner: an SLO is a percentile (or the mean) of end-to-end
// latency that must not exceed a bound; objectives are kept apart from constraints.

export type SloStatistic = "p50" | "p90" | "p95" | "p99" | "mean";
export type Objective = "gpus" | "throughput" | "latency";

export interface Slo {
  readonly statistic: SloStatistic;
  readonly boundMs: number;
}

export interface Constraints {
  /** Inferences/s the configuration must sustain within the SLO (Model Analyzer's perf_throughput). */
  readonly minThroughputPerS: number;
  readonly maxInstancesPerGpu: number;
  readonly maxBatchSizeLimit: number;
  readonly maxGpus: number;
}

/** The latency statistic an SLO is about, from a summary's latency block (µs). */
export function sloValueUs(latency: { mean: number; p50: number; p90: number; p95: number; p99: number }, s: SloStatistic): number {
  return latency[s];
}

export function describeSlo(slo: Slo): string {
  return `${slo.statistic} ≤ ${slo.boundMs} ms`;
}
