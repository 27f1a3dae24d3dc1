// The open-loop send schedule: rates give gaps with the asked mean (and cv for gamma); a looping trace
// repeats its times back to back, one mean gap apart; closed loop has no clock.
import { describe, expect, it } from "vitest";
import { RandomStream } from "../../src/kernel/rng.js";
import { ArrivalClock } from "../../src/workload/arrival-clock.js";
import type { Workload } from "../../src/workload/workload.js";

const gaps = (w: Workload, n: number): number[] => {
  const c = new ArrivalClock(w, new RandomStream("clock", "arrivals"));
  c.start();
  const out: number[] = [];
  for (let i = 0; i < n && c.nextAtUs !== Number.POSITIVE_INFINITY; i++) {
    const t = c.nextAtUs;
    c.advance(t);
    if (c.nextAtUs !== Number.POSITIVE_INFINITY) out.push(c.nextAtUs - t);
  }
  return out;
};
const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const cv = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2))) / mean(xs);
const rate = (distribution: "constant" | "poisson" | "gamma", c = 1): Workload => ({
  kind: "rate",
  requestsPerS: 2000,
  distribution,
  cv: c,
  batchSize: 1,
  priority: 0,
  timeoutUs: 0,
});

describe("arrival clock", () => {
  it("constant, poisson and gamma gaps have mean 1/rate and the cv asked for", () => {
    expect(gaps(rate("constant"), 100).every((g) => g === 500)).toBe(true);
    const p = gaps(rate("poisson"), 20000);
    expect(mean(p)).toBeCloseTo(500, -1);
    expect(cv(p)).toBeCloseTo(1, 1);
    const g = gaps(rate("gamma", 2), 40000);
    expect(Math.abs(mean(g) / 500 - 1)).toBeLessThan(0.05);
    expect(Math.abs(cv(g) - 2)).toBeLessThan(0.15);
  });

  it("a looping trace repeats its times one mean gap after its last send; a finite one stops", () => {
    const trace = (loop: boolean): Workload => ({
      kind: "trace",
      timesUs: Float64Array.from([100, 200, 400]),
      batchSizes: Int32Array.from([1, 1, 1]),
      priorities: Int32Array.from([0, 0, 0]),
      timeoutsUs: Float64Array.from([0, 0, 0]),
      loop,
    });
    expect(gaps(trace(true), 7)).toEqual([100, 200, 150, 100, 200, 150, 100]);
    expect(gaps(trace(false), 10)).toEqual([100, 200]);
  });

  it("closed loop has no clock", () => {
    const c = new ArrivalClock({ kind: "concurrency", concurrency: 4, batchSize: 1, priority: 0, timeoutUs: 0 }, new RandomStream("c", "a"));
    c.start();
    expect(c.nextAtUs).toBe(Number.POSITIVE_INFINITY);
  });
});
