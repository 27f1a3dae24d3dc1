// Open-loop load: requests sent on a schedule (constant gaps, or poisson / gamma gaps drawn from the
// simulator's "arrivals" stream, so a seed gives the same gaps live and simulated) whatever the responses
// do, as perf_analyzer's request-rate mode. Latency counts from the actual send; send lag is reported.
import { RandomStream } from "../kernel/rng.js";
import type { InferRequest, KServeClient, PreparedInfer } from "./client.js";
import type { RequestLog } from "./request-log.js";

export type RateDistribution = "constant" | "poisson" | "gamma";

export interface SendLag {
  /** Sends so far. */
  readonly sends: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** Sends more than 1 ms behind schedule. */
  readonly lateSends: number;
  /** Sends skipped because maxInFlight requests were outstanding. */
  readonly dropped: number;
  readonly maxInFlight: number;
}

export interface OpenLoop {
  stop(): Promise<void>;
  readonly error: () => unknown;
  readonly lag: () => SendLag;
}

export interface OpenLoopOptions {
  readonly client: KServeClient;
  readonly request: InferRequest | PreparedInfer;
  readonly requestsPerS: number;
  readonly distribution: RateDistribution;
  /** Coefficient of variation of gamma gaps (1 = poisson, > 1 bursty). */
  readonly cv: number;
  readonly seed: string;
  readonly log: RequestLog;
  /** Outstanding requests beyond which scheduled sends are skipped (and counted). */
  readonly maxInFlight: number;
  readonly deadlineMs?: number | undefined;
  readonly onError?: ((err: unknown) => void) | undefined;
}

/** Gaps between planned sends, ms (the simulator's formulas and stream, in ms instead of µs). */
export function gapSource(requestsPerS: number, distribution: RateDistribution, seed: string, cv = 1): () => number {
  const meanMs = 1000 / requestsPerS;
  const rng = new RandomStream(seed, "arrivals");
  switch (distribution) {
    case "constant":
      return () => meanMs;
    case "poisson":
      return () => rng.exponential(meanMs);
    case "gamma": {
      const shape = cv > 0 ? 1 / (cv * cv) : 1;
      return () => rng.gamma(shape, meanMs / shape);
    }
  }
}

export function startOpenLoop(o: OpenLoopOptions): OpenLoop {
  const prepared = "message" in o.request ? o.request : o.client.prepareInfer(o.request);
  const nextGap = gapSource(o.requestsPerS, o.distribution, o.seed, o.cv);
  let stopping = false;
  let firstError: unknown;
  let inFlight = 0;
  let maxSeen = 0;
  let sends = 0;
  let lagSum = 0;
  let lagMax = 0;
  let late = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let drained: (() => void) | undefined;
  let planned = performance.now();

  const fail = (err: unknown): void => {
    if (!stopping) {
      stopping = true;
      firstError = err;
      if (timer !== undefined) clearTimeout(timer);
      o.onError?.(err);
    }
  };
  const finished = (): void => {
    inFlight -= 1;
    if (stopping && inFlight === 0) drained?.();
  };
  const send = (): void => {
    if (inFlight >= o.maxInFlight) {
      dropped += 1;
      return;
    }
    inFlight += 1;
    if (inFlight > maxSeen) maxSeen = inFlight;
    o.log.sent += 1;
    o.client.infer(prepared, o.deadlineMs).then(
      (res) => {
        o.log.record(res.timing);
        finished();
      },
      (err: unknown) => {
        o.log.failed += 1;
        fail(err);
        finished();
      },
    );
  };
  const tick = (): void => {
    timer = undefined;
    if (stopping) return;
    const now = performance.now();
    while (planned <= now && !stopping) {
      const lag = now - planned;
      sends += 1;
      lagSum += lag;
      if (lag > lagMax) lagMax = lag;
      if (lag > 1) late += 1;
      send();
      planned += nextGap();
    }
    if (!stopping) timer = setTimeout(tick, Math.max(0, planned - performance.now()));
  };
  tick();

  return {
    stop: () => {
      stopping = true;
      if (timer !== undefined) clearTimeout(timer);
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        drained = resolve;
      });
    },
    error: () => firstError,
    lag: () => ({
      sends,
      meanMs: sends > 0 ? lagSum / sends : 0,
      maxMs: lagMax,
      lateSends: late,
      dropped,
      maxInFlight: maxSeen,
    }),
  };
}
