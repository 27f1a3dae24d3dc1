// A sweep: one simulation per load level of a resolved run, same seed for every level (common random
// numbers, so curves are smooth and comparisons fair). A research policy is created afresh per level.
import { toolCosts } from "../compute/load-generator.js";
import type { RunSummary } from "../metrics/summary.js";
import { createPolicy } from "../server/policies/parse.js";
import { simulate } from "../server/simulation.js";
import type { ResolvedRun } from "./resolve.js";

export function runSweep(run: ResolvedRun, onLevel?: (done: number, total: number) => void): RunSummary[] {
  const out: RunSummary[] = [];
  run.workloads.forEach((workload, i) => {
    out.push(
      simulate({
        config: run.config,
        profile: run.profile,
        workload,
        seed: run.seed,
        measurement: run.measurement,
        percentiles: run.percentile === undefined ? [] : [run.percentile],
        ...(run.policy !== undefined ? { policy: createPolicy(run.policy) } : {}),
        ...(run.tool !== undefined ? toolCosts(run.tool) : {}),
        ...(run.hostEpisodes === true ? { hostEpisodes: true } : {}),
      }),
    );
    onLevel?.(i + 1, run.workloads.length);
  });
  return out;
}
