// Slow stretches: found from an execution log (sustained runs of slow executions, not single slow ones),
// and simulated per instance without changing the long-run mean execution time.
import { describe, expect, it } from "vitest";
import { execLogBytes as srcExecLogBytes, fitSlowStretches, parseExecLog, type ExecutionLog } from "../../src/calibrate/slow-stretches.js";
import { execLogBytes } from "./exec-log-bytes.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { RandomStream } from "../../src/kernel/rng.js";
import { readModelConfigPbtxt } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { SlowStretchProcess } from "../../src/server/slow-stretches.js";

/** n executions of 1000 µs (±4 %, deterministic) separated by 400 µs; `slow(i)` multiplies execution i. */
function log(n: number, slow: (i: number) => number): ExecutionLog {
  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    startUs[i] = t;
    durationUs[i] = 1000 * (1 + 0.04 * Math.sin(i * 1.7)) * slow(i);
    t += durationUs[i]! + 400;
  }
  return { startUs, durationUs, samples: new Int32Array(n).fill(1) };
}

const bytes = execLogBytes;

describe("finding slow stretches in an execution log", () => {
  it("recovers stretches of 40 executions at 1.6× every 1000 executions", () => {
    const l = log(20_000, (i) => (i % 1000 >= 500 && i % 1000 < 540 ? 1.6 : 1));
    const fit = fitSlowStretches([parseExecLog(bytes(l), "synthetic")], "synthetic");
    expect(fit.count).toBe(20);
    expect(fit.stretches.factor).toBeCloseTo(1.6, 1);
    // each stretch: 40 executions of ~1600 µs and 39 gaps of 400 µs
    expect(fit.stretches.meanDurationUs).toBeGreaterThan(0.95 * (40 * 1600 + 39 * 400));
    expect(fit.stretches.meanDurationUs).toBeLessThan(1.05 * (40 * 1600 + 39 * 400));
    const expected = (20 * (40 * 1600 + 39 * 400)) / (l.startUs[19_999]! + l.durationUs[19_999]!);
    expect(fit.stretches.timeFraction).toBeCloseTo(expected, 2);
  });

  it("a log holding several runs: the idle time between them is not logged time", () => {
    const one = log(10_000, (i) => (i % 1000 >= 500 && i % 1000 < 540 ? 1.6 : 1));
    const shift = one.startUs[9_999]! + one.durationUs[9_999]! + 5e6; // a second run 5 s after the first
    const two: ExecutionLog = {
      startUs: Float64Array.from([...one.startUs, ...one.startUs.map((t) => t + shift)]),
      durationUs: Float64Array.from([...one.durationUs, ...one.durationUs]),
      samples: new Int32Array(20_000).fill(1),
    };
    const a = fitSlowStretches([one], "one");
    const b = fitSlowStretches([two], "two");
    expect(b.count).toBe(2 * a.count);
    expect(b.spanUs).toBeCloseTo(2 * a.spanUs, 6);
    expect(b.stretches.timeFraction).toBeCloseTo(a.stretches.timeFraction, 6);
    expect(b.stretches.meanDurationUs).toBeCloseTo(a.stretches.meanDurationUs, 6);
  });

  it("single slow executions (the ordinary spread) are not stretches", () => {
    const fit = fitSlowStretches([log(5000, (i) => (i % 50 === 0 ? 3 : 1))], "isolated");
    expect(fit.count).toBe(0);
    expect(fit.stretches.timeFraction).toBe(0);
    expect(fit.stretches.factor).toBe(1);
  });

  it("each batch size is measured against its own median", () => {
    const l = log(4000, () => 1);
    for (let i = 0; i < 4000; i++) if (i % 2 === 1) { l.samples[i] = 8; l.durationUs[i] = l.durationUs[i]! * 2; }
    expect(fitSlowStretches([l], "two sizes").count).toBe(0);
  });

  it("execLogBytes writes what parseExecLog reads: start and duration in µs, samples", () => {
    const l = parseExecLog(srcExecLogBytes([[1_000_000, 2_500_000, 8, 8], [3_000_000, 3_700_000, 1, 1]]), "two.bin");
    expect([...l.startUs]).toEqual([1000, 3000]);
    expect([...l.durationUs]).toEqual([1500, 700]);
    expect([...l.samples]).toEqual([8, 1]);
  });

  it("a malformed log is an error naming the file", () => {
    expect(() => parseExecLog(new Uint8Array(25), "x.bin")).toThrow(/x\.bin: 25 bytes/);
    expect(() => parseExecLog(new Uint8Array(0), "empty.bin")).toThrow(/empty\.bin: no executions/);
  });
});

describe("simulated slow stretches", () => {
  it("a busy instance spends timeFraction of its time slow, and its executions average the profile's mean", () => {
    // back-to-back executions of a 1000 µs mean: Triton's statistics (and so the profile) average over
    // executions, and a stretch holds 1 / factor as many of them per unit of time
    const p = new SlowStretchProcess(1, { timeFraction: 0.1, meanDurationUs: 30_000, factor: 1.8 }, new RandomStream("s", "t"));
    let t = 0;
    let slowUs = 0;
    const n = 400_000;
    for (let i = 0; i < n; i++) {
      const d = 1000 * p.multiplier(0, t);
      if (d > 1000) slowUs += d;
      t += d;
    }
    expect(slowUs / t).toBeGreaterThan(0.085);
    expect(slowUs / t).toBeLessThan(0.115);
    expect(t / n / 1000).toBeCloseTo(1, 2);
  });

  it("leave a saturated instance's throughput where the profile's mean puts it", () => {
    const closed = (profile: Profile) =>
      simulate({
        config,
        profile,
        workload: { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
        seed: "2",
        measurement: { kind: "requests", warmupRequests: 2000, requests: 100_000 },
      }).throughputPerS;
    const heavy: Profile = { ...base, slowStretches: { timeFraction: 0.3, meanDurationUs: 20_000, factor: 2 } };
    expect(closed(heavy) / closed(base)).toBeGreaterThan(0.98);
    expect(closed(heavy) / closed(base)).toBeLessThan(1.02);
  });

  const config = readModelConfigPbtxt('name: "m"\nmax_batch_size: 8\ninstance_group [{ count: 1 kind: KIND_GPU }]', "m");
  const run = (profile: Profile, seed = "1") =>
    simulate({
      config,
      profile,
      workload: { kind: "rate", requestsPerS: 700, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed,
      measurement: { kind: "requests", warmupRequests: 2000, requests: 60_000 },
    });
  const base = parseComputeMs("1=1,8=3");
  const stretched: Profile = { ...base, slowStretches: { timeFraction: 0.08, meanDurationUs: 40_000, factor: 1.7 } };

  it("keeps the mean execution time and lengthens the latency tail at the same load", () => {
    const a = run(base);
    const b = run(stretched);
    expect(b.breakdownUs.computeInfer / a.breakdownUs.computeInfer).toBeGreaterThan(0.97);
    expect(b.breakdownUs.computeInfer / a.breakdownUs.computeInfer).toBeLessThan(1.03);
    expect(b.latencyUs.p99).toBeGreaterThan(1.3 * a.latencyUs.p99);
  });

  it("changes nothing when the stretches slow nothing, and is deterministic", () => {
    const none: Profile = { ...base, slowStretches: { timeFraction: 0, meanDurationUs: 1, factor: 1 } };
    expect(JSON.stringify(run(none))).toBe(JSON.stringify(run(base)));
    expect(JSON.stringify(run(stretched, "7"))).toBe(JSON.stringify(run(stretched, "7")));
  });
});
