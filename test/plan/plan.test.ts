// Laws of the planner: its recommendation meets the SLO when re-simulated with a fresh seed; so does its
// claimed capacity on a host with slow stretches, which is not far below what the configuration carries;
// a tighter SLO never raises the recommended capacity; more GPUs never lower it; the pbtxt reads back, and on
// a server with more GPUs than the pick it still places the pick's instances only.
import { describe, expect, it } from "vitest";
import type { Profile } from "../../src/compute/profile.js";
import { inProcessEvaluator } from "../../src/plan/evaluator.js";
import { recommend, type PlanReport } from "../../src/plan/recommend.js";
import { search, type PlanInput } from "../../src/plan/search.js";
import { placeInstances } from "../../src/server/config.js";
import { readModelConfigPbtxt } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { testGpu, testGpuPlan } from "./test-gpu.js";

const profile = testGpu;
const base = testGpuPlan;

async function planOf(input: PlanInput): Promise<PlanReport> {
  const ev = inProcessEvaluator(profile);
  return recommend(input, await search(input, ev), ev);
}

describe("servesim plan", () => {
  it("the recommendation meets its SLO when re-simulated with a fresh seed", async () => {
    const input = base({ objective: "gpus" });
    const r = await planOf(input);
    expect(r.feasible).toBe(true);
    const rec = r.recommendation!;
    const s = simulate({
      config: rec.config,
      profile,
      workload: { kind: "rate", requestsPerS: 2500, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "a-seed-the-planner-never-saw",
      measurement: { kind: "requests", warmupRequests: 5000, requests: 60_000 },
    });
    expect(s.latencyUs.p99).toBeLessThanOrEqual(12_000);
    expect(s.stable).toBe(true);
    expect(rec.sloMs.high).toBeLessThanOrEqual(12);
  }, 120_000);

  it("an extrapolating configuration is recommended only when no measured-range one comes within 5 % of it", async () => {
    const r = await planOf(base({ objective: "gpus", constraints: { minThroughputPerS: 0, maxInstancesPerGpu: 2, maxBatchSizeLimit: 128, maxGpus: 1 } }));
    expect(r.feasible).toBe(true);
    const rec = r.recommendation!;
    const cap = (row: { capacityRequestsPerS: number | null }): number => row.capacityRequestsPerS ?? -1;
    const measured = (row: { candidate: { maxBatchSize: number; instancesPerGpu: number } }): boolean =>
      row.candidate.maxBatchSize <= 32 && row.candidate.instancesPerGpu <= 2;
    if (!measured(rec)) {
      for (const row of r.top.filter((t) => t.confirmed && measured(t))) expect(cap(row)).toBeLessThan(0.95 * cap(rec));
    }
    const passed = rec.notes.find((n) => n.startsWith("preferred to "));
    if (passed !== undefined) {
      expect(measured(rec)).toBe(true);
      expect(passed).toMatch(/extrapolates beyond the profile's measurements/);
    }
  }, 120_000);

  it("checks the recommendation on a slower server: a line when asked, with a p99 no lower than the plain one and, where it still meets the SLO, a lower capacity", async () => {
    const plain = await planOf(base({ objective: "gpus" }));
    expect(plain.recommendation!.binding.some((l) => l.includes("slower than its calibration"))).toBe(false);
    for (const pct of [10, 25]) {
      const r = await planOf(base({ objective: "gpus", speedMarginPct: pct }));
      const line = r.recommendation!.binding.find((l) => l.startsWith(`on a server ${pct} % slower than its calibration`));
      expect(line).toBeDefined();
      const [, slowMs, upToMs] = /p99 is ([0-9.]+) ms \(up to ([0-9.∞]+)\)/.exec(line!)!.map(Number);
      expect(slowMs).toBeGreaterThan(r.recommendation!.p99Ms.mean);
      if (upToMs! > 12) {
        expect(line).toMatch(/breaks the SLO$/);
      } else {
        const cap = Number(/its capacity within the SLO is then about ([0-9]+)\/s$/.exec(line!)![1]);
        expect(cap).toBeLessThan(r.recommendation!.capacityRequestsPerS!);
        expect(cap).toBeGreaterThanOrEqual(2500);
      }
    }
  }, 180_000);

  it("tightening the SLO never raises the recommended capacity", async () => {
    const caps: number[] = [];
    for (const boundMs of [20, 12, 8]) {
      const r = await planOf(base({ slo: { statistic: "p99", boundMs } }));
      caps.push(r.recommendation?.capacityRequestsPerS ?? 0);
    }
    expect(caps[0]!).toBeGreaterThan(0);
    for (let i = 1; i < caps.length; i++) expect(caps[i]!).toBeLessThanOrEqual(caps[i - 1]! * 1.0001);
  }, 180_000);

  it("more GPUs never lower the recommended capacity", async () => {
    const one = await planOf(base({ load: { kind: "rate", requestsPerS: 1500, distribution: "poisson", cv: 1, batchSize: 1 } }));
    const two = await planOf(
      base({
        load: { kind: "rate", requestsPerS: 1500, distribution: "poisson", cv: 1, batchSize: 1 },
        constraints: { minThroughputPerS: 0, maxInstancesPerGpu: 2, maxBatchSizeLimit: 32, maxGpus: 2 },
      }),
    );
    expect(two.recommendation!.capacityRequestsPerS!).toBeGreaterThanOrEqual(one.recommendation!.capacityRequestsPerS!);
  }, 180_000);

  it("on a host with slow stretches, the claimed capacity holds with fresh seeds and is not far below what the configuration carries", async () => {
    // 3.5 % of the time at x1.45, as on the H100: one 3-second run's p99 near capacity moves by tens of per cent, and a
    // window-agreement rule fails often; neither may set the capacity
    const noisy: Profile = { ...profile, slowStretches: { timeFraction: 0.035, meanDurationUs: 30_000, factor: 1.45 } };
    const input = base({ profile: noisy, objective: "gpus", quick: false });
    const ev = inProcessEvaluator(noisy);
    const r = await recommend(input, await search(input, ev), ev);
    expect(r.feasible).toBe(true);
    const rec = r.recommendation!;
    const cap = rec.capacityRequestsPerS!;
    const p99At = (rate: number): number[] =>
      ["x1", "x2", "x3"].map(
        (seed) =>
          simulate({
            config: rec.config,
            profile: noisy,
            workload: { kind: "rate", requestsPerS: rate, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
            seed,
            measurement: { kind: "requests", warmupRequests: 5000, requests: 60_000 },
          }).latencyUs.p99,
      );
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    expect(median(p99At(cap))).toBeLessThanOrEqual(12_000);
    expect(median(p99At(1.25 * cap))).toBeGreaterThan(12_000);
  }, 180_000);

  it("the recommended config.pbtxt reads back as the same server configuration", async () => {
    const r = await planOf(base({ objective: "gpus" }));
    const rec = r.recommendation!;
    expect(readModelConfigPbtxt(rec.pbtxt, "plan.pbtxt", rec.config.gpus)).toEqual({ ...rec.config, name: "model" });
  }, 120_000);

  it("pasted on a server with more GPUs than it picked, the config.pbtxt still runs the pick's instances on the pick's GPUs", async () => {
    const r = await planOf(base({ objective: "gpus", constraints: { minThroughputPerS: 0, maxInstancesPerGpu: 2, maxBatchSizeLimit: 32, maxGpus: 4 } }));
    const rec = r.recommendation!;
    expect(rec.config.gpus).toBeLessThan(4); // the load fits fewer GPUs than allowed
    const onFour = readModelConfigPbtxt(rec.pbtxt, "plan.pbtxt", 4);
    expect(Array.from(placeInstances(onFour))).toEqual(Array.from(placeInstances(rec.config)));
  }, 120_000);

  it("an impossible SLO is reported with the reason and no recommendation", async () => {
    const r = await planOf(base({ slo: { statistic: "p99", boundMs: 0.5 } }));
    expect(r.feasible).toBe(false);
    expect(r.bestAchievable?.reason).toMatch(/at least .* ms/);
  });
});
