// Request-composition points and pooled calibration passes: what they add to the service-time model.
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { RandomStream } from "../../src/kernel/rng.js";
import { mergeProfiles, poolStats } from "../../src/compute/merge-profiles.js";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { makeServerConfig } from "../../src/server/config.js";
import { runArrivals, burst } from "../helpers/trace-run.js";

const base = (infer1: number, infer8: number): Profile => ({
  schema: PROFILE_SCHEMA_ID,
  name: "p",
  metadata: { source: "measured" },
  compute: [
    { batchSize: 1, concurrency: 1, computeInputUs: { mean: 0, sd: 0 }, computeInferUs: { mean: infer1, sd: 0 }, computeOutputUs: { mean: 0, sd: 0 }, executions: 100 },
    { batchSize: 8, concurrency: 1, computeInputUs: { mean: 0, sd: 0 }, computeInferUs: { mean: infer8, sd: 0 }, computeOutputUs: { mean: 0, sd: 0 }, executions: 100 },
  ],
  requestOverheads: [],
});

/** A concurrency-1 point of b samples from `requests` requests with the given compute_infer (input and
 *  output 0), measured over 50 executions. */
const pt = (b: number, requests: number, infer: number) => ({
  batchSize: b, concurrency: 1, requests, computeInputUs: { mean: 0, sd: 0 }, computeInferUs: { mean: infer, sd: 0 }, computeOutputUs: { mean: 0, sd: 0 }, executions: 50,
});

