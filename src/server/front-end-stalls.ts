// Front-end stalls: moments when Triton's front end and core threads and the load generator stop while
// the instances' executions go on (phase PV3: both instances idle together for 5–15 ms while requests
// should have been arriving; the calibration logs show such waits between executions 0.4–2.2 times a
// second, and executions lengthened by them far more rarely). Stalls start at exponential intervals in
// wall time (each drawn from the end of the last) and last minDurationUs plus an exponential excess. During one, no request reaches the scheduler,
// no response reaches its client and no instance is handed its next payload: a span of such work d started
// at t ends at advance(t, d), which skips the stalls in between, and something due inside a stall happens
// when it ends (release). Intervals are drawn lazily, in order, from their own random stream into a
// growing typed array (a few per simulated second: no allocation per event), so every other draw is
// unchanged.
import type { FrontEndStalls as FrontEndStallParams } from "../compute/profile.js";
import type { RandomStream } from "../kernel/rng.js";

export class FrontEndStallProcess {
  private start = new Float64Array(64);
  private end = new Float64Array(64);
  private count = 0;
  /** Start of the next interval to draw. */
  private nextStartUs: number;
  private readonly meanGapUs: number;
  private readonly minUs: number;
  private readonly excessUs: number;

  constructor(
    params: FrontEndStallParams,
    private readonly rng: RandomStream,
  ) {
    this.meanGapUs = 1e6 / params.ratePerS;
    this.minUs = params.minDurationUs;
    this.excessUs = Math.max(0, params.meanDurationUs - params.minDurationUs);
    this.nextStartUs = rng.exponential(this.meanGapUs);
  }

  /** When something due at tUs happens: the end of the stall tUs falls in, else tUs. */
  release(tUs: number): number {
    return this.advance(tUs, 0);
  }

  /** When d µs of work started at tUs end, stalls skipped. */
  advance(tUs: number, dUs: number): number {
    let i = this.firstEndingAfter(tUs);
    let cur = tUs;
    let rem = dUs;
    for (;;) {
      this.ensure(i);
      const s = this.start[i]!;
      if (s <= cur) {
        cur = this.end[i]!; // inside this stall: wait for its end
      } else if (rem <= s - cur) {
        return cur + rem;
      } else {
        rem -= s - cur;
        cur = this.end[i]!;
      }
      i++;
    }
  }

  /** Time between aUs and bUs (aUs ≤ bUs) outside stalls. */
  active(aUs: number, bUs: number): number {
    let i = this.firstEndingAfter(aUs);
    let stalled = 0;
    for (;;) {
      this.ensure(i);
      const s = this.start[i]!;
      if (s >= bUs) break;
      const e = this.end[i]!;
      stalled += (e < bUs ? e : bUs) - (s > aUs ? s : aUs);
      i++;
    }
    return bUs - aUs - stalled;
  }

  /** Index of the first interval ending after tUs (drawing intervals as needed). */
  private firstEndingAfter(tUs: number): number {
    while (this.count === 0 || this.end[this.count - 1]! <= tUs) this.draw();
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.end[mid]! > tUs) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private ensure(i: number): void {
    while (i >= this.count) this.draw();
  }

  private draw(): void {
    if (this.count === this.start.length) {
      const s = new Float64Array(this.count * 2);
      const e = new Float64Array(this.count * 2);
      s.set(this.start);
      e.set(this.end);
      this.start = s;
      this.end = e;
    }
    const s = this.nextStartUs;
    const e = s + this.minUs + (this.excessUs > 0 ? this.rng.exponential(this.excessUs) : 0);
    this.start[this.count] = s;
    this.end[this.count] = e;
    this.count++;
    this.nextStartUs = e + this.rng.exponential(this.meanGapUs);
  }
}
