// Why no configuration met the SLO, said so a person can act on it: one request alone is slower than the SLO,
// or nothing sustains the load (or --min-throughput), or the best figure any configuration reached, from its
// replications where it had any.
import { describeCandidate } from "./candidate.js";
import type { PlanInput } from "./plan-input.js";
import { offeredInferencesPerS, type SearchResult } from "./search.js";

export interface Infeasible {
  readonly sloMs: number;
  readonly description: string;
  readonly reason: string;
}

/** What no configuration reaches: the load, or --min-throughput where that asks for more. */
function noneSustains(input: PlanInput): string {
  const min = input.constraints.minThroughputPerS;
  return min > offeredInferencesPerS(input.load)
    ? `no configuration within the limits reaches --min-throughput ${min} inferences/s`
    : "no configuration within the limits sustains the load";
}

/** The lowest SLO statistic any configuration reached at the load: from the replicated evaluations where there
 *  are any (a single screening run can be a lucky draw below the SLO that its replications do not repeat; then
 *  the reason says that the interval's upper end, which a plan must keep within the SLO, reaches past it), else
 *  from the screening runs. */
function bestAchievable(input: PlanInput, result: SearchResult): Infeasible | undefined {
  const stat = input.slo.statistic;
  const ms = (us: number): string => (us / 1000).toFixed(2);
  const replicated = result.evaluated.filter((e) => Number.isFinite(e.sloUs.mean)).sort((a, b) => a.sloUs.mean - b.sloUs.mean)[0];
  if (replicated !== undefined) {
    const i = replicated.sloUs;
    const reason =
      i.mean <= input.slo.boundMs * 1000
        ? `the best ${stat} at this load is ${ms(i.mean)} ms, but its 95 % interval reaches ${ms(i.high)} ms and a plan must meet the SLO at the interval's upper end`
        : `the best ${stat} at this load is ${ms(i.mean)} ms (95 % interval ${ms(i.low)}–${ms(i.high)} ms)`;
    return { sloMs: i.mean / 1000, description: describeCandidate(replicated.candidate), reason };
  }
  const screened = [...result.bestSloUsByGpus.values()].sort((a, b) => a.sloUs - b.sloUs)[0];
  if (screened === undefined) return undefined;
  return { sloMs: screened.sloUs / 1000, description: screened.description, reason: `the best ${stat} at this load is ${ms(screened.sloUs)} ms` };
}

/** The report's bestAchievable when nothing is confirmed within the SLO. */
export function whyInfeasible(input: PlanInput, result: SearchResult): Infeasible {
  const floorMs = result.latencyFloorUs / 1000;
  const achievable = bestAchievable(input, result);
  const reason =
    result.latencyFloorUs > input.slo.boundMs * 1000
      ? `one request alone takes at least ${floorMs.toFixed(2)} ms (execution at its batch size plus client and network time), above the SLO`
      : achievable === undefined
        ? `${noneSustains(input)} (the most any can sustain is about ${Math.round(result.maxCapacityBoundPerS)} inferences/s, an upper bound)`
        : achievable.reason;
  return { sloMs: achievable ? achievable.sloMs : floorMs, description: achievable ? achievable.description : "none", reason };
}
