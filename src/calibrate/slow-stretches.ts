// Slow stretches from an execution log: the executions one instance ran (triton_model.py's log, cut to
// one concurrency-1 run). Each execution's duration is divided by the median of its batch size; a
// running median of that ratio over 2k+1 neighbouring executions marks the slow ones (above the
// threshold), so single slow executions (the ordinary spread) do not count and only sustained stretches
// do. A stretch runs from its first slow execution's start to its last one's end. Reported: the share of
// the logged time in stretches, their mean length, and how much longer executions in them take than
// the others (mean ratio in stretches over mean ratio outside). A log may hold several runs: idle gaps
// longer than `gapUs` (default 1 s) split it into segments, each scanned on its own, and only the
// segments' own spans count as logged time.
import { median } from "simple-statistics";
import type { ExecutionJitter, SlowStretches } from "../compute/profile.js";

/** One execution log: little-endian records of int64 start ns, int64 end ns, int32 samples, int32 requests. */
export const EXEC_RECORD_BYTES = 24;

export interface ExecutionLog {
  readonly startUs: Float64Array;
  readonly durationUs: Float64Array;
  readonly samples: Int32Array;
}

/** The log of these records (start ns, end ns, samples, requests; integers), in order: parseExecLog's input, as
 *  triton_model.py writes it (the model's executions written as a stub's log, and tests of the scripts that read one). */
export function execLogBytes(records: readonly (readonly [startNs: number, endNs: number, samples: number, requests: number])[]): Uint8Array {
  const bytes = new Uint8Array(EXEC_RECORD_BYTES * records.length);
  const view = new DataView(bytes.buffer);
  records.forEach(([startNs, endNs, samples, requests], i) => {
    const o = i * EXEC_RECORD_BYTES;
    view.setBigInt64(o, BigInt(startNs), true);
    view.setBigInt64(o + 8, BigInt(endNs), true);
    view.setInt32(o + 16, samples, true);
    view.setInt32(o + 20, requests, true);
  });
  return bytes;
}

export function parseExecLog(bytes: Uint8Array, where: string): ExecutionLog {
  if (bytes.length % EXEC_RECORD_BYTES !== 0) {
    throw new Error(`${where}: ${bytes.length} bytes is not a whole number of ${EXEC_RECORD_BYTES}-byte execution records`);
  }
  const n = bytes.length / EXEC_RECORD_BYTES;
  if (n === 0) throw new Error(`${where}: no executions`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n);
  const samples = new Int32Array(n);
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const o = i * EXEC_RECORD_BYTES;
    const s = Number(view.getBigInt64(o, true));
    const e = Number(view.getBigInt64(o + 8, true));
    const b = view.getInt32(o + 16, true);
    if (!(e >= s) || b < 1 || s < prev) throw new Error(`${where}: execution ${i} is malformed (start ${s}, end ${e}, samples ${b})`);
    prev = s;
    startUs[i] = s / 1000;
    durationUs[i] = (e - s) / 1000;
    samples[i] = b;
  }
  return { startUs, durationUs, samples };
}

export interface StretchOptions {
  /** Neighbours on each side in the running median (default 7). */
  readonly halfWindow?: number;
  /** Running-median ratio above which an execution is in a stretch (default 1.25). */
  readonly threshold?: number;
  /** An idle gap longer than this (µs) between executions splits a log into segments (default 1 s). */
  readonly gapUs?: number;
}

export interface StretchFit {
  readonly stretches: SlowStretches;
  /** Stretches found, executions in them, executions logged, logged span in µs. */
  readonly count: number;
  readonly slowExecutions: number;
  readonly executions: number;
  readonly spanUs: number;
}

interface Scan {
  readonly ratio: number[];
  readonly slow: boolean[];
  /** Segment starts, then n. */
  readonly segStart: number[];
  readonly medianOf: ReadonlyMap<number, number>;
  /** Executions of each batch size. */
  readonly countOf: ReadonlyMap<number, number>;
}

/** Where a log's runs start: index 0, each execution that follows an idle gap longer than `gapUs`, then
 *  n. Only the runs' own spans count as logged time. */
export function segmentStarts(log: ExecutionLog, gapUs: number): number[] {
  const n = log.durationUs.length;
  const segStart = [0];
  for (let i = 1; i < n; i++) if (log.startUs[i]! - (log.startUs[i - 1]! + log.durationUs[i - 1]!) > gapUs) segStart.push(i);
  segStart.push(n);
  return segStart;
}

/** The log's last run: its executions after its last idle gap longer than `gapUs` (the whole log when there is
 *  none). A calibration-only model's log holds the composition run and then, after a pause, the tool run. */
export function lastRun(log: ExecutionLog, gapUs: number): ExecutionLog {
  const segStart = segmentStarts(log, gapUs);
  const from = segStart[segStart.length - 2]!;
  return { startUs: log.startUs.slice(from), durationUs: log.durationUs.slice(from), samples: log.samples.slice(from) };
}

/** The logged time of a log split at `segStart` (segmentStarts): its runs' spans, summed. */
export function loggedSpanUs(log: ExecutionLog, segStart: readonly number[]): number {
  let spanUs = 0;
  for (let g = 0; g + 1 < segStart.length; g++) {
    const a = segStart[g]!;
    const b = segStart[g + 1]!;
    spanUs += log.startUs[b - 1]! + log.durationUs[b - 1]! - log.startUs[a]!;
  }
  return spanUs;
}

