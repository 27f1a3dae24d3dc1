// Robust planning (plan --check-on … --robust PCT): the recommendation must meet the SLO on at least PCT %
// of the other calibrations, not only on the plan's own. One calibration measures one host's minutes, and
// hosts differ between machine starts (docs/VALIDATION.md, "What limits the model"); a configuration that
// meets the SLO with room to spare on most calibrations of the same model and GPU is the one to bet a fleet
// on. The ranked configurations the search confirmed are tried in order; each is checked on the profiles
// one by one (the SLO statistic at the load, replicated as the confirmation is, judged at the pessimistic
// end of its interval, as --check-on judges it) until the quorum is reached or can no longer be, those that
// broke earlier configurations first.
import { candidateKey, describeCandidate, type Candidate } from "./candidate.js";
import type { Evaluator } from "./evaluator.js";
import type { PlanInput } from "./plan-input.js";
import { judgeCandidate } from "./cross-check.js";

/** At most this many of the ranked configurations are tried before robust planning gives up. */
export const ROBUST_MAX_TRIES = 20;

/** How many of `of` profiles make a quorum of `pct` % (at least one). */
export function quorumOf(pct: number, of: number): number {
  if (!(pct > 0 && pct <= 100)) throw new RangeError(`robust share must be in (0, 100], got ${pct}`);
  if (!(Number.isInteger(of) && of > 0)) throw new RangeError(`robust planning needs at least one profile, got ${of}`);
  return Math.max(1, Math.ceil((pct / 100) * of - 1e-9));
}

export interface RobustTry {
  /** Rank of the configuration on the plan's own profile (1 = its first choice). */
  readonly rank: number;
  readonly key: string;
  readonly description: string;
  /** Profiles checked before the verdict, and how many of them meet the SLO. */
  readonly checked: number;
  readonly meets: number;
  readonly accepted: boolean;
  /** The profiles it missed the SLO on (indices into RobustReport.profiles), in the order checked. */
  readonly missedOn: readonly number[];
}

export interface RobustReport {
  readonly minSharePct: number;
  /** Profiles that must meet the SLO, of `of`. */
  readonly needed: number;
  readonly of: number;
  /** The --check-on profiles' names, in the order given. */
  readonly profiles: readonly string[];
  /** The configurations tried, in rank order; the last is the one chosen when any was. */
  readonly tried: readonly RobustTry[];
}

/** The order to check the profiles in: those that missed most often so far first (ties in the order given),
 *  so a configuration that will fail is usually told so after few checks. The verdict does not depend on
 *  the order, only the number of checks does. */
export function hardestFirst(missCounts: readonly number[]): number[] {
  return missCounts.map((_, i) => i).sort((a, b) => missCounts[b]! - missCounts[a]! || a - b);
}

/** Check `candidate` on the profiles, in `order` (indices), until `needed` of them meet the SLO (accepted)
 *  or too many miss it for that to happen (rejected). `evaluatorFor` gives an evaluator on the i-th
 *  profile, closed here when it has a close function. */
export async function meetsQuorum(
  input: PlanInput,
  candidate: Candidate,
  rank: number,
  order: readonly number[],
  needed: number,
  evaluatorFor: (i: number) => Evaluator,
): Promise<RobustTry> {
  const missedOn: number[] = [];
  let checked = 0;
  while (checked - missedOn.length < needed && missedOn.length <= order.length - needed) {
    const i = order[checked]!;
    const evaluator = evaluatorFor(i);
    try {
      if (!(await judgeCandidate(input, candidate, evaluator, null)).meets) missedOn.push(i);
    } finally {
      await evaluator.close?.();
    }
    checked++;
  }
  const meets = checked - missedOn.length;
  return { rank, key: candidateKey(candidate), description: describeCandidate(candidate), checked, meets, accepted: meets >= needed, missedOn };
}
