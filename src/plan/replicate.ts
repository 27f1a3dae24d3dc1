// A configuration's SLO statistic at the plan's load, replicated like the search's confirmation (the same
// seeds and request counts), as a 95 % interval; infinite when any run fell behind or failed requests.
import { candidateConfig, candidateKey, type Candidate } from "./candidate.js";
import type { EvalResult, Evaluator } from "./evaluator.js";
import { interval95, type Interval } from "./interval.js";
import { SETTINGS, policyOf, workloadFor, type PlanInput } from "./plan-input.js";
import { sloValueUs } from "./slo.js";

export async function replicate(input: PlanInput, c: Candidate, evaluator: Evaluator): Promise<Interval> {
  const settings = input.quick ? SETTINGS.quick : SETTINGS.full;
  const n = settings.replications;
  const rs: EvalResult[] = await evaluator.evaluate(
    Array.from({ length: n }, (_, k) => ({
      config: candidateConfig(c),
      workload: workloadFor(input.load),
      seed: `${input.seed}/${candidateKey(c)}/rep${k}`,
      requests: settings.refineRequests,
      ...policyOf(c),
    })),
  );
  if (rs.some((r) => !r.steady || r.failedFraction > 0)) {
    return { mean: Number.POSITIVE_INFINITY, low: Number.POSITIVE_INFINITY, high: Number.POSITIVE_INFINITY, n };
  }
  return interval95(rs.map((r) => sloValueUs(r.latencyUs, input.slo.statistic)));
}
