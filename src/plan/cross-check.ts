// The recommendation checked on other calibrations (plan --check-on). Hosts differ between machine starts
// and drift within one (docs/VALIDATION.md, "What limits the model"), so one calibration's figures say how
// this host ran, not how the next will. Re-running the pick on several calibrations of the same model and
// GPU gives the spread a user can expect across hosts: for each profile, the SLO statistic at the load,
// replicated as the search confirms (the same seeds), whether it holds at the pessimistic end of its
// interval, and in open loop the rate the pick sustains within the SLO, bisected as the search does. The
// plan's own profile, given here, reproduces the recommendation's figures exactly. judgeCandidate is that
// judgement on one profile, which --robust and the recommendation's own checks (the next delay, the slower
// server) use as well.
import { quantileSorted } from "simple-statistics";
import { ComputeTables } from "../compute/compute-model.js";
import type { Profile } from "../compute/profile.js";
import { capacityWithinSlo } from "./capacity.js";
import { candidateKey, type Candidate } from "./candidate.js";
import type { Evaluator } from "./evaluator.js";
import type { Interval } from "./interval.js";
import type { PlanInput } from "./plan-input.js";
import { replicate } from "./replicate.js";

export interface ProfileCheck {
  readonly profile: string;
  /** The SLO statistic at the plan's load (ms; infinite when a run fell behind or failed requests). */
  readonly sloMs: Interval;
  /** The SLO holds at the pessimistic end of that interval. */
  readonly meets: boolean;
  /** Open loop, where it meets the SLO at the load: the rate it sustains within the SLO (requests/s). */
  readonly capacityRequestsPerS: number | null;
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface CrossCheck {
  readonly checks: readonly ProfileCheck[];
  /** How many of the profiles meet the SLO at the load. */
  readonly meets: number;
  /** Spread of the SLO statistic's mean over the profiles (ms). */
  readonly sloMs: Spread;
  /** Open loop: spread of the capacity within the SLO, a profile that misses the SLO at the load counting
   *  as 0 (below the load). Null for closed loops and traces. */
  readonly capacityRequestsPerS: Spread | null;
}

export function spreadOf(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: quantileSorted(s, 0.5), max: s[s.length - 1]! };
}

/** The candidate as --check-on, --robust and plan's speed-margin check judge it on the evaluator's profile:
 *  its SLO statistic at the load replicated as the confirmation is (µs), whether the SLO holds at the
 *  pessimistic end of that interval, and, when it holds and `capacityOn` (that profile) is given, the
 *  open-loop rate it sustains within the SLO, bisected as the search does (null otherwise, and for closed
 *  loops and traces). */
export async function judgeCandidate(
  input: PlanInput,
  candidate: Candidate,
  evaluator: Evaluator,
  capacityOn: Profile | null,
): Promise<{ readonly sloUs: Interval; readonly meets: boolean; readonly capacityRequestsPerS: number | null }> {
  const sloUs = await replicate(input, candidate, evaluator);
  const meets = sloUs.high <= input.slo.boundMs * 1000;
  if (!meets || capacityOn === null) return { sloUs, meets, capacityRequestsPerS: null };
  const tables = new ComputeTables(capacityOn, Math.max(128, candidate.maxBatchSize, input.load.batchSize), Math.max(1, candidate.instancesPerGpu));
  return { sloUs, meets, capacityRequestsPerS: await capacityWithinSlo(input, candidate, candidateKey(candidate), evaluator, tables) };
}

/** Check `candidate` on each profile; `evaluatorFor` gives an evaluator on the i-th profile (closed here when
 *  it has a close function). */
export async function crossCheck(
  input: PlanInput,
  candidate: Candidate,
  profiles: readonly Profile[],
  evaluatorFor: (profile: Profile, i: number) => Evaluator,
  onProfile?: (done: number, total: number) => void,
): Promise<CrossCheck> {
  if (profiles.length === 0) throw new Error("crossCheck: no profiles");
  const checks: ProfileCheck[] = [];
  for (const [i, profile] of profiles.entries()) {
    const evaluator = evaluatorFor(profile, i);
    try {
      const { sloUs: v, meets, capacityRequestsPerS } = await judgeCandidate(input, candidate, evaluator, profile);
      checks.push({ profile: profile.name, sloMs: { mean: v.mean / 1000, low: v.low / 1000, high: v.high / 1000, n: v.n }, meets, capacityRequestsPerS });
    } finally {
      await evaluator.close?.();
    }
    onProfile?.(checks.length, profiles.length);
  }
  return {
    checks,
    meets: checks.filter((c) => c.meets).length,
    sloMs: spreadOf(checks.map((c) => c.sloMs.mean)),
    capacityRequestsPerS: input.load.kind === "rate" ? spreadOf(checks.map((c) => c.capacityRequestsPerS ?? 0)) : null,
  };
}
