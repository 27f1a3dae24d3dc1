// From searched configurations to a recommendation a person can act on: ranking by the objective among
// configurations confirmed at the pessimistic end of their interval, the config.pbtxt to paste, what binds
// (headroom, and which neighbouring change breaks the SLO), and where the prediction rests on data the
// profile does not have.
import { coverageOf } from "../compute/compute-model.js";
import { recurringHostEpisodes, type Profile } from "../compute/profile.js";
import { writeModelConfigPbtxt } from "../server/pbtxt.js";
import type { ServerConfig } from "../server/config.js";
import { candidateConfig, describeCandidate, type Candidate } from "./candidate.js";
import { withServerSpeed } from "../compute/server-speed.js";
import { inProcessEvaluator, type Evaluator } from "./evaluator.js";
import type { Interval } from "./interval.js";
import type { PlanInput } from "./plan-input.js";
import { judgeCandidate, type CrossCheck } from "./cross-check.js";
import type { RobustReport } from "./robust.js";
import { whyInfeasible } from "./infeasible.js";
import { type Evaluated, type ScreenedPoint, type SearchResult } from "./search.js";
import { describeSlo } from "./slo.js";
import { delayGrid } from "./space.js";

export interface PlanRow {
  readonly rank: number;
  readonly key: string;
  readonly description: string;
  readonly candidate: Candidate;
  readonly throughputPerS: Interval;
  readonly p50Ms: Interval;
  readonly p99Ms: Interval;
  readonly sloMs: Interval;
  readonly capacityRequestsPerS: number | null;
  /** capacity / offered load − 1 (open loop), null otherwise. */
  readonly headroom: number | null;
  readonly utilization: number;
  readonly confirmed: boolean;
}

export interface Recommendation extends PlanRow {
  readonly config: ServerConfig;
  readonly pbtxt: string;
  readonly binding: readonly string[];
  readonly notes: readonly string[];
}

export interface PlanReport {
  readonly feasible: boolean;
  readonly recommendation: Recommendation | null;
  readonly top: readonly PlanRow[];
  /** When nothing meets the SLO: the best figures found. */
  readonly bestAchievable: { readonly sloMs: number; readonly description: string; readonly reason: string } | null;
  readonly search: { readonly pruned: number; readonly screened: number; readonly simulations: number; readonly gpusSearched: readonly number[] };
  /** Screened configurations (SLO statistic at the load vs capacity bound); `pareto` marks the front. */
  readonly points: readonly (ScreenedPoint & { readonly pareto: boolean })[];
  /** The recommendation on other calibrations (plan --check-on; the CLI adds it); when --robust found
   *  none that holds there, the best found on them. */
  readonly crossCheck?: CrossCheck;
  /** How robust planning chose (plan --robust; the CLI adds it). */
  readonly robust?: RobustReport;
}

/** Pareto front over stable points: lower SLO statistic and higher capacity bound are better. */
export function paretoMark(points: readonly ScreenedPoint[]): (ScreenedPoint & { pareto: boolean })[] {
  const stable = points.filter((p) => p.stable);
  return points.map((p) => ({
    ...p,
    pareto:
      p.stable &&
      !stable.some((q) => q !== p && q.sloMs <= p.sloMs && q.capacityBoundPerS >= p.capacityBoundPerS && (q.sloMs < p.sloMs || q.capacityBoundPerS > p.capacityBoundPerS)),
  }));
}

const ms = (i: Interval): Interval => ({ mean: i.mean / 1000, low: i.low / 1000, high: i.high / 1000, n: i.n });

function compare(objective: PlanInput["objective"], rateMode: boolean): (a: Evaluated, b: Evaluated) => number {
  const cap = (e: Evaluated): number => (rateMode ? (e.capacityRequestsPerS ?? -1) : e.throughput.mean);
  return (a, b) => {
    if (a.confirmed !== b.confirmed) return a.confirmed ? -1 : 1;
    if (objective === "gpus") return a.candidate.gpus - b.candidate.gpus || cap(b) - cap(a) || a.sloUs.high - b.sloUs.high;
    if (objective === "throughput") return cap(b) - cap(a) || a.candidate.gpus - b.candidate.gpus || a.sloUs.high - b.sloUs.high;
    return a.sloUs.high - b.sloUs.high || a.candidate.gpus - b.candidate.gpus;
  };
}

function toRow(e: Evaluated, rank: number, offeredRequestsPerS: number | null): PlanRow {
  return {
    rank,
    key: e.key,
    description: describeCandidate(e.candidate),
    candidate: e.candidate,
    throughputPerS: e.throughput,
    p50Ms: ms(e.p50Us),
    p99Ms: ms(e.p99Us),
    sloMs: ms(e.sloUs),
    capacityRequestsPerS: e.capacityRequestsPerS,
    headroom: e.capacityRequestsPerS !== null && offeredRequestsPerS ? e.capacityRequestsPerS / offeredRequestsPerS - 1 : null,
    utilization: e.utilization,
    confirmed: e.confirmed,
  };
}

