// The planner's search, in ask/tell form: for each GPU count it enumerates the space, prunes with cheap
// bounds, screens survivors with one short simulation at the target load, confirms the most promising
// with independent replications (confidence intervals), and bisects the load each confirmed
// configuration sustains within the SLO. The Evaluator does the simulating; this module only decides.
import { ComputeTables } from "../compute/compute-model.js";
import type { Profile } from "../compute/profile.js";
import type { Workload } from "../workload/workload.js";
import { capacityBoundPerS, latencyFloorUs } from "./bounds.js";
import { candidateConfig, candidateKey, describeCandidate, type Candidate } from "./candidate.js";
import type { EvalRequest, EvalResult, Evaluator } from "./evaluator.js";
import { interval95, type Interval } from "./interval.js";
import { sloValueUs, type Constraints, type Objective, type Slo } from "./slo.js";
import { enumerateSpace } from "./space.js";

export type PlanLoad =
  | { readonly kind: "rate"; readonly requestsPerS: number; readonly distribution: "constant" | "poisson" | "gamma"; readonly cv: number; readonly batchSize: number }
  | { readonly kind: "concurrency"; readonly concurrency: number; readonly batchSize: number }
  | { readonly kind: "trace"; readonly workload: Workload & { kind: "trace" }; readonly batchSize: number };

export interface PlanInput {
  readonly profile: Profile;
  readonly load: PlanLoad;
  readonly slo: Slo;
  readonly objective: Objective;
  readonly constraints: Constraints;
  readonly quick: boolean;
  readonly seed: string;
  /** A research batching policy replacing Triton's batcher ("name:key=value,…"). */
  readonly policy?: string;
  /** Also check the recommendation on a server this many % slower than its calibration (0 or absent: no check). */
  readonly speedMarginPct?: number;
}

export interface Evaluated {
  readonly candidate: Candidate;
  readonly key: string;
  readonly capacityBoundPerS: number;
  readonly screen: EvalResult;
  /** Replications at the target load (confirmation phase). */
  readonly replications: readonly EvalResult[];
  readonly throughput: Interval;
  readonly p50Us: Interval;
  readonly p99Us: Interval;
  readonly sloUs: Interval;
  readonly utilization: number;
  /** SLO met at the pessimistic end of the interval, stable, no failures. */
  readonly confirmed: boolean;
  /** Highest open-loop rate (requests/s) at which the SLO statistic stays within the bound (null: not measured). */
  capacityRequestsPerS: number | null;
}

export interface ScreenedPoint {
  readonly key: string;
  readonly description: string;
  readonly gpus: number;
  readonly sloMs: number;
  readonly throughputPerS: number;
  readonly capacityBoundPerS: number;
  /** It reached a steady state at the load, without failed requests. */
  readonly stable: boolean;
}

export interface PlanProgress {
  (phase: string, done: number, total: number): void;
}

export interface SearchResult {
  readonly evaluated: Evaluated[];
  readonly screened: number;
  readonly pruned: number;
  readonly simulations: number;
  /** Best SLO statistic seen at the target load by GPU count (for "what is achievable"). */
  readonly bestSloUsByGpus: ReadonlyMap<number, { key: string; description: string; sloUs: number }>;
  /** The largest capacity bound (inferences/s) of any configuration searched. */
  readonly maxCapacityBoundPerS: number;
  /** Every screened configuration: its SLO statistic at the target load and its capacity bound. */
  readonly screenedPoints: readonly ScreenedPoint[];
  readonly latencyFloorUs: number;
  readonly gpusSearched: readonly number[];
}

const SETTINGS = {
  full: { screenRequests: 8000, refineRequests: 20_000, replications: 5, refineTop: 8, capacityTop: 8, bisectSteps: 6 },
  quick: { screenRequests: 3000, refineRequests: 8000, replications: 3, refineTop: 3, capacityTop: 3, bisectSteps: 5 },
} as const;

/** The candidate's research policy, as an EvalRequest field. */
export const policyOf = (c: Candidate): { policy?: string } => (c.policy !== undefined ? { policy: c.policy } : {});

/** Seed for one evaluation: depends on the candidate and purpose only, never on what else is searched. */
const seedFor = (base: string, key: string, purpose: string): string => `${base}/${key}/${purpose}`;

