// compare-policies' pure core: the same server, profile and load sweep under Triton's batcher and each
// research policy, every contender first tuned for the SLO (tune.ts); per load level the throughput,
// p50, p99 and SLO attainment. Same seed for every contender and level (common random numbers), so the
// differences are the policies', not the draws'.
import type { Profile } from "../compute/profile.js";
import type { Measurement } from "../metrics/recorder.js";
import type { ServerConfig } from "../server/config.js";
import { createPolicy } from "../server/policies/parse.js";
import type { Workload } from "../workload/workload.js";
import { simulateWithSlo } from "./attainment.js";
import { meetsSlo, tuneContenders, type Contender } from "./tune.js";

export interface CompareInput {
  readonly config: ServerConfig;
  readonly profile: Profile;
  readonly workloads: readonly Workload[];
  readonly measurement: Measurement;
  readonly seed: string;
  /** End-to-end latency SLO on p99, µs. */
  readonly sloUs: number;
  /** Contenders: "triton" or "name[:key=value,…]". */
  readonly policies: readonly string[];
  /** Measured requests per level while tuning Triton's delay. */
  readonly tuneRequests: number;
}

export interface ComparePoint {
  readonly mode: string;
  /** Load level as perf_analyzer's first column (requests/s, concurrency). */
  readonly load: number;
  readonly throughputPerS: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Share of requests within the SLO (0–1). */
  readonly attainment: number;
  readonly meetsSlo: boolean;
  readonly stable: boolean;
  readonly meanBatch: number;
}

export interface ContenderResult {
  readonly policy: string;
  readonly tuned: string;
  readonly points: readonly ComparePoint[];
}

export interface CompareReport {
  readonly sloUs: number;
  readonly contenders: readonly ContenderResult[];
}

export type CompareProgress = (done: number, total: number) => void;

function evaluate(c: Contender, input: CompareInput, workload: Workload): ComparePoint {
  const policy = c.policy === undefined ? undefined : createPolicy(c.policy);
  const { summary: s, attainment } = simulateWithSlo(
    {
      config: c.config,
      profile: input.profile,
      workload,
      seed: input.seed,
      measurement: input.measurement,
      ...(policy !== undefined ? { policy } : {}),
    },
    input.sloUs,
  );
  return {
    mode: s.mode,
    load: s.load,
    throughputPerS: s.throughputPerS,
    p50Us: s.latencyUs.p50,
    p99Us: s.latencyUs.p99,
    attainment,
    meetsSlo: meetsSlo(s, input.sloUs),
    stable: s.stable,
    meanBatch: s.triton.executionCount > 0 ? s.triton.inferenceCount / s.triton.executionCount : 0,
  };
}

export function comparePolicies(input: CompareInput, progress?: CompareProgress): CompareReport {
  const contenders = tuneContenders(
    { config: input.config, profile: input.profile, workloads: input.workloads, seed: input.seed, sloUs: input.sloUs, tuneRequests: input.tuneRequests },
    input.policies,
  );
  const total = contenders.length * input.workloads.length;
  let done = 0;
  return {
    sloUs: input.sloUs,
    contenders: contenders.map((c) => ({
      policy: c.asked,
      tuned: c.tuned,
      points: input.workloads.map((w) => {
        const p = evaluate(c, input, w);
        progress?.(++done, total);
        return p;
      }),
    })),
  };
}
