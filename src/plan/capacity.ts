// The rate a configuration sustains within the SLO (open loop): bisected between the load and the
// capacity bound, every step replicated like the confirmation, a rate counting only when every run reached
// a steady state and the SLO holds at the pessimistic end of its 95 % interval.
import type { ComputeTables } from "../compute/compute-model.js";
import { capacityBoundPerS } from "./bounds.js";
import { candidateConfig, type Candidate } from "./candidate.js";
import type { EvalRequest, EvalResult, Evaluator } from "./evaluator.js";
import { interval95 } from "./interval.js";
import { SETTINGS, policyOf, workloadFor, type PlanInput, type PlanSettings } from "./plan-input.js";
import { sloValueUs } from "./slo.js";

/** The rate each configuration sustains within the SLO (requests/s; the load itself when even that fails). */
export async function bisectCapacity(
  list: readonly { readonly candidate: Candidate; readonly key: string }[],
  input: PlanInput,
  settings: PlanSettings,
  run: (reqs: EvalRequest[]) => Promise<EvalResult[]>,
  sloOf: (r: EvalResult) => number,
  tables: ComputeTables,
): Promise<number[]> {
  if (input.load.kind !== "rate" || list.length === 0) return [];
  const boundUs = input.slo.boundMs * 1000;
  const b = Math.max(1, input.load.batchSize);
  const lo = list.map(() => input.load.kind === "rate" ? input.load.requestsPerS : 0);
  const hi = list.map((e) => Math.max(lo[0]! * 1.01, capacityBoundPerS(e.candidate, tables, b) / b));
  const reps = settings.replications;
  for (let step = 0; step < settings.bisectSteps; step++) {
    const mids = list.map((_, i) => Math.sqrt(lo[i]! * hi[i]!));
    // each step replicated like the confirmation: a rate counts only if the SLO holds at the pessimistic
    // end of its 95 % interval (one run's p99 near capacity moves by ±20 % with the host's slow stretches)
    const res = await run(
      list.flatMap((e, i) =>
        Array.from({ length: reps }, (_, k) => ({
          config: candidateConfig(e.candidate),
          workload: workloadFor(input.load, mids[i]!),
          seed: `${input.seed}/${e.key}/capacity/${k}`,
          requests: settings.refineRequests,
          ...policyOf(e.candidate),
        })),
      ),
    );
    list.forEach((_, i) => {
      const rs = res.slice(i * reps, (i + 1) * reps);
      const ok = rs.every((r) => r.steady && r.failedFraction === 0) && interval95(rs.map(sloOf)).high <= boundUs;
      if (ok) lo[i] = mids[i]!;
      else hi[i] = mids[i]!;
    });
  }
  return lo;
}

/** The rate (requests/s) a configuration sustains within the SLO, bisected as the search does it
 *  (replicated steps, the pessimistic end of each interval), on the evaluator's profile; `tables` give
 *  the capacity bound that caps the bisection. Open loop only (null otherwise). */
export async function capacityWithinSlo(input: PlanInput, candidate: Candidate, key: string, evaluator: Evaluator, tables: ComputeTables): Promise<number | null> {
  if (input.load.kind !== "rate") return null;
  const settings = input.quick ? SETTINGS.quick : SETTINGS.full;
  const sloOf = (r: EvalResult): number => sloValueUs(r.latencyUs, input.slo.statistic);
  const [cap] = await bisectCapacity([{ candidate, key }], input, settings, (reqs) => evaluator.evaluate(reqs), sloOf, tables);
  return cap ?? null;
}
