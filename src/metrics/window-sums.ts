// WindowSums: per-window running sums for perf_analyzer's measurement protocol (the recorder's windows
// measurement): requests, samples and each latency component of the requests whose response left the
// server in each back-to-back window, and the stability test over consecutive windows. Fixed arrays, one
// slot per window; nothing is allocated per request.
import { percentileIndex } from "./percentile.js";
import { selectMany } from "./select.js";

/** The sums kept per window, one slot each. */
export const WindowField = { Latency: 0, Send: 1, Recv: 2, Queue: 3, Input: 4, Infer: 5, Output: 6, Success: 7, Samples: 8 } as const;
export type WindowField = (typeof WindowField)[keyof typeof WindowField];
const FIELDS = 9;

export class WindowSums {
  readonly count: Float64Array;
  private readonly sums: Float64Array;

  constructor(readonly windows: number) {
    this.count = new Float64Array(windows);
    this.sums = new Float64Array(windows * FIELDS);
  }

  add(w: number, samples: number, latency: number, send: number, recv: number, queue: number, input: number, infer: number, output: number, success: number): void {
    if (w < 0 || w >= this.windows) return;
    this.count[w]!++;
    const o = w * FIELDS;
    const s = this.sums;
    s[o + WindowField.Latency]! += latency;
    s[o + WindowField.Send]! += send;
    s[o + WindowField.Recv]! += recv;
    s[o + WindowField.Queue]! += queue;
    s[o + WindowField.Input]! += input;
    s[o + WindowField.Infer]! += infer;
    s[o + WindowField.Output]! += output;
    s[o + WindowField.Success]! += success;
    s[o + WindowField.Samples]! += samples;
  }

  /** Sum of one field over windows first .. first + k − 1. */
  total(field: WindowField, first: number, k: number): number {
    let t = 0;
    for (let w = first; w < first + k; w++) t += this.sums[w * FIELDS + field]!;
    return t;
  }

  requests(first: number, k: number): number {
    let t = 0;
    for (let w = first; w < first + k; w++) t += this.count[w]!;
    return t;
  }

  /** perf_analyzer's test on windows first .. first + k − 1: throughput (samples per window) and latency
   *  (the mean, or the `percentile` value of the window's latencies, found by completion time in
   *  `timesUs`) each within max / min ≤ 1 + stabilityPct / 100. A window without requests never agrees. */
  agree(first: number, k: number, stabilityPct: number, percentile: number | undefined, latenciesUs: Float64Array, timesUs: Float64Array, windowUs: number): boolean {
    const limit = 1 + stabilityPct / 100;
    let tMin = Number.POSITIVE_INFINITY;
    let tMax = 0;
    let lMin = Number.POSITIVE_INFINITY;
    let lMax = 0;
    for (let w = first; w < first + k; w++) {
      const n = this.count[w]!;
      if (n === 0) return false;
      const thr = this.sums[w * FIELDS + WindowField.Samples]!;
      const lat = percentile === undefined ? this.sums[w * FIELDS + WindowField.Latency]! / n : windowPercentile(latenciesUs, timesUs, w * windowUs, (w + 1) * windowUs, percentile);
      tMin = Math.min(tMin, thr);
      tMax = Math.max(tMax, thr);
      lMin = Math.min(lMin, lat);
      lMax = Math.max(lMax, lat);
    }
    return tMin > 0 && lMin > 0 && tMax / tMin <= limit && lMax / lMin <= limit;
  }
}

/** The latencies of requests completed in [fromUs, toUs). */
export function latenciesBetween(latenciesUs: Float64Array, timesUs: Float64Array, fromUs: number, toUs: number): Float64Array {
  let n = 0;
  for (let i = 0; i < timesUs.length; i++) if (timesUs[i]! >= fromUs && timesUs[i]! < toUs) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < timesUs.length; i++) if (timesUs[i]! >= fromUs && timesUs[i]! < toUs) out[k++] = latenciesUs[i]!;
  return out;
}

function windowPercentile(latenciesUs: Float64Array, timesUs: Float64Array, fromUs: number, toUs: number, p: number): number {
  const sel = latenciesBetween(latenciesUs, timesUs, fromUs, toUs);
  return sel.length === 0 ? 0 : selectMany(sel, [percentileIndex(p, sel.length)])[0]!;
}
