// Tuning each contender for the SLO before the comparison. Triton: the dynamic batcher's
// max_queue_delay from a small grid (0 and 1–5 steps below the server-side budget, the planner's quick
// grid), keeping the server's preferred sizes and queue settings; the delay that keeps the SLO at the
// most load levels wins (then the higher mean attainment, then the smaller delay). A research policy:
// its declared SLO parameter gets its share of the budget, unless the spec gives it.
import type { Profile } from "../compute/profile.js";
import type { Measurement } from "../metrics/recorder.js";
import { delayGrid } from "../plan/space.js";
import { makeServerConfig, type ServerConfig } from "../server/config.js";
import { formatPolicySpec, parsePolicyForSlo, type PolicySpec } from "../server/policies/parse.js";
import type { Workload } from "../workload/workload.js";
import { simulateWithSlo } from "./attainment.js";
import { serverBudgetUs } from "./budget.js";

export interface TuneInput {
  readonly config: ServerConfig;
  readonly profile: Profile;
  readonly workloads: readonly Workload[];
  readonly seed: string;
  /** End-to-end latency SLO on p99, µs. */
  readonly sloUs: number;
  /** Measured requests per level while tuning (shorter than the comparison's). */
  readonly tuneRequests: number;
}

/** A contender ready to compare: Triton with a server config, or a research policy. */
export interface Contender {
  /** What the user asked for ("triton", "aimd", "nexus:slo_us=…"). */
  readonly asked: string;
  /** The tuned choice, in words a person can paste ("triton: delay 500 µs, preferred [8]", or the spec). */
  readonly tuned: string;
  readonly config: ServerConfig;
  readonly policy: PolicySpec | undefined;
}

/** The dynamic batcher configuration Triton is compared with (the server's own settings, or defaults). */
export function tritonWithDelay(config: ServerConfig, delayUs: number): ServerConfig {
  const db = config.dynamicBatching;
  return makeServerConfig({
    ...config,
    instanceGroups: config.instanceGroups.map((g) => ({ ...g, gpus: g.gpus === null ? null : [...g.gpus] })),
    dynamicBatching: {
      ...(db ?? {}),
      preferredBatchSizes: db ? [...db.preferredBatchSizes] : [],
      maxQueueDelayUs: delayUs,
    },
  });
}

export function tuneTriton(input: TuneInput): { config: ServerConfig; delayUs: number; grid: readonly number[] } {
  const grid = delayGrid(serverBudgetUs(input.profile, input.sloUs), true);
  const measurement: Measurement = { kind: "requests", requests: input.tuneRequests, warmupRequests: Math.max(500, Math.round(input.tuneRequests / 10)) };
  let best = { delayUs: grid[0]!, met: -1, attainment: -1 };
  for (const delayUs of grid) {
    const config = tritonWithDelay(input.config, delayUs);
    let met = 0;
    let attainment = 0;
    for (const workload of input.workloads) {
      const r = simulateWithSlo({ config, profile: input.profile, workload, seed: `${input.seed}/tune`, measurement }, input.sloUs);
      if (meetsSlo(r.summary, input.sloUs)) met++;
      attainment += r.attainment;
    }
    if (met > best.met || (met === best.met && attainment > best.attainment + 1e-12)) best = { delayUs, met, attainment };
  }
  return { config: tritonWithDelay(input.config, best.delayUs), delayUs: best.delayUs, grid };
}

/** p99 within the SLO, the run stable, and no failures. */
export function meetsSlo(s: { latencyUs: { p99: number }; stable: boolean; triton: { fail: { count: number } } }, sloUs: number): boolean {
  return s.stable && s.triton.fail.count === 0 && s.latencyUs.p99 <= sloUs;
}

/** Every contender tuned for the SLO. */
export function tuneContenders(input: TuneInput, asked: readonly string[], where = "--policies"): Contender[] {
  const budgetUs = serverBudgetUs(input.profile, input.sloUs);
  return asked.map((text) => {
    const spec = parsePolicyForSlo(text, budgetUs, where);
    if (spec.name === "triton") {
      const t = tuneTriton(input);
      const db = t.config.dynamicBatching!;
      return {
        asked: text,
        tuned: `triton: max_queue_delay ${t.delayUs} µs (best of ${t.grid.join(", ")}), preferred [${db.preferredBatchSizes.join(", ")}]`,
        config: t.config,
        policy: undefined,
      };
    }
    return { asked: text, tuned: formatPolicySpec(spec), config: input.config, policy: spec };
  });
}
