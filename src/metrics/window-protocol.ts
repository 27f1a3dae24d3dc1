// perf_analyzer's measurement protocol for the recorder's windows measurement: back-to-back windows from
// the start of the load, judged as each closes; the run ends with the first three consecutive windows
// whose throughput and latency agree within ±stability %, and reports them merged (after maxTrials
// windows without agreement, the last three, unstable). WindowSums keeps per-window running sums in fixed
// arrays (requests, samples and each latency component of the requests whose response left the server
// in each window), so nothing is allocated per request.
import { percentileIndex } from "./percentile.js";
import { selectMany } from "./select.js";
import { withinStability } from "./stability.js";

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
    return withinStability(tMin, tMax, stabilityPct) && withinStability(lMin, lMax, stabilityPct);
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

/** The `p` percentile of the latencies of requests completed in [fromUs, toUs) (0 when none). */
export function windowPercentile(latenciesUs: Float64Array, timesUs: Float64Array, fromUs: number, toUs: number, p: number): number {
  const sel = latenciesBetween(latenciesUs, timesUs, fromUs, toUs);
  return sel.length === 0 ? 0 : selectMany(sel, [percentileIndex(p, sel.length)])[0]!;
}

/** perf_analyzer's (and servesim loadgen's) measurement: windows of `windowUs` back to back from the
 *  start of the load; it stops at the first three consecutive windows whose throughput and latency (the
 *  mean, or the `percentile` value) agree within ±stabilityPct (max / min ≤ 1 + stabilityPct / 100),
 *  and reports them merged; after `maxTrials` windows without agreement, the last three (unstable). */
export interface WindowsMeasurement {
  readonly kind: "windows";
  readonly windowUs: number;
  readonly stabilityPct: number;
  readonly maxTrials: number;
  readonly percentile?: number | undefined;
}

/** The requests a summary reports on: how long they span, their count, samples, latencies and sums. */
export interface Reported {
  readonly spanUs: number;
  readonly requests: number;
  readonly samples: number;
  readonly latencies: Float64Array;
  readonly latency: number;
  readonly send: number;
  readonly recv: number;
  readonly queue: number;
  readonly input: number;
  readonly infer: number;
  readonly output: number;
  readonly success: number;
}

/** The protocol's state over one run: the sums, which windows were judged, which three were chosen. */
export class WindowProtocol {
  readonly sums: WindowSums;
  /** Windows whose stability has been judged (every window before this one is closed). */
  private judged = 0;
  /** First window of the reported three, -1 until chosen. */
  chosen = -1;

  constructor(readonly m: WindowsMeasurement) {
    if (!(m.windowUs > 0) || !(m.maxTrials >= 3) || !(m.stabilityPct > 0)) {
      throw new RangeError(`windows measurement needs windowUs > 0, maxTrials >= 3 and stabilityPct > 0`);
    }
    this.sums = new WindowSums(m.maxTrials);
  }

  /** The end of the longest run the protocol allows. */
  get maxEndUs(): number {
    return this.m.maxTrials * this.m.windowUs;
  }

  windowOf(endUs: number): number {
    return Math.floor(endUs / this.m.windowUs);
  }

  /** Would a completion at `endUs` close a window not judged yet (while no three have agreed)? Only then
   *  does `advance` need the latencies, so the recorder makes their views only then, not per request. */
  judges(endUs: number): boolean {
    return this.chosen < 0 && this.judged < this.windowOf(endUs);
  }

  /** A completion at `endUs`: every window before its own is closed; judge those not judged yet. Returns
   *  the end of the three that agreed once they are found (the run ends there), else -1. */
  advance(endUs: number, latenciesUs: Float64Array, timesUs: Float64Array): number {
    const m = this.m;
    while (this.judges(endUs)) {
      this.judged++;
      const last = this.judged - 1; // just closed
      if (last >= 2 && this.sums.agree(last - 2, 3, m.stabilityPct, m.percentile, latenciesUs, timesUs, m.windowUs)) {
        this.chosen = last - 2;
        return (last + 1) * m.windowUs;
      }
    }
    return -1;
  }

  /** What the protocol reports: the three windows that agreed, else the last three the run reached
   *  (ending by `endUs`). */
  report(endUs: number, latenciesUs: Float64Array, timesUs: Float64Array): Reported {
    const ws = this.sums;
    const W = this.m.windowUs;
    let first = this.chosen;
    if (first < 0) {
      let last = Math.min(ws.windows, Math.ceil(endUs / W)) - 1;
      while (last > 0 && ws.count[last] === 0) last--;
      first = Math.max(0, last - 2);
    }
    const k = Math.min(3, ws.windows - first);
    const f = (field: WindowField): number => ws.total(field, first, k);
    return {
      spanUs: k * W,
      requests: ws.requests(first, k),
      samples: f(WindowField.Samples),
      latencies: latenciesBetween(latenciesUs, timesUs, first * W, (first + k) * W),
      latency: f(WindowField.Latency),
      send: f(WindowField.Send),
      recv: f(WindowField.Recv),
      queue: f(WindowField.Queue),
      input: f(WindowField.Input),
      infer: f(WindowField.Infer),
      output: f(WindowField.Output),
      success: f(WindowField.Success),
    };
  }
}
