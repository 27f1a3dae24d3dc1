// Recorder: folds completed requests and executions into running sums while the simulation runs,
// and turns them into a RunSummary (run-summary.ts). The measurement window either follows counts (warm-up requests,
// then measured requests, like a fixed-size perf_analyzer window), fixed times, or perf_analyzer's own
// protocol (windows: back-to-back windows from the start, reported over the first three that agree).
// A request is measured when its response leaves the server inside the window. Nothing is allocated
// per event.
import { GrowableF64 } from "./growable.js";
import { runSummary, type SummaryArgs } from "./run-summary.js";
import type { RunSummary } from "./summary.js";
import { DEFAULT_STABILITY_PCT, windowsAgree } from "./stability.js";
import { WindowProtocol, windowPercentile, type Reported, type WindowsMeasurement } from "./window-protocol.js";

export type { WindowsMeasurement } from "./window-protocol.js";

export type Measurement =
  | { readonly kind: "requests"; readonly warmupRequests: number; readonly requests: number }
  | { readonly kind: "duration"; readonly warmupUs: number; readonly durationUs: number }
  | WindowsMeasurement;

export class Recorder {
  /** -1 until the window opens / closes. */
  windowStartUs = -1;
  windowEndUs = -1;
  done = false;
  private successesBeforeWindow = 0;
  private readonly byCount: boolean;
  measured = 0;

  private samples = 0;
  private sumLatency = 0;
  private sumSend = 0;
  private sumRecv = 0;
  private sumQueue = 0;
  private sumInput = 0;
  private sumInfer = 0;
  private sumOutput = 0;
  private sumSuccess = 0;
  private failed = 0;
  private latencies: GrowableF64;
  private completionTimes: GrowableF64;

  private executions = 0;
  private batchCount: Float64Array;
  private batchInput: Float64Array;
  private batchInfer: Float64Array;
  private batchOutput: Float64Array;

  private busyAtStart: Float64Array;
  private busyAtEnd: Float64Array;
  private execsAtStart: Float64Array;
  private execsAtEnd: Float64Array;

  constructor(
    private readonly measurement: Measurement,
    maxBatch: number,
    instanceCount: number,
  ) {
    this.byCount = measurement.kind === "requests";
    // the measured count is known in count mode (plus the last execution's overshoot)
    const expected = measurement.kind === "requests" ? measurement.requests + 1024 : 1024;
    this.latencies = new GrowableF64(expected);
    this.completionTimes = new GrowableF64(expected);
    this.batchCount = new Float64Array(maxBatch + 1);
    this.batchInput = new Float64Array(maxBatch + 1);
    this.batchInfer = new Float64Array(maxBatch + 1);
    this.batchOutput = new Float64Array(maxBatch + 1);
    this.busyAtStart = new Float64Array(instanceCount);
    this.busyAtEnd = new Float64Array(instanceCount);
    this.execsAtStart = new Float64Array(instanceCount);
    this.execsAtEnd = new Float64Array(instanceCount);
    if (measurement.kind === "duration") {
      this.windowStartUs = measurement.warmupUs;
      this.windowEndUs = measurement.warmupUs + measurement.durationUs;
    }
    if (measurement.kind === "windows") {
      this.windows = new WindowProtocol(measurement);
      this.windowStartUs = 0;
      this.windowEndUs = this.windows.maxEndUs;
    }
  }

  /** perf_analyzer's windows (windows measurement only). */
  private readonly windows: WindowProtocol | null = null;

  /** True when an event at `timeUs` would fall inside the window (duration mode) or the window is open. */
  inWindow(timeUs: number): boolean {
    if (this.byCount) return this.windowStartUs >= 0 && !this.done;
    return timeUs >= this.windowStartUs && timeUs < this.windowEndUs;
  }

  /** A successful request: its response left the server at `endUs`. */
  success(
    endUs: number,
    samples: number,
    latencyUs: number,
    sendUs: number,
    recvUs: number,
    queueUs: number,
    inputUs: number,
    inferUs: number,
    outputUs: number,
    serverUs: number,
  ): void {
    if (this.windows !== null && this.windows.judges(endUs)) {
      const end = this.windows.advance(endUs, this.latencies.view(), this.completionTimes.view());
      if (end >= 0) this.windowEndUs = end;
    }
    if (!this.inWindow(endUs)) {
      if (this.windowStartUs < 0) this.successesBeforeWindow++;
      return;
    }
    if (this.windows !== null) {
      this.windows.sums.add(this.windows.windowOf(endUs), samples, latencyUs, sendUs, recvUs, queueUs, inputUs, inferUs, outputUs, serverUs);
    }
    this.measured++;
    this.samples += samples;
    this.sumLatency += latencyUs;
    this.sumSend += sendUs;
    this.sumRecv += recvUs;
    this.sumQueue += queueUs;
    this.sumInput += inputUs;
    this.sumInfer += inferUs;
    this.sumOutput += outputUs;
    this.sumSuccess += serverUs;
    this.latencies.push(latencyUs);
    this.completionTimes.push(endUs);
  }

