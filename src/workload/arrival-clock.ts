// The open-loop send schedule: when the next request of a rate or trace workload leaves its client.
// Rate: gaps constant, exponential (poisson) or gamma with the workload's cv, from the "arrivals" stream.
// Trace: the trace's own times, repeated back to back when it loops (the gap between repeats is the
// trace's wrapGapUs, else its mean gap). Closed-loop workloads have no clock (nextAtUs stays Infinity).
import type { RandomStream } from "../kernel/rng.js";
import type { Workload } from "./workload.js";

export class ArrivalClock {
  /** When the next open-loop send happens (Infinity = none). */
  nextAtUs = Number.POSITIVE_INFINITY;
  /** Trace workloads: the index of the entry sent at nextAtUs. */
  index = 0;
  private traceOffsetUs = 0;
  private readonly meanGapUs: number;
  private readonly gammaShape: number;

  constructor(
    private readonly workload: Workload,
    private readonly rng: RandomStream,
  ) {
    this.meanGapUs = workload.kind === "rate" ? 1e6 / workload.requestsPerS : 0;
    this.gammaShape = workload.kind === "rate" && workload.cv > 0 ? 1 / (workload.cv * workload.cv) : 1;
  }

  /** Arm the clock at time 0 (nothing to do for closed loop or an empty trace). */
  start(): void {
    const w = this.workload;
    if (w.kind === "rate" || (w.kind === "trace" && w.timesUs.length > 0)) this.nextAtUs = 0;
  }

  /** The send at nextAtUs (= nowUs) happened: schedule the one after it. */
  advance(nowUs: number): void {
    const w = this.workload;
    if (w.kind === "rate") {
      this.nextAtUs = nowUs + this.gapUs();
    } else if (w.kind === "trace") {
      const n = w.timesUs.length;
      let next = this.index + 1;
      if (next >= n) {
        if (!w.loop) {
          this.nextAtUs = Number.POSITIVE_INFINITY;
          return;
        }
        const span = w.timesUs[n - 1]! - w.timesUs[0]!;
        this.traceOffsetUs += span + (w.wrapGapUs ?? (n > 1 ? span / (n - 1) : 1000));
        next = 0;
      }
      this.index = next;
      this.nextAtUs = this.traceOffsetUs + w.timesUs[next]! - w.timesUs[0]!;
    }
  }

  private gapUs(): number {
    const w = this.workload;
    if (w.kind !== "rate") return 0;
    switch (w.distribution) {
      case "constant":
        return this.meanGapUs;
      case "poisson":
        return this.rng.exponential(this.meanGapUs);
      case "gamma":
        return this.rng.gamma(this.gammaShape, this.meanGapUs / this.gammaShape);
    }
  }
}
