// Triton's cumulative ModelStatistics as a plain snapshot (summed over model versions), and the delta
// between two snapshots: the only way to read per-window server figures. Deltas must be non-negative;
// a counter going backwards means the server or model restarted, and is reported as such.
import type { BatchStat, DurationStat, TritonStats } from "../metrics/summary.js";
import { nsToUs } from "../units.js";
import type { ModelStatistics, StatisticDuration } from "./kserve-types.js";

export interface DurationNs {
  readonly count: number;
  readonly ns: number;
}

export interface BatchNs {
  readonly batchSize: number;
  /** Executions of this total batch size. */
  readonly count: number;
  readonly computeInputNs: number;
  readonly computeInferNs: number;
  readonly computeOutputNs: number;
}

export interface StatsSnapshot {
  readonly model: string;
  readonly inferenceCount: number;
  readonly executionCount: number;
  readonly success: DurationNs;
  readonly fail: DurationNs;
  readonly queue: DurationNs;
  readonly computeInput: DurationNs;
  readonly computeInfer: DurationNs;
  readonly computeOutput: DurationNs;
  /** Ascending by batch size. */
  readonly batches: readonly BatchNs[];
}

const ZERO: DurationNs = { count: 0, ns: 0 };

const dur = (d: StatisticDuration | null | undefined): DurationNs =>
  d === null || d === undefined ? ZERO : { count: Number(d.count), ns: Number(d.ns) };
const addDur = (a: DurationNs, b: DurationNs): DurationNs => ({ count: a.count + b.count, ns: a.ns + b.ns });

/** Sum the entries for `model` (every version) into one snapshot. */
export function snapshotOf(model: string, entries: readonly ModelStatistics[]): StatsSnapshot {
  let inferenceCount = 0;
  let executionCount = 0;
  let success = ZERO;
  let fail = ZERO;
  let queue = ZERO;
  let computeInput = ZERO;
  let computeInfer = ZERO;
  let computeOutput = ZERO;
  const batches = new Map<number, { count: number; i: number; c: number; o: number }>();
  for (const e of entries) {
    if (e.name !== model) continue;
    inferenceCount += Number(e.inference_count);
    executionCount += Number(e.execution_count);
    const s = e.inference_stats;
    if (s !== null) {
      success = addDur(success, dur(s.success));
      fail = addDur(fail, dur(s.fail));
      queue = addDur(queue, dur(s.queue));
      computeInput = addDur(computeInput, dur(s.compute_input));
      computeInfer = addDur(computeInfer, dur(s.compute_infer));
      computeOutput = addDur(computeOutput, dur(s.compute_output));
    }
    for (const b of e.batch_stats) {
      const size = Number(b.batch_size);
      const acc = batches.get(size) ?? { count: 0, i: 0, c: 0, o: 0 };
      acc.count += dur(b.compute_infer).count;
      acc.i += dur(b.compute_input).ns;
      acc.c += dur(b.compute_infer).ns;
      acc.o += dur(b.compute_output).ns;
      batches.set(size, acc);
    }
  }
  return {
    model,
    inferenceCount,
    executionCount,
    success,
    fail,
    queue,
    computeInput,
    computeInfer,
    computeOutput,
    batches: [...batches.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([batchSize, a]) => ({
        batchSize,
        count: a.count,
        computeInputNs: a.i,
        computeInferNs: a.c,
        computeOutputNs: a.o,
      })),
  };
}

export class StatsWentBackwards extends Error {
  override readonly name = "StatsWentBackwards";
}

function subDur(b: DurationNs, a: DurationNs, what: string, model: string): DurationNs {
  const count = b.count - a.count;
  const ns = b.ns - a.ns;
  if (count < 0 || ns < -1e3) {
    throw new StatsWentBackwards(`statistics of model "${model}" went backwards (${what}): did the server restart?`);
  }
  return { count, ns: Math.max(0, ns) };
}

/** later − earlier, field by field (batch sizes absent from `earlier` count from zero). */
export function statsDelta(earlier: StatsSnapshot, later: StatsSnapshot): StatsSnapshot {
  const m = later.model;
  const prev = new Map(earlier.batches.map((b) => [b.batchSize, b]));
  const batches: BatchNs[] = [];
  for (const b of later.batches) {
    const a = prev.get(b.batchSize);
    const count = b.count - (a?.count ?? 0);
    if (count < 0) throw new StatsWentBackwards(`statistics of model "${m}" went backwards (batch ${b.batchSize}): did the server restart?`);
    if (count === 0) continue;
    batches.push({
      batchSize: b.batchSize,
      count,
      computeInputNs: Math.max(0, b.computeInputNs - (a?.computeInputNs ?? 0)),
      computeInferNs: Math.max(0, b.computeInferNs - (a?.computeInferNs ?? 0)),
      computeOutputNs: Math.max(0, b.computeOutputNs - (a?.computeOutputNs ?? 0)),
    });
  }
  const inferenceCount = later.inferenceCount - earlier.inferenceCount;
  const executionCount = later.executionCount - earlier.executionCount;
  if (inferenceCount < 0 || executionCount < 0) {
    throw new StatsWentBackwards(`statistics of model "${m}" went backwards (counts): did the server restart?`);
  }
  return {
    model: m,
    inferenceCount,
    executionCount,
    success: subDur(later.success, earlier.success, "success", m),
    fail: subDur(later.fail, earlier.fail, "fail", m),
    queue: subDur(later.queue, earlier.queue, "queue", m),
    computeInput: subDur(later.computeInput, earlier.computeInput, "compute_input", m),
    computeInfer: subDur(later.computeInfer, earlier.computeInfer, "compute_infer", m),
    computeOutput: subDur(later.computeOutput, earlier.computeOutput, "compute_output", m),
    batches,
  };
}

/** Per-request mean of a duration in µs (0 when nothing was counted). */
export const meanUs = (d: DurationNs): number => (d.count > 0 ? nsToUs(d.ns / d.count) : 0);

const toDurationStat = (d: DurationNs): DurationStat => ({ count: d.count, totalUs: nsToUs(d.ns) });

/** A delta in the simulator's units (RunSummary.triton). */
export function toTritonStats(d: StatsSnapshot): TritonStats {
  return {
    inferenceCount: d.inferenceCount,
    executionCount: d.executionCount,
    success: toDurationStat(d.success),
    fail: toDurationStat(d.fail),
    queue: toDurationStat(d.queue),
    computeInput: toDurationStat(d.computeInput),
    computeInfer: toDurationStat(d.computeInfer),
    computeOutput: toDurationStat(d.computeOutput),
    batchStats: d.batches.map(
      (b): BatchStat => ({
        batchSize: b.batchSize,
        count: b.count,
        computeInputUs: nsToUs(b.computeInputNs),
        computeInferUs: nsToUs(b.computeInferNs),
        computeOutputUs: nsToUs(b.computeOutputNs),
      }),
    ),
  };
}
