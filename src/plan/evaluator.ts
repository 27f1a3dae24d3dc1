// Evaluator: the planner's view of "run this configuration under this load". The simulator implements
// it here (pure, synchronous per request); the CLI spreads requests over worker threads, and a live
// harness could implement the same interface. Results are compact and plain (cheap to pass between
// threads).
import type { Profile } from "../compute/profile.js";
import type { ServerConfig } from "../server/config.js";
import { toolCosts, type ToolCosts } from "../compute/load-generator.js";
import { resolvePolicy } from "../server/policies/parse.js";
import { simulate } from "../server/simulation.js";
import type { Workload } from "../workload/workload.js";

export interface EvalRequest {
  readonly config: ServerConfig;
  readonly workload: Workload;
  readonly seed: string;
  readonly requests: number;
  /** A research batching policy replacing Triton's batcher ("name:key=value,…"; plain text so it
   *  crosses worker threads; a fresh policy is created per simulation). */
  readonly policy?: string;
}

export interface EvalResult {
  readonly throughputPerS: number;
  readonly requestThroughputPerS: number;
  readonly latencyUs: { readonly mean: number; readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number };
  /** The run reached a steady state: in open loop it kept up with the offered rate (at least 97 %); a
   *  closed loop always does. perf_analyzer's window-agreement rule is not applied here: over a fixed
   *  simulated window it measures only the run's own sampling noise (a few slow stretches move a
   *  3-second window's mean latency by more than 10 %), and reading that as a failure capped capacities. */
  readonly steady: boolean;
  /** Mean instance utilisation (0–1). */
  readonly utilization: number;
  /** Requests that failed (rejected or timed out) over those that arrived. */
  readonly failedFraction: number;
}

export interface Evaluator {
  evaluate(requests: readonly EvalRequest[]): Promise<EvalResult[]>;
  close?(): Promise<void>;
}

/** One simulation, summarised for the planner; with `tool`, measured as that load generator would. */
export function simulateForPlan(profile: Profile, r: EvalRequest, tool?: ToolCosts): EvalResult {
  const s = simulate({
    config: r.config,
    profile,
    ...(tool !== undefined ? toolCosts(tool) : {}),
    workload: r.workload,
    seed: r.seed,
    measurement: { kind: "requests", warmupRequests: Math.max(500, Math.round(r.requests / 10)), requests: r.requests },
    ...(r.policy !== undefined ? { policy: resolvePolicy(r.policy) } : {}),
  });
  const c = s.conservation;
  const util = s.instances.length > 0 ? s.instances.reduce((a, i) => a + i.utilization, 0) / s.instances.length : 0;
  const offered = s.offeredRequestsPerS;
  // open loop: a run that cannot keep up with the offered rate is not a steady state
  const steady = offered === null || s.requestThroughputPerS >= 0.97 * offered;
  return {
    throughputPerS: s.throughputPerS,
    requestThroughputPerS: s.requestThroughputPerS,
    latencyUs: { mean: s.latencyUs.mean, p50: s.latencyUs.p50, p90: s.latencyUs.p90, p95: s.latencyUs.p95, p99: s.latencyUs.p99 },
    steady,
    utilization: util,
    failedFraction: c.arrived > 0 ? (c.rejected + c.timedOut) / c.arrived : 0,
  };
}

/** In-process evaluator (tests, and machines without worker threads). */
export function inProcessEvaluator(profile: Profile, tool?: ToolCosts): Evaluator {
  return {
    evaluate: (requests) => Promise.resolve(requests.map((r) => simulateForPlan(profile, r, tool))),
  };
}
