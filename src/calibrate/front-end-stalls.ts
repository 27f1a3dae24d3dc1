// Front-end stalls from calibration execution logs (the same logs as slow stretches and jitter). Between
// two consecutive executions an instance waits a usual time that grows with the size of the execution
// that ended (output, turnaround, the next input, the clients' round trip: 0.1–3 ms); a wait longer than
// the median wait after executions of that size by more than `minDurationUs` (default 3 ms) is a stall,
// its length that excess. The rate counts them over the logged time (executions and waits: a stall of
// the front end while an execution runs delays nothing the log can see, and the model lets executions
// run through stalls). Gaps longer than `splitUs` (default 1 s) separate runs and count as neither
// (segmentStarts, as for slow stretches).
import { median } from "simple-statistics";
import type { FrontEndStalls } from "../compute/profile.js";
import { loggedSpanUs, segmentStarts, type ExecutionLog } from "./slow-stretches.js";

export interface FrontEndStallFit {
  readonly stalls: FrontEndStalls;
  /** Stalls found, and the logged time (µs) they were counted over. */
  readonly count: number;
  readonly loggedUs: number;
}

/** The waits inside each run of a log split at `segStart` (segmentStarts), each with the size of the
 *  execution that ended before it, and the usual (median) wait after an execution of each size. */
export function waitsBySize(
  log: ExecutionLog,
  segStart: readonly number[],
): { readonly gaps: readonly { readonly size: number; readonly us: number }[]; readonly usual: ReadonlyMap<number, number> } {
  const bySize = new Map<number, number[]>();
  const gaps: { size: number; us: number }[] = [];
  for (let g = 0; g + 1 < segStart.length; g++) {
    for (let i = segStart[g]!; i + 1 < segStart[g + 1]!; i++) {
      const us = log.startUs[i + 1]! - (log.startUs[i]! + log.durationUs[i]!);
      if (us < 0) continue; // overlapping records: no wait to measure
      const size = log.samples[i]!;
      gaps.push({ size, us });
      const list = bySize.get(size);
      if (list === undefined) bySize.set(size, [us]);
      else list.push(us);
    }
  }
  return { gaps, usual: new Map([...bySize.entries()].map(([size, us]) => [size, median(us)])) };
}

export function fitFrontEndStalls(
  logs: readonly ExecutionLog[],
  measuredFrom: string,
  opts: { readonly minDurationUs?: number; readonly splitUs?: number } = {},
): FrontEndStallFit | null {
  const minUs = opts.minDurationUs ?? 3000;
  const splitUs = opts.splitUs ?? 1e6;
  const excess: number[] = [];
  let loggedUs = 0;
  for (const log of logs) {
    const segStart = segmentStarts(log, splitUs);
    loggedUs += loggedSpanUs(log, segStart);
    const { gaps, usual } = waitsBySize(log, segStart);
    for (const g of gaps) {
      const e = g.us - usual.get(g.size)!;
      if (e > minUs) excess.push(e);
    }
  }
  if (excess.length === 0 || loggedUs <= 0) return null;
  const meanUs = excess.reduce((a, e) => a + e, 0) / excess.length;
  return {
    stalls: { ratePerS: (1e6 * excess.length) / loggedUs, minDurationUs: minUs, meanDurationUs: meanUs, measuredFrom },
    count: excess.length,
    loggedUs,
  };
}
