// RunSummary: what one simulated or measured load level reports — throughput, latency percentiles,
// perf_analyzer's latency breakdown, Triton's statistics, batch histogram and instance utilisation.
// Plain readonly data; all durations in microseconds.

export type LoadMode = "concurrency" | "rate" | "trace";

export interface LatencySummaryUs {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  /** Extra percentiles asked for (--percentile), keyed by the percentile as text ("99.9"). */
  readonly extra: Readonly<Record<string, number>>;
}

/** perf_analyzer's breakdown: per-request means, µs. */
export interface BreakdownUs {
  readonly clientSend: number;
  readonly networkServer: number;
  readonly serverQueue: number;
  readonly computeInput: number;
  readonly computeInfer: number;
  readonly computeOutput: number;
  readonly clientRecv: number;
}

export interface DurationStat {
  readonly count: number;
  readonly totalUs: number;
}

export interface BatchStat {
  readonly batchSize: number;
  /** Executions with this total batch size. */
  readonly count: number;
  readonly computeInputUs: number;
  readonly computeInferUs: number;
  readonly computeOutputUs: number;
}

/** Triton's ModelStatistics over the measurement window (deltas), in µs instead of ns. */
export interface TritonStats {
  readonly inferenceCount: number;
  readonly executionCount: number;
  readonly success: DurationStat;
  readonly fail: DurationStat;
  readonly queue: DurationStat;
  readonly computeInput: DurationStat;
  readonly computeInfer: DurationStat;
  readonly computeOutput: DurationStat;
  readonly batchStats: readonly BatchStat[];
}

export interface InstanceSummary {
  readonly instance: number;
  readonly gpu: number;
  readonly executions: number;
  /** Fraction of the window the instance was executing (0–1). */
  readonly utilization: number;
}

/** Whole-run request accounting: arrived = completed + rejected + timedOut + inFlight. */
export interface Conservation {
  readonly arrived: number;
  readonly completed: number;
  /** Rejected on arrival: batch larger than max_batch_size, or queue full. */
  readonly rejected: number;
  /** Expired in the queue with timeout_action REJECT. */
  readonly timedOut: number;
  readonly inFlight: number;
}

export interface RunSummary {
  readonly mode: LoadMode;
  /** Concurrency, request rate (requests/s) or trace speed-up, as perf_analyzer's first CSV column. */
  readonly load: number;
  readonly seed: string;
  readonly windowStartUs: number;
  readonly windowEndUs: number;
  /** Requests whose response ended inside the window. */
  readonly requests: number;
  /** Inferences (samples) whose response ended inside the window. */
  readonly inferences: number;
  readonly throughputPerS: number;
  readonly requestThroughputPerS: number;
  readonly latencyUs: LatencySummaryUs;
  readonly breakdownUs: BreakdownUs;
  readonly triton: TritonStats;
  readonly instances: readonly InstanceSummary[];
  readonly conservation: Conservation;
  /** perf_analyzer's stability test over three sub-windows (±10 % on throughput and latency). */
  readonly stable: boolean;
  /** Offered load in requests/s for open-loop runs (null for closed loop). */
  readonly offeredRequestsPerS: number | null;
  /** Present when the run ended before its measurement did: the simulated-time cap, a queue past
   *  capacity growing without bound, a finite load (a trace) running out, or a clock that stopped
   *  advancing; the figures above are then what was measured until atUs. */
  readonly stoppedEarly?: StoppedEarly;
}

export interface StoppedEarly {
  readonly reason: "time-cap" | "queue-cap" | "load-ended" | "no-progress";
  /** Simulated time at the stop (µs). */
  readonly atUs: number;
}
