// What the planner is asked (the profile, load, SLO, objective and limits), how hard it searches, and how
// a load and a candidate become a simulation's workload and policy.
import type { Profile } from "../compute/profile.js";
import type { ToolCosts } from "../compute/load-generator.js";
import type { Workload } from "../workload/workload.js";
import type { Candidate } from "./candidate.js";
import type { Constraints, Objective, Slo } from "./slo.js";

export type PlanLoad =
  | { readonly kind: "rate"; readonly requestsPerS: number; readonly distribution: "constant" | "poisson" | "gamma"; readonly cv: number; readonly batchSize: number }
  | { readonly kind: "concurrency"; readonly concurrency: number; readonly batchSize: number }
  | { readonly kind: "trace"; readonly workload: Workload & { kind: "trace" }; readonly batchSize: number };

export interface PlanInput {
  readonly profile: Profile;
  readonly load: PlanLoad;
  readonly slo: Slo;
  readonly objective: Objective;
  readonly constraints: Constraints;
  readonly quick: boolean;
  readonly seed: string;
  /** A research batching policy replacing Triton's batcher ("name:key=value,…"). */
  readonly policy?: string;
  /** Also check the recommendation on a server this many % slower than its calibration (0 or absent: no check). */
  readonly speedMarginPct?: number;
  /** Latency as this load generator measures it (plan --measured-by): the profile already carries its
   *  request overheads; these are its response gap and loaded network wait. Absent: the profile's own
   *  probe overheads, no gap. */
  readonly measuredBy?: ToolCosts & { readonly tool: string };
  /** The profile was rescaled to a server this many % slower than its calibration before planning
   *  (plan --design-margin; 0 or absent: as calibrated). For the wording of the report. */
  readonly designMarginPct?: number;
  /** Search every GPU count up to maxGpus even under the objective "gpus", which otherwise stops at the
   *  first count with a confirmed configuration (plan --robust: a pick on more GPUs may be the first that
   *  holds on the other calibrations). */
  readonly everyGpuCount?: boolean;
}

/** How hard the search works: requests per screening and confirming run, replications, how many
 *  configurations it confirms and bisects, and the bisection's steps. */
export const SETTINGS = {
  full: { screenRequests: 8000, refineRequests: 20_000, replications: 5, refineTop: 8, capacityTop: 8, bisectSteps: 6 },
  quick: { screenRequests: 3000, refineRequests: 8000, replications: 3, refineTop: 3, capacityTop: 3, bisectSteps: 5 },
} as const;

export type PlanSettings = (typeof SETTINGS)["full"] | (typeof SETTINGS)["quick"];

/** The candidate's research policy, as an EvalRequest field. */
export const policyOf = (c: Candidate): { policy?: string } => (c.policy !== undefined ? { policy: c.policy } : {});

export function workloadFor(load: PlanLoad, requestsPerS?: number): Workload {
  switch (load.kind) {
    case "rate":
      return {
        kind: "rate",
        requestsPerS: requestsPerS ?? load.requestsPerS,
        distribution: load.distribution,
        cv: load.cv,
        batchSize: load.batchSize,
        priority: 0,
        timeoutUs: 0,
      };
    case "concurrency":
      return { kind: "concurrency", concurrency: load.concurrency, batchSize: load.batchSize, priority: 0, timeoutUs: 0 };
    case "trace":
      return load.workload;
  }
}