describe("request composition", () => {
  it("at exact pairs the per-request cost reproduces the merged points; between them it is interpolated in n", () => {
    const p: Profile = {
      ...base(1000, 2400),
      compute: [...base(1000, 2400).compute, pt(2, 1, 1100), pt(2, 2, 1160), pt(8, 8, 2400 + 7 * 20)],
    };
    const t = new ComputeTables(p, 8, 1);
    expect(t.perRequest(1, 2)).toBeCloseTo(60, 9); // (1160 − 1100) / 1
    expect(t.perRequest(1, 8)).toBeCloseTo(20, 9); // (2540 − 2400) / 7
    expect(t.perRequest(1, 5)).toBeCloseTo(40, 9); // halfway in n
    expect(t.executionUs(2, 2)).toBeCloseTo(1160, 9);
    expect(t.executionUs(8, 8)).toBeCloseTo(2540, 9);
  });

  it("points with n requests give a per-extra-request cost by least squares, and the simulator charges it", () => {
    const p: Profile = {
      ...base(1000, 2400),
      compute: [
        ...base(1000, 2400).compute,
        // 4 requests: single 4-sample time 1600 + 3 × 250; 8 requests: 2400 + 7 × 250
        pt(4, 4, 2350),
        pt(8, 8, 4150),
      ],
    };
    const t = new ComputeTables(p, 8, 1);
    expect(t.perRequestUs[1]).toBeCloseTo(250, 6);
    expect(t.executionUs(8, 8)).toBeCloseTo(4150, 6);
    expect(t.executionUs(8, 1)).toBeCloseTo(2400, 6);
    // 8 single-sample requests merged by the dynamic batcher vs one request of 8 samples
    const merged = runArrivals({ maxBatchSize: 8, dynamicBatching: {} }, p, burst(8));
    const single = runArrivals({ maxBatchSize: 8, dynamicBatching: {} }, p, [{ t: 0, b: 8 }]);
    expect(merged.executions[0]!.batchSize).toBe(8);
    expect(merged.done.get(0)!.execEndUs).toBeCloseTo(4150, 6);
    expect(single.done.get(0)!.execEndUs).toBeCloseTo(2400, 6);
    expect(makeServerConfig({ maxBatchSize: 1 }).maxBatchSize).toBe(1);
  });

  it("the per-request cost comes from exact pairs, and merged points fill the curve between measured sizes", () => {
    // true one-request curve: 1000 @1, 1400 @4, 2400 @8 (not linear); merging costs 100 µs per extra request
    const p: Profile = {
      ...base(1000, 2400),
      compute: [
        ...base(1000, 2400).compute,
        pt(4, 4, 1700),
        pt(8, 8, 3100),
      ],
    };
    const t = new ComputeTables(p, 8, 1);
    expect(t.perRequestUs[1]).toBeCloseTo(100, 6); // against the linear 1800 @4 it would read as less
    expect(t.meanUs(1, 4)).toBeCloseTo(1400, 6);
    expect(t.executionUs(4, 4)).toBeCloseTo(1700, 6);
    expect(t.meanUs(1, 1)).toBe(1000);
    expect(t.meanUs(1, 8)).toBe(2400);
  });

  it("a derived point never moves a measured one: it is held between its measured neighbours", () => {
    const p: Profile = {
      ...base(1000, 2400),
      compute: [
        ...base(1000, 2400).compute,
        pt(8, 8, 3100),
        // merged 3 at batch 3 would imply a one-request time of 700, below batch 1's 1000
        pt(3, 3, 900),
      ],
    };
    const t = new ComputeTables(p, 8, 1);
    expect(t.meanUs(1, 1)).toBe(1000);
    expect(t.meanUs(1, 3)).toBe(1000);
  });

  it("merged points (means only) fill the mean curve but leave the measured spread alone", () => {
    const sd = (m: number) => ({ mean: m, sd: m / 10 });
    const zero = { mean: 0, sd: 0 };
    const p: Profile = {
      ...base(1000, 2400),
      compute: [
        { batchSize: 1, concurrency: 1, computeInputUs: zero, computeInferUs: sd(1000), computeOutputUs: zero, executions: 100 },
        { batchSize: 8, concurrency: 1, computeInputUs: zero, computeInferUs: sd(2400), computeOutputUs: zero, executions: 100 },
        { batchSize: 8, concurrency: 1, requests: 8, computeInputUs: zero, computeInferUs: { mean: 3100, sd: 0 }, computeOutputUs: zero, executions: 50 },
        { batchSize: 4, concurrency: 1, requests: 4, computeInputUs: zero, computeInferUs: { mean: 1700, sd: 0 }, computeOutputUs: zero, executions: 50 },
      ],
    };
    const t = new ComputeTables(p, 8, 1);
    const rng = new RandomStream("spread", "t");
    const draws = Array.from({ length: 2000 }, () => t.drawUs(1, 4, rng));
    const mean = draws.reduce((a, x) => a + x, 0) / draws.length;
    const cv = Math.sqrt(draws.reduce((a, x) => a + (x - mean) ** 2, 0) / draws.length) / mean;
    expect(mean).toBeGreaterThan(1400 * 0.97);
    expect(mean).toBeLessThan(1400 * 1.03);
    expect(cv).toBeGreaterThan(0.08); // the measured 10 %, not the merged points' 0
    expect(cv).toBeLessThan(0.12);
  });

  it("a profile without composition points charges nothing extra", () => {
    expect(new ComputeTables(base(1000, 2400), 8, 1).perRequestUs).toEqual([0, 0, 0]);
  });
});

describe("pooling calibration passes", () => {
  it("weighted mean of means; the sd carries the spread between passes", () => {
    const s = poolStats([
      { stat: { mean: 100, sd: 0 }, w: 1 },
      { stat: { mean: 200, sd: 0 }, w: 1 },
    ]);
    expect(s.mean).toBe(150);
    expect(s.sd).toBe(50);
    expect(poolStats([{ stat: { mean: 100, sd: 10 }, w: 3 }, { stat: { mean: 100, sd: 10 }, w: 1 }])).toEqual({ mean: 100, sd: 10 });
  });

  it("merging two passes averages matching points and keeps the union", () => {
    const a = base(1000, 2000);
    const b = { ...base(1200, 2200), compute: [...base(1200, 2200).compute.slice(0, 1)] };
    const m = mergeProfiles([a, b], "pooled");
    const b1 = m.compute.find((c) => c.batchSize === 1)!;
    expect(b1.computeInferUs.mean).toBe(1100);
    expect(b1.executions).toBe(200);
    expect(m.compute.find((c) => c.batchSize === 8)!.computeInferUs.mean).toBe(2000);
    expect(m.name).toBe("pooled");
  });
});
