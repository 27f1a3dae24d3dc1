// The planner's search, in ask/tell form: for each GPU count it enumerates the space, prunes with cheap
// bounds, screens survivors with one short simulation at the target load, confirms the most promising
// with independent replications (confidence intervals), and bisects the load each confirmed
// configuration sustains within the SLO. The Evaluator does the simulating; this module only decides.
import { ComputeTables } from "../compute/compute-model.js";
import { capacityBoundPerS, latencyFloorUs } from "./bounds.js";
import { bisectCapacity } from "./capacity.js";
import { candidateConfig, candidateKey, describeCandidate, type Candidate } from "./candidate.js";
import type { EvalRequest, EvalResult, Evaluator } from "./evaluator.js";
import { interval95, type Interval } from "./interval.js";
import { SETTINGS, policyOf, workloadFor, type PlanInput, type PlanLoad } from "./plan-input.js";
import { traceSpanUs } from "../workload/workload.js";
import { sloValueUs, type Objective } from "./slo.js";
import { enumerateSpace } from "./space.js";

export { policyOf, workloadFor, type PlanInput, type PlanLoad } from "./plan-input.js";

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

/** Seed for one evaluation: depends on the candidate and purpose only, never on what else is searched. */
const seedFor = (base: string, key: string, purpose: string): string => `${base}/${key}/${purpose}`;

/** Inferences/s the load asks for (open loop), or 0 when unknown (closed loop). */
export function offeredInferencesPerS(load: PlanLoad): number {
  if (load.kind === "rate") return load.requestsPerS * Math.max(1, load.batchSize);
  if (load.kind === "trace") {
    const span = traceSpanUs(load.workload);
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
    if (input.objective === "gpus" && input.everyGpuCount !== true && confirmedHere.length > 0) break;
  }
  return { evaluated, screened: screenedCount, pruned, simulations, bestSloUsByGpus: bestByGpus, latencyFloorUs: floorUs, gpusSearched, maxCapacityBoundPerS, screenedPoints };
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
