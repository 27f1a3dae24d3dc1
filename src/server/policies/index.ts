// The policy registry: one typed table from name to factory. Adding a policy is one file and one line;
// a name without a factory is a compile error. "triton" means Triton's own scheduler (no plug-in).
import type { BatchingPolicy } from "../policy.js";
import { greedyPolicy } from "./greedy.js";

/** Parameters parsed from `--policy name:key=value,key=value`. */
export type PolicyParams = Readonly<Record<string, number>>;

export interface PolicyFactory {
  readonly description: string;
  /** Parameter names with their meaning and default. */
  readonly params: Readonly<Record<string, { readonly description: string; readonly default: number }>>;
  create(params: PolicyParams): BatchingPolicy;
}

export const POLICIES = {
  greedy: {
    description: "take everything waiting (up to max_batch_size) whenever an instance is free; no timer",
    params: {},
    create: () => greedyPolicy(),
  },
} satisfies Record<string, PolicyFactory>;

export type PolicyName = keyof typeof POLICIES | "triton";