/** Where the recommendation extrapolates beyond the profile's measurements. */
export function extrapolationNotes(profile: Profile, c: Candidate): string[] {
  const cov = coverageOf(profile);
  const notes: string[] = [];
  if (c.policy !== undefined) {
    notes.push(`batching policy ${c.policy} replaces Triton's dynamic batcher: it is not a Triton setting, and the config.pbtxt shows the rest of the configuration`);
  }
  if (profile.metadata.source !== "measured") {
    notes.push(`profile "${profile.name}" is ${profile.metadata.source}, not measured by servesim calibrate: treat figures as estimates`);
  }
  if (c.maxBatchSize > cov.maxBatchSize) {
    notes.push(
      `max_batch_size ${c.maxBatchSize} extrapolates the service time beyond the largest measured batch (${cov.maxBatchSize}), ${(c.maxBatchSize / cov.maxBatchSize).toFixed(1)}× further`,
    );
  }
  if (c.instancesPerGpu > 1 && !cov.hasContentionData) {
    notes.push(`no contention data in the profile: ${c.instancesPerGpu} instances per GPU are assumed to share it fairly`);
  } else if (c.instancesPerGpu > cov.maxConcurrency) {
    notes.push(`contention for ${c.instancesPerGpu} instances per GPU is extrapolated from measurements up to ${cov.maxConcurrency}`);
  }
  const ep = recurringHostEpisodes(profile);
  if (ep !== null) {
    notes.push(
      `the calibration logs show host episodes (${ep.ratePerS.toFixed(2)}/s, ${(ep.meanDurationUs / 1000).toFixed(0)} ms, executions ×${ep.execFactor.toFixed(1)}), which plan leaves out (it plans for a host without them; validate and simulate --host-episodes hold the front end during them): at fixed request rates on such machine starts measured p99 ran a median 1.6× (up to 5×) the prediction without them — check p99 live`,
    );
  }
  return notes;
}

/** Within this share of the best capacity (or throughput), a configuration inside the measured range is
 *  preferred to one that extrapolates: the difference is within what the extrapolation could be wrong by. */
export const MEASURED_RANGE_PREFERENCE = 0.05;

/** Does the candidate need the service time or the contention beyond what the profile measured? */
function extrapolates(profile: Profile, c: Candidate): boolean {
  const cov = coverageOf(profile);
  return c.maxBatchSize > cov.maxBatchSize || (c.instancesPerGpu > 1 && (!cov.hasContentionData || c.instancesPerGpu > cov.maxConcurrency));
}

/** The ranking, except that an extrapolating first choice gives way to the best measured-range one on
 *  as many GPUs whose capacity is within MEASURED_RANGE_PREFERENCE of it (the objective "latency" keeps
 *  its order). Returns the reordered list and the configuration that gave way, if any. */
function preferMeasured(
  sorted: readonly Evaluated[],
  input: PlanInput,
  rateMode: boolean,
): { readonly order: Evaluated[]; readonly passedOver: Evaluated | null } {
  const first = sorted[0];
  if (first === undefined || !first.confirmed || input.objective === "latency" || !extrapolates(input.profile, first.candidate)) {
    return { order: [...sorted], passedOver: null };
  }
  const cap = (e: Evaluated): number => (rateMode ? (e.capacityRequestsPerS ?? -1) : e.throughput.mean);
  const alt = sorted.find(
    (e) =>
      e.confirmed &&
      e.candidate.gpus <= first.candidate.gpus &&
      !extrapolates(input.profile, e.candidate) &&
      cap(e) >= (1 - MEASURED_RANGE_PREFERENCE) * cap(first),
  );
  if (alt === undefined) return { order: [...sorted], passedOver: null };
  return { order: [alt, ...sorted.filter((e) => e !== alt)], passedOver: first };
}

/** A further test the recommendation must pass (plan --robust): the first of the `maxTries` best confirmed
 *  configurations that `accept` approves (rank from 1, as in the ranking) is recommended; when none is,
 *  the plan is infeasible because none `passes` (a phrase: "meets it on …"). */
export interface Acceptor {
  accept(e: Evaluated, rank: number): Promise<boolean>;
  readonly maxTries: number;
  readonly passes: string;
}

