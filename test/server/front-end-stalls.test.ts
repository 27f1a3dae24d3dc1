// Front-end stalls: found in an execution log as waits between executions far longer than usual, and
// simulated as intervals during which no request reaches the scheduler, no response its client and no
// instance its next payload, while executions run on.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitFrontEndStalls } from "../../src/calibrate/front-end-stalls.js";
import type { ExecutionLog } from "../../src/calibrate/slow-stretches.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { RandomStream } from "../../src/kernel/rng.js";
import { FrontEndStallProcess } from "../../src/server/front-end-stalls.js";
import { readModelConfigPbtxt } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";

const params = { ratePerS: 40, minDurationUs: 3000, meanDurationUs: 5000 };

describe("the stall process", () => {
  it("work started at t ends no earlier than t + d, and exactly d of it lies outside stalls", () => {
    const p = new FrontEndStallProcess(params, new RandomStream("s", "stalls"));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5e6, noNaN: true }), fc.double({ min: 0, max: 50_000, noNaN: true }), (t, d) => {
        const end = p.advance(t, d);
        expect(end).toBeGreaterThanOrEqual(t + d - 1e-6);
        expect(p.active(t, end)).toBeCloseTo(d, 3);
      }),
      { numRuns: 300 },
    );
  });

  it("something due inside a stall happens at its end, and releasing twice changes nothing", () => {
    const p = new FrontEndStallProcess(params, new RandomStream("s", "stalls"));
    let inside = 0;
    for (let t = 0; t < 2e6; t += 137) {
      const r = p.release(t);
      expect(r).toBeGreaterThanOrEqual(t);
      expect(p.release(r)).toBe(r);
      if (r > t) inside++;
    }
    // about rate × mean of the time is stalled: 40/s × 5 ms = 20 %
    expect(inside / (2e6 / 137)).toBeGreaterThan(0.15);
    expect(inside / (2e6 / 137)).toBeLessThan(0.25);
  });

  it("is deterministic for a seed", () => {
    const a = new FrontEndStallProcess(params, new RandomStream("s", "stalls"));
    const b = new FrontEndStallProcess(params, new RandomStream("s", "stalls"));
    for (let t = 0; t < 1e6; t += 9973) expect(b.advance(t, 777)).toBe(a.advance(t, 777));
  });
});

/** Back-to-back executions of 1000 µs, 400 µs apart, with `extra(i)` µs added to the wait after execution i. */
function log(n: number, extra: (i: number) => number): ExecutionLog {
  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n).fill(1000);
  let t = 0;
  for (let i = 0; i < n; i++) {
    startUs[i] = t;
    t += 1000 + 400 + extra(i);
  }
  return { startUs, durationUs, samples: new Int32Array(n).fill(1) };
}

describe("finding stalls in an execution log", () => {
  it("recovers waits of 6 ms every 500 executions, counted over the logged time", () => {
    const l = log(20_000, (i) => (i % 500 === 250 ? 6000 : 0));
    const fit = fitFrontEndStalls([l], "synthetic")!;
    expect(fit.count).toBe(40);
    const loggedS = (l.startUs[l.startUs.length - 1]! + 1000) / 1e6;
    expect(fit.stalls.ratePerS).toBeCloseTo(40 / loggedS, 6);
    expect(fit.stalls.meanDurationUs).toBeCloseTo(6000, 6);
  });

  it("waits within 3 ms of the usual one are not stalls; without any the fit is null", () => {
    expect(fitFrontEndStalls([log(5000, (i) => (i % 100 === 0 ? 2500 : 0))], "synthetic")).toBeNull();
  });

  it("a gap of a second or more separates runs and is neither a stall nor logged time", () => {
    const l = log(2000, (i) => (i === 999 ? 5e6 : i % 250 === 100 ? 6000 : 0));
    const fit = fitFrontEndStalls([l], "synthetic")!;
    expect(fit.count).toBe(8);
    expect(fit.loggedUs).toBeCloseTo(l.startUs[1999]! + 1000 - 5e6 - 400, 0);
  });
});

describe("simulated front-end stalls", () => {
  const config = readModelConfigPbtxt('name: "m"\nmax_batch_size: 8\ninstance_group [{ count: 1 kind: KIND_GPU }]', "m");
  const base: Profile = parseComputeMs("1=1,8=3");
  const stalled: Profile = { ...base, frontEndStalls: { ratePerS: 20, minDurationUs: 3000, meanDurationUs: 5000 } };
  const run = (profile: Profile, seed = "1") =>
    simulate({
      config,
      profile,
      workload: { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed,
      measurement: { kind: "requests", warmupRequests: 1000, requests: 30_000 },
    });

  it("lengthen the tail, not the median, and leave the executions alone", () => {
    const a = run(base);
    const b = run(stalled);
    expect(b.latencyUs.p50).toBeCloseTo(a.latencyUs.p50, 0);
    expect(b.latencyUs.p99).toBeGreaterThan(a.latencyUs.p99 + 2000);
    expect(b.breakdownUs.computeInfer).toBeCloseTo(a.breakdownUs.computeInfer, 6);
  });

  it("an open-loop send due during a stall is timed from the stall's end", () => {
    // stalls of 20 ms, 10 a second: a fifth of the sends fall due inside one. Timed from when they fell
    // due they would wait 10 ms on average, adding 2 ms to the mean; timed from the stall's end (they
    // leave together then, perf_analyzer measuring from the actual send) they only queue behind each other
    const long: Profile = { ...base, frontEndStalls: { ratePerS: 10, minDurationUs: 20_000, meanDurationUs: 20_000 } };
    const open = (profile: Profile) =>
      simulate({
        config,
        profile,
        workload: { kind: "rate", requestsPerS: 300, distribution: "constant", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
        seed: "1",
        measurement: { kind: "requests", warmupRequests: 500, requests: 20_000 },
      });
    const a = open(base);
    const b = open(long);
    expect(b.latencyUs.p50).toBeLessThan(a.latencyUs.p50 + 200);
    expect(b.latencyUs.mean).toBeLessThan(a.latencyUs.mean + 1000);
    expect(b.latencyUs.max).toBeGreaterThan(20_000); // those in flight when a stall began waited it out
  });

  it("change nothing else, and are deterministic", () => {
    expect(JSON.stringify(run(stalled, "7"))).toBe(JSON.stringify(run(stalled, "7")));
  });
});
