// Laws of plan --check-on: the plan's own profile, checked, gives back the recommendation's figures
// exactly; a slower calibration never gives a lower p99 or a higher capacity; the summary counts and
// spreads what the checks say, whatever their order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withServerSpeed } from "../../src/compute/server-speed.js";
import { crossCheck, spreadOf } from "../../src/plan/cross-check.js";
import { inProcessEvaluator } from "../../src/plan/evaluator.js";
import { recommend } from "../../src/plan/recommend.js";
import { search, type PlanInput } from "../../src/plan/search.js";
import { testGpu, testGpuPlan } from "./test-gpu.js";

const profile = testGpu;
const input = testGpuPlan({ objective: "gpus", seed: "cross-check-test" });

describe("plan --check-on", () => {
  it("gives back the recommendation's figures on the plan's own profile, and worse ones on a slower calibration", async () => {
    const ev = inProcessEvaluator(profile);
    const report = await recommend(input, await search(input, ev), ev);
    const rec = report.recommendation!;
    const slower = { ...withServerSpeed(profile, 1.25), name: "slower" };
    const x = await crossCheck(input, rec.candidate, [profile, slower], (p) => inProcessEvaluator(p));
    const [own, slow] = x.checks;
    expect(own!.profile).toBe("test-gpu");
    expect(own!.sloMs).toEqual(rec.p99Ms);
    expect(own!.meets).toBe(true);
    expect(own!.capacityRequestsPerS).toBe(rec.capacityRequestsPerS);
    expect(slow!.profile).toBe("slower");
    expect(slow!.sloMs.mean).toBeGreaterThan(own!.sloMs.mean);
    // 25 % slower still meets a 12 ms p99 at 2500/s here, with less capacity
    expect(slow!.meets).toBe(true);
    expect(slow!.capacityRequestsPerS!).toBeLessThan(own!.capacityRequestsPerS!);
    expect(x.meets).toBe(x.checks.filter((c) => c.meets).length);
    expect(x.capacityRequestsPerS!.max).toBe(own!.capacityRequestsPerS);
    expect(x.capacityRequestsPerS!.min).toBe(slow!.capacityRequestsPerS);
  }, 120_000);

  it("a closed loop has no capacity spread", async () => {
    const closed: PlanInput = { ...input, load: { kind: "concurrency", concurrency: 4, batchSize: 1 } };
    const ev = inProcessEvaluator(profile);
    const report = await recommend(closed, await search(closed, ev), ev);
    const x = await crossCheck(closed, report.recommendation!.candidate, [profile], (p) => inProcessEvaluator(p));
    expect(x.capacityRequestsPerS).toBeNull();
    expect(x.checks[0]!.capacityRequestsPerS).toBeNull();
    expect(x.checks[0]!.sloMs).toEqual(report.recommendation!.p99Ms);
  }, 120_000);

  it("the spread is order-free and ordered: min ≤ median ≤ max, each one of the values or between two", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const s = spreadOf(xs);
        expect(spreadOf([...xs].reverse())).toEqual(s);
        expect(s.min).toBe(Math.min(...xs));
        expect(s.max).toBe(Math.max(...xs));
        expect(s.median).toBeGreaterThanOrEqual(s.min);
        expect(s.median).toBeLessThanOrEqual(s.max);
        const below = xs.filter((x) => x < s.median).length;
        const above = xs.filter((x) => x > s.median).length;
        expect(below).toBeLessThanOrEqual(xs.length / 2);
        expect(above).toBeLessThanOrEqual(xs.length / 2);
      }),
    );
  });
});