/** Each batch size's median duration over a log, and how many executions of that size it holds. */
export function durationsBySize(log: ExecutionLog): { readonly medianOf: ReadonlyMap<number, number>; readonly countOf: ReadonlyMap<number, number> } {
  const bySize = new Map<number, number[]>();
  for (let i = 0; i < log.durationUs.length; i++) {
    const b = log.samples[i]!;
    const ds = bySize.get(b);
    if (ds === undefined) bySize.set(b, [log.durationUs[i]!]);
    else ds.push(log.durationUs[i]!);
  }
  return { medianOf: new Map([...bySize].map(([b, ds]) => [b, median(ds)])), countOf: new Map([...bySize].map(([b, ds]) => [b, ds.length])) };
}

/** One log: each execution's duration over its batch size's median, and whether the running median
 *  of that ratio (within its segment) marks it as inside a slow stretch. */
function scan(log: ExecutionLog, opts: StretchOptions): Scan {
  const k = opts.halfWindow ?? 7;
  const threshold = opts.threshold ?? 1.25;
  const gapUs = opts.gapUs ?? 1e6;
  const n = log.durationUs.length;
  const { medianOf, countOf } = durationsBySize(log);
  const ratio = Array.from(log.durationUs, (d, i) => d / medianOf.get(log.samples[i]!)!);
  const segStart = segmentStarts(log, gapUs);
  const slow: boolean[] = new Array<boolean>(n);
  for (let g = 0; g + 1 < segStart.length; g++) {
    const a = segStart[g]!;
    const b = segStart[g + 1]!;
    for (let i = a; i < b; i++) slow[i] = median(ratio.slice(Math.max(a, i - k), Math.min(b, i + k + 1))) > threshold;
  }
  return { ratio, slow, segStart, medianOf, countOf };
}

/** Stretches over one or more logs (pooled: time shares and lengths summed over all). */
export function fitSlowStretches(logs: readonly ExecutionLog[], measuredFrom: string, opts: StretchOptions = {}): StretchFit {
  let stretchUs = 0;
  let count = 0;
  let spanUs = 0;
  let executions = 0;
  let slowN = 0;
  let slowRatio = 0;
  let normalN = 0;
  let normalRatio = 0;
  for (const log of logs) {
    const n = log.durationUs.length;
    executions += n;
    const { ratio, slow, segStart } = scan(log, opts);
    spanUs += loggedSpanUs(log, segStart);
    const segEnd = new Set(segStart.slice(1).map((x) => x - 1));
    for (let i = 0; i < n; ) {
      if (!slow[i]) {
        normalN++;
        normalRatio += ratio[i]!;
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < n && slow[j + 1] && !segEnd.has(j)) j++;
      count++;
      stretchUs += log.startUs[j]! + log.durationUs[j]! - log.startUs[i]!;
      for (let x = i; x <= j; x++) slowRatio += ratio[x]!;
      slowN += j - i + 1;
      i = j + 1;
    }
  }
  const factor = slowN > 0 && normalN > 0 ? slowRatio / slowN / (normalRatio / normalN) : 1;
  return {
    stretches: {
      timeFraction: spanUs > 0 ? Math.min(0.99, stretchUs / spanUs) : 0,
      meanDurationUs: count > 0 ? stretchUs / count : 1,
      factor: Math.max(1, factor),
      measuredFrom,
    },
    count,
    slowExecutions: slowN,
    executions,
    spanUs,
  };
}

/** Probabilities at which the jitter's quantiles are kept (the ends: the 0.05 % and 99.95 % points). */
export const JITTER_PROBABILITIES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1] as const;

/** The ordinary scatter of execution times outside slow stretches, as an additive jitter (µs from each
 *  batch size's median), pooled over batch sizes executed at least `minPerSize` times (default 100). */
export function fitExecutionJitter(logs: readonly ExecutionLog[], measuredFrom: string, opts: StretchOptions & { readonly minPerSize?: number } = {}): ExecutionJitter {
  const minPerSize = opts.minPerSize ?? 100;
  const dev: number[] = [];
  for (const log of logs) {
    const { slow, medianOf, countOf } = scan(log, opts);
    for (let i = 0; i < log.durationUs.length; i++) {
      const b = log.samples[i]!;
      if (!slow[i] && countOf.get(b)! >= minPerSize) dev.push(log.durationUs[i]! - medianOf.get(b)!);
    }
  }
  if (dev.length < 1000) throw new Error(`${measuredFrom}: the execution jitter needs at least 1000 executions of batch sizes run ${minPerSize} times or more, got ${dev.length}`);
  dev.sort((a, b) => a - b);
  const q = (p: number): number => dev[Math.min(dev.length - 1, Math.max(0, Math.floor(p * dev.length)))]!;
  return {
    probabilities: [...JITTER_PROBABILITIES],
    us: JITTER_PROBABILITIES.map((p) => Math.round(10 * q(p === 0 ? 0.0005 : p === 1 ? 0.9995 : p)) / 10),
    measuredFrom,
  };
}
