// What a simulation run takes: the server config, the compute profile, the workload, the seed and the
// measurement window, plus optional research hooks. Plain readonly data; the observer hooks are the
// only part that may allocate, and the hot path skips them when absent.
import type { Profile } from "../compute/profile.js";
import type { Measurement } from "../metrics/recorder.js";
import type { Workload } from "../workload/workload.js";
import type { ServerConfig } from "./config.js";
import type { ClientPauseParams } from "./client-pauses.js";
import type { NetworkDriftParams } from "./network-drift.js";
import type { BatchingPolicy } from "./policy.js";

export interface SimulationInput {
  readonly config: ServerConfig;
  readonly profile: Profile;
  readonly workload: Workload;
  readonly seed: string;
  readonly measurement: Measurement;
  /** Extra latency percentiles to report (perf_analyzer --percentile). */
  readonly percentiles?: readonly number[];
  /** Stop after this much simulated time even if the window has not closed (default 1 h). */
  readonly maxSimulatedUs?: number;
  readonly observer?: SimulationObserver;
  /** A research batching policy replacing Triton's batcher (the server config's dynamic_batching then
   *  only contributes its queue settings: priority levels and queue policies). */
  readonly policy?: BatchingPolicy;
  /** The load generator handles the responses of one execution one after another: the j-th (from 0)
   *  reaches it j × responseGapUs after the first (default 0: an ideal client). */
  readonly responseGapUs?: number;
  /** The load generator is slower while it has other requests in flight: a request sent then takes this
   *  much more Network+Server time, half each way (default 0). */
  readonly loadedNetworkUs?: number;
  /** The shape of the gamma that loaded wait is drawn from, once per execution (default 1: exponential). */
  readonly loadedWaitShape?: number;
  /** Closed loop only: a request sent with k others in flight waits min(k, this) / this of its execution's draw
   *  (default 1: the whole wait from the first other). */
  readonly loadedWaitWholeFrom?: number;
  /** Part of the load generator's network draw shared in time (network-drift.ts; default: none). */
  readonly networkDrift?: NetworkDriftParams;
  /** The load generator's own pauses (garbage collection): see client-pauses.ts (default: none). */
  readonly clientPauses?: ClientPauseParams;
  /** The server's extra output time for each request beyond the first of an execution when this load generator
   *  sent them, added to the profile's merged-request cost (the sum kept at 0 or more; default 0). */
  readonly outputPerRequestUs?: number;
  /** Hold the front end during the profile's host episodes (front-end-holds.ts; default false: a host without
   *  them, as plan assumes; validate predicts the measured starts with them). */
  readonly hostEpisodes?: boolean;
}

/** Optional hooks for tests and research tools (they may allocate; the hot path is untouched when absent).
 *  Request ids count from 0 in creation order. */
export interface SimulationObserver {
  onExecutionStart?(e: { readonly instance: number; readonly device: number; readonly startUs: number; readonly batchSize: number; readonly requestIds: readonly number[] }): void;
  /** An execution's infer phase ended: from its start (host part and wait for the GPU included) to now; the model's
   *  nearest to the span a Python backend's stub logs as its execute() (how near: docs/VALIDATION.md, session 48). */
  onInferEnd?(e: { readonly instance: number; readonly startUs: number; readonly endUs: number; readonly batchSize: number }): void;
  onRequestDone?(e: {
    readonly id: number;
    readonly ok: boolean;
    readonly t0Us: number;
    readonly arriveUs: number;
    readonly batcherStartUs: number;
    readonly execStartUs: number;
    readonly execEndUs: number;
    readonly releaseUs: number;
    readonly responseEndUs: number;
    readonly level: number;
    readonly samples: number;
  }): void;
}