  failure(endUs: number): void {
    if (this.inWindow(endUs)) this.failed++;
  }

  /** One execution of `batchSize` samples ended at `endUs`. */
  execution(endUs: number, batchSize: number, inputUs: number, inferUs: number, outputUs: number): void {
    if (!this.inWindow(endUs)) return;
    this.executions++;
    const b = batchSize < this.batchCount.length ? batchSize : this.batchCount.length - 1;
    this.batchCount[b]!++;
    this.batchInput[b]! += inputUs;
    this.batchInfer[b]! += inferUs;
    this.batchOutput[b]! += outputUs;
  }

  /** Called after every event in count mode: opens the window after the warm-up requests and closes it
   *  after the measured ones (the caller then takes instance snapshots). */
  checkCounts(nowUs: number): void {
    if (this.measurement.kind !== "requests") return;
    if (this.windowStartUs < 0) {
      if (this.successesBeforeWindow >= this.measurement.warmupRequests) this.windowStartUs = nowUs;
    } else if (!this.done && this.measured >= this.measurement.requests) {
      this.windowEndUs = nowUs;
      this.done = true;
    }
  }

  /** Snapshots of instance busy time and executions at the window's edges. */
  snapshotStart(busyUs: (i: number) => number, execs: (i: number) => number): void {
    this.snapshot(this.busyAtStart, this.execsAtStart, busyUs, execs);
  }

  snapshotEnd(busyUs: (i: number) => number, execs: (i: number) => number): void {
    this.done = true;
    this.snapshot(this.busyAtEnd, this.execsAtEnd, busyUs, execs);
  }

  private snapshot(
    busy: Float64Array,
    ex: Float64Array,
    busyUs: (i: number) => number,
    execs: (i: number) => number,
  ): void {
    for (let i = 0; i < busy.length; i++) {
      busy[i] = busyUs(i);
      ex[i] = execs(i);
    }
  }

  summarize(args: SummaryArgs): RunSummary {
    const span = this.windowEndUs - this.windowStartUs;
    // what the measurement reports: the whole window, or perf_analyzer's three windows
    const rep = this.windows === null ? this.wholeWindow(span) : this.windows.report(this.windowEndUs, this.latencies.view(), this.completionTimes.view());
    return runSummary(rep, {
      windowStartUs: this.windowStartUs,
      windowEndUs: this.windowEndUs,
      executions: this.executions,
      failed: this.failed,
      batchCount: this.batchCount,
      batchInput: this.batchInput,
      batchInfer: this.batchInfer,
      batchOutput: this.batchOutput,
      busyAtStart: this.busyAtStart,
      busyAtEnd: this.busyAtEnd,
      execsAtStart: this.execsAtStart,
      execsAtEnd: this.execsAtEnd,
      stable: this.windows === null ? this.isStable(args.extraPercentiles[0]) : this.windows.chosen >= 0,
    }, args);
  }

  private wholeWindow(spanUs: number): Reported {
    return {
      spanUs,
      requests: this.measured,
      samples: this.samples,
      latencies: Float64Array.from(this.latencies.view()),
      latency: this.sumLatency,
      send: this.sumSend,
      recv: this.sumRecv,
      queue: this.sumQueue,
      input: this.sumInput,
      infer: this.sumInfer,
      output: this.sumOutput,
      success: this.sumSuccess,
    };
  }

  /** perf_analyzer's rule on three equal sub-windows: throughput (requests) and latency (mean, or the
   *  chosen percentile) each agree within its default ±10 %. */
  private isStable(percentile: number | undefined): boolean {
    const span = this.windowEndUs - this.windowStartUs;
    const n = this.measured;
    if (n < 3 || span <= 0) return false;
    const times = this.completionTimes.view();
    const lat = this.latencies.view();
    const count = [0, 0, 0];
    const sum = [0, 0, 0];
    const third = span / 3;
    for (let i = 0; i < n; i++) {
      const w = Math.min(2, Math.max(0, Math.floor((times[i]! - this.windowStartUs) / third)));
      count[w]!++;
      sum[w]! += lat[i]!;
    }
    if (count.some((c) => c === 0)) return false;
    // the first sub-window takes everything before it, the last everything after (as counted above)
    const from = (w: number): number => (w === 0 ? Number.NEGATIVE_INFINITY : this.windowStartUs + w * third);
    const to = (w: number): number => (w === 2 ? Number.POSITIVE_INFINITY : this.windowStartUs + (w + 1) * third);
    const lats = [0, 1, 2].map((w) => (percentile === undefined ? sum[w]! / count[w]! : windowPercentile(lat, times, from(w), to(w), percentile)));
    return windowsAgree(count, lats, DEFAULT_STABILITY_PCT);
  }
}
