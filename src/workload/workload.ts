// Workload: perf_analyzer-style load. Closed loop (concurrency: each client sends its next request
// when the previous response arrives), open loop (request rate with constant, poisson or gamma
// gaps), or a trace of arrival times. Every request carries `batchSize` samples (perf_analyzer -b).

export type ArrivalDistribution = "constant" | "poisson" | "gamma";

export interface RequestShape {
  /** Samples per request (perf_analyzer -b). */
  readonly batchSize: number;
  /** Triton request priority (0 = the model's default level). */
  readonly priority: number;
  /** Request timeout parameter in µs (0 = none; only shortens the queue policy's timeout). */
  readonly timeoutUs: number;
}

export interface ConcurrencyWorkload extends RequestShape {
  readonly kind: "concurrency";
  readonly concurrency: number;
}

export interface RateWorkload extends RequestShape {
  readonly kind: "rate";
  readonly requestsPerS: number;
  readonly distribution: ArrivalDistribution;
  /** Coefficient of variation of the gaps for "gamma" (1 = poisson; > 1 bursty). */
  readonly cv: number;
  /** perf_analyzer's sending threads in synchronous request-rate mode (`--max-threads`): the schedule's sends
   *  are dealt to them in turn, and one whose thread still waits for its last response leaves when that
   *  response is back, timed from then. 0 or absent: every send leaves on time (a pure open loop). */
  readonly senders?: number;
  /** The seed of the gaps' stream, where it is not the run's: a servesim loadgen run's recorded --seed, so the
   *  simulation sends at that run's planned times whatever seed the simulation itself runs with. */
  readonly arrivalSeed?: string;
}

export interface TraceWorkload {
  readonly kind: "trace";
  /** Client send times, ascending, µs from the start of the trace. */
  readonly timesUs: Float64Array;
  readonly batchSizes: Int32Array;
  readonly priorities: Int32Array;
  readonly timeoutsUs: Float64Array;
  /** Replay the trace this many times back to back (to reach the measurement count). */
  readonly loop: boolean;
  /** The gap from the trace's last send to the first of its next repeat, µs. perf_analyzer's
   *  `--request-intervals` repeats its list of gaps, so that gap is the list's first; absent: the trace's
   *  mean gap. */
  readonly wrapGapUs?: number;
  /** perf_analyzer's synchronous senders (`--max-threads`), as for a rate workload: the trace's sends are
   *  dealt to them in turn. 0 or absent: every send leaves on time. */
  readonly senders?: number;
  /** The level the tool reports for this trace, where it is a rate's schedule (perf_analyzer's Poisson draw at
   *  its nominal --request-rate-range value); absent: requests over the trace's span. */
  readonly nominalPerS?: number;
}

export type Workload = ConcurrencyWorkload | RateWorkload | TraceWorkload;

/** The load level as perf_analyzer's first CSV column reports it. */
export function loadValue(w: Workload): number {
  switch (w.kind) {
    case "concurrency":
      return w.concurrency;
    case "rate":
      return w.requestsPerS;
    case "trace": {
      if (w.nominalPerS !== undefined) return w.nominalPerS;
      const n = w.timesUs.length;
      const span = traceSpanUs(w);
      // a repeating trace's span includes the gap back to its start (perf_analyzer's custom rate: requests
      // over the sum of the intervals); a trace without one has n − 1 gaps in its span
      if (span <= 0) return 0;
      return ((w.wrapGapUs !== undefined ? n : n - 1) * 1e6) / span;
    }
  }
}

/** The time a trace's sends cover, µs: its first to its last, plus the gap back to its start where it
 *  repeats with one (wrapGapUs: a repeating list of gaps spans their sum). */
export function traceSpanUs(w: TraceWorkload): number {
  const n = w.timesUs.length;
  return (n > 1 ? w.timesUs[n - 1]! - w.timesUs[0]! : 0) + (w.wrapGapUs ?? 0);
}

/** Offered request rate (requests/s) of an open-loop workload; null for closed loop. */
export function offeredRate(w: Workload): number | null {
  return w.kind === "concurrency" ? null : loadValue(w);
}