export function workloadFor(load: PlanLoad, requestsPerS?: number): Workload {
  switch (load.kind) {
    case "rate":
      return {
        kind: "rate",
        requestsPerS: requestsPerS ?? load.requestsPerS,
        distribution: load.distribution,
        cv: load.cv,
        batchSize: load.batchSize,
        priority: 0,
        timeoutUs: 0,
      };
    case "concurrency":
      return { kind: "concurrency", concurrency: load.concurrency, batchSize: load.batchSize, priority: 0, timeoutUs: 0 };
    case "trace":
      return load.workload;
  }
}

/** Inferences/s the load asks for (open loop), or 0 when unknown (closed loop). */
export function offeredInferencesPerS(load: PlanLoad): number {
  if (load.kind === "rate") return load.requestsPerS * Math.max(1, load.batchSize);
  if (load.kind === "trace") {
    const t = load.workload.timesUs;
    const n = t.length;
    const span = n > 1 ? t[n - 1]! - t[0]! : 0;
    const samples = load.workload.batchSizes.reduce((a, b) => a + Math.max(1, b), 0);
    return span > 0 ? (samples * 1e6) / span : 0;
  }
  return 0;
}

export async function search(input: PlanInput, evaluator: Evaluator, progress?: PlanProgress): Promise<SearchResult> {
  const settings = input.quick ? SETTINGS.quick : SETTINGS.full;
  const { slo, constraints, load } = input;
  const boundUs = slo.boundMs * 1000;
  const maxInst = constraints.maxInstancesPerGpu;
  const tables = new ComputeTables(input.profile, Math.max(128, constraints.maxBatchSizeLimit, load.batchSize), Math.max(1, maxInst));
  const floorUs = latencyFloorUs(tables, load.batchSize);
  const need = Math.max(offeredInferencesPerS(load), constraints.minThroughputPerS);
  let simulations = 0;
  let pruned = 0;
  let screenedCount = 0;
  const evaluated: Evaluated[] = [];
  const bestByGpus = new Map<number, { key: string; description: string; sloUs: number }>();
  let maxCapacityBoundPerS = 0;
  const screenedPoints: ScreenedPoint[] = [];
  const gpusSearched: number[] = [];
  const run = async (reqs: EvalRequest[]): Promise<EvalResult[]> => {
    simulations += reqs.length;
    return evaluator.evaluate(reqs);
  };
  if (floorUs > boundUs) {
    return { evaluated, screened: 0, pruned: 0, simulations, bestSloUsByGpus: bestByGpus, latencyFloorUs: floorUs, gpusSearched, maxCapacityBoundPerS, screenedPoints };
  }
  const sloOf = (r: EvalResult): number => sloValueUs(r.latencyUs, slo.statistic);

  for (let gpus = 1; gpus <= constraints.maxGpus; gpus++) {
    gpusSearched.push(gpus);
    const space = enumerateSpace(
      {
        maxGpus: constraints.maxGpus,
        maxInstancesPerGpu: maxInst,
        maxBatchSizeLimit: constraints.maxBatchSizeLimit,
        sloBoundUs: boundUs,
        quick: input.quick,
        ...(input.policy !== undefined ? { policy: input.policy } : {}),
      },
      gpus,
    );
    // ── prune with bounds
    const survivors = space.filter((c) => {
      const cap = capacityBoundPerS(c, tables, load.batchSize);
      maxCapacityBoundPerS = Math.max(maxCapacityBoundPerS, cap);
      const ok = cap >= need && (load.batchSize <= Math.max(1, c.maxBatchSize));
      if (!ok) pruned++;
      return ok;
    });
    // ── screen: one short run each at the target load
    progress?.(`screen ${gpus} GPU${gpus > 1 ? "s" : ""}`, 0, survivors.length);
    const screen = await run(
      survivors.map((c) => ({ config: candidateConfig(c), workload: workloadFor(load), seed: seedFor(input.seed, candidateKey(c), "screen"), requests: settings.screenRequests, ...policyOf(c) })),
    );
    screenedCount += survivors.length;
    progress?.(`screen ${gpus} GPU${gpus > 1 ? "s" : ""}`, survivors.length, survivors.length);
    const screened = survivors.map((c, i) => ({ c, r: screen[i]!, key: candidateKey(c) }));
    for (const s of screened) {
      const v = sloOf(s.r);
      screenedPoints.push({
        key: s.key,
        description: describeCandidate(s.c),
        gpus,
        sloMs: v / 1000,
        throughputPerS: s.r.throughputPerS,
        capacityBoundPerS: capacityBoundPerS(s.c, tables, load.batchSize),
        stable: s.r.steady && s.r.failedFraction === 0,
      });
      const best = bestByGpus.get(gpus);
      if (s.r.steady && s.r.failedFraction === 0 && (best === undefined || v < best.sloUs)) bestByGpus.set(gpus, { key: s.key, description: describeCandidate(s.c), sloUs: v });
    }
    // keep those within 15 % of the bound for confirmation (a single short run is noisy)
    const promising = screened
      .filter((s) => s.r.steady && s.r.failedFraction === 0 && sloOf(s.r) <= boundUs * 1.15 && s.r.throughputPerS >= constraints.minThroughputPerS * 0.97)
      .sort((a, b) => rankScreen(load.batchSize, input.objective, a, b, tables, sloOf));
    const top = promising.slice(0, settings.refineTop);
    // ── confirm with independent replications
    const reps = await run(
      top.flatMap((s) =>
        Array.from({ length: settings.replications }, (_, k) => ({
          config: candidateConfig(s.c),
          workload: workloadFor(load),
          seed: seedFor(input.seed, s.key, `rep${k}`),
          requests: settings.refineRequests,
          ...policyOf(s.c),
        })),
      ),
    );
    progress?.(`confirm ${gpus} GPU${gpus > 1 ? "s" : ""}`, top.length, top.length);
    const confirmedHere: Evaluated[] = [];
    top.forEach((s, i) => {
      const rs = reps.slice(i * settings.replications, (i + 1) * settings.replications);
      const sloI = interval95(rs.map(sloOf));
      const thr = interval95(rs.map((r) => r.throughputPerS));
      const e: Evaluated = {
        candidate: s.c,
        key: s.key,
        capacityBoundPerS: capacityBoundPerS(s.c, tables, load.batchSize),
        screen: s.r,
        replications: rs,
        throughput: thr,
        p50Us: interval95(rs.map((r) => r.latencyUs.p50)),
        p99Us: interval95(rs.map((r) => r.latencyUs.p99)),
        sloUs: sloI,
        utilization: rs.reduce((a, r) => a + r.utilization, 0) / rs.length,
        confirmed:
          sloI.high <= boundUs &&
          rs.every((r) => r.steady && r.failedFraction === 0) &&
          thr.low >= constraints.minThroughputPerS,
        capacityRequestsPerS: null,
      };
      evaluated.push(e);
      if (e.confirmed) confirmedHere.push(e);
    });
    // ── capacity within the SLO (open loop): bisect the rate
    if (load.kind === "rate") {
      const forCapacity = confirmedHere.sort((a, b) => a.sloUs.high - b.sloUs.high).slice(0, settings.capacityTop);
      const caps = await bisectCapacity(forCapacity, input, settings, run, sloOf, tables);
      forCapacity.forEach((e, i) => {
        e.capacityRequestsPerS = caps[i]!;
      });
      progress?.(`capacity ${gpus} GPU${gpus > 1 ? "s" : ""}`, forCapacity.length, forCapacity.length);
    }
    if (input.objective === "gpus" && confirmedHere.length > 0) break;
  }
  return { evaluated, screened: screenedCount, pruned, simulations, bestSloUsByGpus: bestByGpus, latencyFloorUs: floorUs, gpusSearched, maxCapacityBoundPerS, screenedPoints };
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

function rankScreen(
  requestBatch: number,
  objective: Objective,
  a: { c: Candidate; r: EvalResult },
  b: { c: Candidate; r: EvalResult },
  tables: ComputeTables,
  sloOf: (r: EvalResult) => number,
): number {
  if (objective === "throughput") {
    const d = capacityBoundPerS(b.c, tables, requestBatch) - capacityBoundPerS(a.c, tables, requestBatch);
    if (d !== 0) return d;
  }
  // gpus and latency: the most SLO margin first (it tracks headroom), then fewer instances
  return sloOf(a.r) - sloOf(b.r) || a.c.instancesPerGpu - b.c.instancesPerGpu || a.c.maxBatchSize - b.c.maxBatchSize;
}

/** The rate each configuration sustains within the SLO (requests/s; the load itself when even that fails). */
async function bisectCapacity(
  list: readonly { readonly candidate: Candidate; readonly key: string }[],
  input: PlanInput,
  settings: (typeof SETTINGS)["full"] | (typeof SETTINGS)["quick"],
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
