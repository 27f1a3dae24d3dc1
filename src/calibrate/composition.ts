// Request composition: how an execution's time grows with the number of requests merged into it. A
// dynamic-batching model with one instance, driven by closed-loop clients sending single-sample requests
// (servesim loadgen -b 1 at rising concurrency), executes batches of n samples made of n requests;
// Triton's per-batch-size statistics give their compute times. This turns a loadgen run of such a
// calibration-only model into profile points with `requests = batchSize`.
import type { ComputePoint, Profile } from "../compute/profile.js";
import type { LiveLevelResult, LiveRun } from "./live-run.js";

export interface BatchStatLike {
  readonly batchSize: number;
  readonly count: number;
  readonly computeInputUs: number;
  readonly computeInferUs: number;
  readonly computeOutputUs: number;
}

/** Triton's per-batch-size statistics of one load level of a live run (none when absent). */
export function batchStatsOf(level: LiveLevelResult): readonly BatchStatLike[] {
  return (level.summary.triton as { batchStats?: BatchStatLike[] }).batchStats ?? [];
}

/** Points (batchSize n, requests n, concurrency 1) pooled over every level of the run; sizes with fewer
 * *  than `minExecutions` executions in total are dropped (the fit weights the rest by executions). */
export function compositionPoints(run: LiveRun, minExecutions = 5): ComputePoint[] {
  if (run.load.batchSize !== 1) throw new Error(`${run.name}: composition needs single-sample requests (-b 1), got -b ${run.load.batchSize}`);
  const pooled = new Map<number, { count: number; input: number; infer: number; output: number }>();
  for (const level of run.results ?? []) {
    for (const b of batchStatsOf(level)) {
      if (b.batchSize < 2) continue; // one request: the single-request curve already covers it
      const acc = pooled.get(b.batchSize) ?? { count: 0, input: 0, infer: 0, output: 0 };
      acc.count += b.count;
      acc.input += b.computeInputUs;
      acc.infer += b.computeInferUs;
      acc.output += b.computeOutputUs;
      pooled.set(b.batchSize, acc);
    }
  }
  return [...pooled.entries()]
    .filter(([, a]) => a.count >= minExecutions)
    .sort((x, y) => x[0] - y[0])
    .map(([n, a]) => ({
      batchSize: n,
      concurrency: 1,
      requests: n,
      computeInputUs: { mean: a.input / a.count, sd: 0 },
      computeInferUs: { mean: a.infer / a.count, sd: 0 },
      computeOutputUs: { mean: a.output / a.count, sd: 0 },
      executions: a.count,
    }));
}

/** The profile with composition points added (replacing earlier ones) and where they came from. */
export function withComposition(profile: Profile, points: readonly ComputePoint[], source: string): Profile {
  return {
    ...profile,
    compute: [...profile.compute.filter((c) => (c.requests ?? 1) === 1), ...points],
    metadata: { ...profile.metadata, composition: source },
  };
}
