// Instance turnaround, from a closed-loop run of a calibration-only dynamic-batching model with one
// instance (the composition run): at a level where requests are always waiting, the instance runs
// executions back to back, so one execution's cycle (requests per execution / throughput) less its
// compute (Triton's per-batch-size statistics, per execution) is the time the instance spends between
// executions. That time grows with the requests handled: a least-squares line a + b × requests over the
// saturated levels (those whose mean queue time per request is at least half an execution's compute).
import { linearRegression, mean } from "simple-statistics";
import type { Turnaround } from "../compute/profile.js";
import { placeInstances } from "../server/config.js";
import { batchStatsOf } from "./composition.js";
import { liveServerConfig, type LiveRun } from "./live-run.js";

export interface TurnaroundLevel {
  readonly load: number;
  readonly requestsPerExecution: number;
  readonly cycleUs: number;
  readonly computeUs: number;
  readonly saturated: boolean;
}

export interface TurnaroundFit {
  readonly turnaround: Turnaround;
  readonly levels: readonly TurnaroundLevel[];
  readonly rmsUs: number;
}

export function turnaroundLevels(run: LiveRun): TurnaroundLevel[] {
  if (run.load.mode !== "concurrency" || run.load.batchSize !== 1) {
    throw new Error(`${run.name}: the turnaround needs a closed-loop run of single-sample requests`);
  }
  const instances = placeInstances(liveServerConfig(run, run.name)).length;
  if (instances !== 1) throw new Error(`${run.name}: the turnaround needs a model with one instance, got ${instances}`);
  return (run.results ?? []).flatMap((r) => {
    const t = r.summary.triton as { inferenceCount?: number; executionCount?: number; queue?: { count: number; totalUs: number } };
    const stats = batchStatsOf(r);
    const executions = t.executionCount ?? 0;
    const inferences = t.inferenceCount ?? 0;
    if (executions === 0 || inferences === 0 || r.summary.throughputPerS <= 0) return [];
    const computeUs = stats.reduce((a, b) => a + b.computeInputUs + b.computeInferUs + b.computeOutputUs, 0) / executions;
    const requestsPerExecution = inferences / executions;
    const queueUs = t.queue !== undefined && t.queue.count > 0 ? t.queue.totalUs / t.queue.count : 0;
    return [
      {
        load: r.summary.load,
        requestsPerExecution,
        cycleUs: (1e6 * requestsPerExecution) / r.summary.throughputPerS,
        computeUs,
        saturated: queueUs >= 0.5 * computeUs,
      },
    ];
  });
}

export function fitTurnaround(run: LiveRun): TurnaroundFit {
  const levels = turnaroundLevels(run);
  const used = levels.filter((l) => l.saturated);
  if (used.length < 2) throw new Error(`${run.name}: the turnaround needs at least 2 saturated levels, got ${used.length}`);
  const xs = used.map((l) => l.requestsPerExecution);
  const ys = used.map((l) => l.cycleUs - l.computeUs);
  const n = used.length;
  const my = mean(ys);
  // least squares; a flat line through the mean when every level merged as many requests
  const line = new Set(xs).size > 1 ? linearRegression(xs.map((x, i) => [x, ys[i]!])) : { m: 0, b: my };
  let slope = line.m;
  let base = line.b;
  if (slope < 0) {
    slope = 0;
    base = my;
  }
  if (base < 0) {
    base = 0;
    slope = Math.max(0, xs.reduce((a, x, i) => a + x * ys[i]!, 0) / xs.reduce((a, x) => a + x * x, 0));
  }
  const rms = Math.sqrt(used.reduce((a, l, i) => a + (ys[i]! - base - slope * l.requestsPerExecution) ** 2, 0) / n);
  return {
    turnaround: {
      baseUs: Math.round(base * 10) / 10,
      perRequestUs: Math.round(slope * 100) / 100,
      measuredFrom: `${run.name} (${run.model}, ${n} saturated levels)`,
    },
    levels,
    rmsUs: rms,
  };
}