export async function recommend(input: PlanInput, result: SearchResult, evaluator: Evaluator, acceptor?: Acceptor): Promise<PlanReport> {
  const rateMode = input.load.kind === "rate";
  const offered = input.load.kind === "rate" ? input.load.requestsPerS : null;
  const ranked = preferMeasured([...result.evaluated].sort(compare(input.objective, rateMode)), input, rateMode);
  const sorted = ranked.order;
  const top = sorted.slice(0, 10).map((e, i) => toRow(e, i + 1, offered));
  const search = { pruned: result.pruned, screened: result.screened, simulations: result.simulations, gpusSearched: result.gpusSearched };
  const points = paretoMark(result.screenedPoints);
  const first = sorted[0];
  if (first === undefined || !first.confirmed) {
    return { feasible: false, recommendation: null, top, bestAchievable: whyInfeasible(input, result), search, points };
  }
  let rank = 1;
  if (acceptor !== undefined) {
    const confirmed = sorted.filter((e) => e.confirmed).slice(0, acceptor.maxTries);
    rank = 0;
    for (const [i, e] of confirmed.entries()) {
      if (await acceptor.accept(e, i + 1)) {
        rank = i + 1;
        break;
      }
    }
    if (rank === 0) {
      const reason = `none of the ${confirmed.length} best configuration${confirmed.length > 1 ? "s" : ""} the search confirmed ${acceptor.passes}`;
      return { feasible: false, recommendation: null, top, bestAchievable: { sloMs: first.sloUs.mean / 1000, description: describeCandidate(first.candidate), reason }, search, points };
    }
  }
  const best = sorted[rank - 1]!;
  const row = toRow(best, rank, offered);
  const config = candidateConfig(best.candidate);
  const binding = await bindingConstraints(input, best, result, evaluator);
  return {
    feasible: true,
    recommendation: {
      ...row,
      config,
      pbtxt: writeModelConfigPbtxt(config),
      binding,
      notes: [
        ...extrapolationNotes(input.profile, best.candidate),
        ...(ranked.passedOver !== null && rank === 1
          ? [
              `preferred to ${describeCandidate(ranked.passedOver.candidate)} (${rateMode ? `capacity ${Math.round(ranked.passedOver.capacityRequestsPerS ?? 0)}/s` : `${ranked.passedOver.throughput.mean.toFixed(1)} infer/s`}), ` +
                `which is within ${Math.round(MEASURED_RANGE_PREFERENCE * 100)} % but extrapolates beyond the profile's measurements`,
            ]
          : []),
      ],
    },
    top,
    bestAchievable: null,
    search,
    points,
  };
}

async function bindingConstraints(input: PlanInput, best: Evaluated, result: SearchResult, evaluator: Evaluator): Promise<string[]> {
  const out: string[] = [];
  const stat = input.slo.statistic;
  const boundUs = input.slo.boundMs * 1000;
  const loadText =
    input.load.kind === "rate" ? `at ${input.load.requestsPerS}/s` : input.load.kind === "concurrency" ? `at concurrency ${input.load.concurrency}` : "under the trace";
  out.push(
    `${stat} ${loadText} is ${(best.sloUs.mean / 1000).toFixed(2)} ms (95 % interval ${(best.sloUs.low / 1000).toFixed(2)}–${(best.sloUs.high / 1000).toFixed(2)} ms) against ${describeSlo(input.slo)}`,
  );
  if (best.capacityRequestsPerS !== null && input.load.kind === "rate") {
    out.push(
      `${stat} reaches the SLO at about ${Math.round(best.capacityRequestsPerS)}/s: ${((best.capacityRequestsPerS / input.load.requestsPerS - 1) * 100).toFixed(0)} % headroom over ${input.load.requestsPerS}/s`,
    );
  }
  // the next larger delay, when the recommendation batches dynamically
  const c = best.candidate;
  if (c.dynamic !== null) {
    const grid = delayGrid(boundUs, input.quick);
    const next = grid.find((d) => d > c.dynamic!.maxQueueDelayUs);
    if (next !== undefined) {
      const neighbour: Candidate = { ...c, dynamic: { ...c.dynamic, maxQueueDelayUs: next } };
      const { sloUs: v, meets } = await judgeCandidate(input, neighbour, evaluator, null);
      const verdict = meets ? "still meets it" : "breaks the SLO";
      out.push(`the next larger delay (${next} µs) gives ${stat} ${(v.mean / 1000).toFixed(2)} ms (up to ${(v.high / 1000).toFixed(2)}): it ${verdict}`);
    }
  }
  // the same configuration on a server slower than its calibration (hosts drift between calibration and use)
  const margin = input.speedMarginPct ?? 0;
  if (margin > 0) {
    const slower = withServerSpeed(input.profile, 1 + margin / 100);
    const slowEvaluator = inProcessEvaluator(slower, input.measuredBy);
    // the capacity too: near saturation a few per cent of speed move it most (the H100's starts differed
    // by up to 10 % there with the same calibration)
    const { sloUs: v, meets, capacityRequestsPerS: cap } = await judgeCandidate(input, c, slowEvaluator, best.capacityRequestsPerS !== null ? slower : null);
    const verdict = meets ? "still meets it" : "breaks the SLO";
    const than = (input.designMarginPct ?? 0) > 0 ? "the one planned for" : "its calibration";
    out.push(
      `on a server ${margin} % slower than ${than}, ${stat} is ${(v.mean / 1000).toFixed(2)} ms (up to ${(v.high / 1000).toFixed(2)}): it ${verdict}` +
        (cap !== null ? `; its capacity within the SLO is then about ${Math.round(cap)}/s` : ""),
    );
  }
  if (input.objective === "gpus" && c.gpus > 1) {
    const fewer = result.bestSloUsByGpus.get(c.gpus - 1);
    out.push(
      fewer === undefined
        ? `with ${c.gpus - 1} GPU${c.gpus > 2 ? "s" : ""} no configuration sustains the load`
        : `with ${c.gpus - 1} GPU${c.gpus > 2 ? "s" : ""} the best ${stat} is ${(fewer.sloUs / 1000).toFixed(2)} ms (${fewer.description})`,
    );
  }
  return out;
}
