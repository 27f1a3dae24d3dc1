// The policy registry: one typed table from name to factory. Adding a policy is one file and one line;
// a name without a factory is a compile error. "triton" means Triton's own scheduler (no plug-in).
// Each factory documents its parameters (`--policy name:key=value,…`) and states its claims, which the
// law suite (test/laws) checks.
import type { BatchingPolicy } from "../policy.js";
import { aimdPolicy } from "./aimd.js";
import { deadlinePolicy } from "./deadline.js";
import { greedyPolicy } from "./greedy.js";
import { nexusPolicy } from "./nexus.js";

/** Parameters parsed from `--policy name:key=value,key=value`, defaults filled in. */
export type PolicyParams = Readonly<Record<string, number>>;

export interface PolicyParamSpec {
  readonly description: string;
  readonly default: number;
  /** Inclusive bounds; values outside are refused at the edge. */
  readonly min: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export interface PolicyFactory {
  readonly description: string;
  /** Parameter names with their meaning, default and range. */
  readonly params: Readonly<Record<string, PolicyParamSpec>>;
  /** Claim: an instance is never idle while a request waits (checked by the law suite). */
  readonly workConserving: boolean;
  /** The parameter that sizes the policy to a latency SLO (µs), and the share of the SLO's server-side
   *  budget it is given when compare-policies and plan tune the policy for an SLO. */
  readonly slo?: { readonly param: string; readonly share: number };
  /** A fresh policy (policies keep state: one per simulation). `params` holds every declared name. */
  create(params: PolicyParams): BatchingPolicy;
}

export const POLICIES = {
  greedy: {
    description: "take everything waiting (up to max_batch_size) whenever an instance is free; no timer",
    params: {},
    workConserving: true,
    create: () => greedyPolicy(),
  },
  aimd: {
    description: "Clipper's AIMD: a batch-size cap that grows by step while latency is within target_us and shrinks by the factor decrease when not",
    params: {
      target_us: { description: "latency target, µs", default: 10_000, min: 1 },
      step: { description: "additive increase of the cap per execution, samples", default: 1, min: 0.01 },
      decrease: { description: "multiplicative decrease factor of the cap", default: 0.9, min: 0.01, max: 0.99 },
      include_queue: {
        description: "0: compare the execution time (Clipper); 1: the oldest request's queue + execution time",
        default: 0,
        min: 0,
        max: 1,
        integer: true,
      },
    },
    workConserving: true,
    // an execution within half the budget leaves the other half for waiting behind one batch
    slo: { param: "target_us", share: 0.5 },
    create: (p) => aimdPolicy({ targetUs: p.target_us!, step: p.step!, decrease: p.decrease!, includeQueue: p.include_queue === 1 }),
  },
  nexus: {
    description: "Nexus duty cycle: largest batch b with 2·t(b) ≤ slo_us, up to b samples every t(b)/instances",
    params: { slo_us: { description: "latency SLO the duty cycle is sized for, µs", default: 20_000, min: 1 } },
    workConserving: false,
    slo: { param: "slo_us", share: 1 },
    create: (p) => nexusPolicy({ sloUs: p.slo_us! }),
  },
  deadline: {
    description: "deadline-aware: the longest prefix that meets the earliest deadline (arrival + slo_us); waits while a larger batch still would",
    params: { slo_us: { description: "latency SLO, µs (deadline = arrival at the scheduler + slo_us)", default: 20_000, min: 1 } },
    workConserving: false,
    slo: { param: "slo_us", share: 1 },
    create: (p) => deadlinePolicy({ sloUs: p.slo_us! }),
  },
} satisfies Record<string, PolicyFactory>;

export type PolicyName = keyof typeof POLICIES | "triton";

/** Every name `--policy` accepts: Triton's own batcher first, then the registry. */
export const POLICY_NAMES: readonly PolicyName[] = ["triton", ...(Object.keys(POLICIES) as (keyof typeof POLICIES)[])];
