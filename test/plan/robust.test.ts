// Laws of plan --robust: the quorum is the least count reaching the share; a configuration is accepted
// exactly when enough calibrations meet the SLO, and checking stops as soon as the verdict is certain; the
// recommendation is the first ranked configuration the test accepts (rank 1 when it accepts the first,
// the same recommendation as without the test), and none accepted makes the plan infeasible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalResult, Evaluator } from "../../src/plan/evaluator.js";
import { inProcessEvaluator } from "../../src/plan/evaluator.js";
import { recommend, type Acceptor } from "../../src/plan/recommend.js";
import { meetsQuorum, quorumOf } from "../../src/plan/robust.js";
import { search } from "../../src/plan/search.js";
import { testGpu, testGpuPlan } from "./test-gpu.js";

const input = testGpuPlan({ objective: "gpus", seed: "robust-test" });

/** An evaluator whose every run has this p99 (µs), counting its uses and closes. */
function fixedP99(p99Us: number, log: { evaluated: number; closed: number }): Evaluator {
  const r: EvalResult = {
    throughputPerS: 1,
    requestThroughputPerS: 1,
    latencyUs: { mean: p99Us, p50: p99Us, p90: p99Us, p95: p99Us, p99: p99Us },
    steady: true,
    utilization: 0.5,
    failedFraction: 0,
  };
  return {
    async evaluate(requests) {
      log.evaluated++;
      return requests.map(() => r);
    },
    async close() {
      log.closed++;
    },
  };
}

describe("plan --robust", () => {
  it("the quorum is the least count of profiles that reaches the share", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 1, max: 200 }), (pct, of) => {
        const k = quorumOf(pct, of);
        expect(k).toBeGreaterThanOrEqual(1);
        expect(k).toBeLessThanOrEqual(of);
        expect(k / of).toBeGreaterThanOrEqual(pct / 100 - 1e-9);
        if (k > 1) expect((k - 1) / of).toBeLessThan(pct / 100);
      }),
    );
    expect(quorumOf(100, 30)).toBe(30);
    expect(quorumOf(80, 30)).toBe(24);
    expect(() => quorumOf(0, 3)).toThrow(RangeError);
    expect(() => quorumOf(101, 3)).toThrow(RangeError);
    expect(() => quorumOf(50, 0)).toThrow(RangeError);
  });

  it("accepts exactly when enough profiles meet the SLO, and stops checking once the verdict is certain", async () => {
    const candidate = { gpus: 1, instancesPerGpu: 1, maxBatchSize: 8, dynamic: null };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.nat(), async (meets, k) => {
        const of = meets.length;
        const needed = 1 + (k % of);
        const log = { evaluated: 0, closed: 0 };
        const bound = input.slo.boundMs * 1000;
        const t = await meetsQuorum(input, candidate, 3, of, needed, (i) => fixedP99(meets[i]! ? bound - 1 : bound + 1, log));
        expect(t.rank).toBe(3);
        expect(t.accepted).toBe(meets.filter(Boolean).length >= needed);
        // the verdict needed exactly the profiles checked: before the last one it was still open
        const seen = meets.slice(0, t.checked);
        expect(t.meets).toBe(seen.filter(Boolean).length);
        const before = meets.slice(0, t.checked - 1);
        const meetsBefore = before.filter(Boolean).length;
        expect(meetsBefore < needed && before.length - meetsBefore <= of - needed).toBe(true);
        if (t.accepted) expect(t.meets).toBe(needed);
        else expect(t.checked - t.meets).toBe(of - needed + 1);
        expect(log.evaluated).toBe(t.checked);
        expect(log.closed).toBe(t.checked);
      }),
      { numRuns: 60 },
    );
  });

  it("recommends the first ranked configuration the test accepts; accepting the first changes nothing; accepting none is infeasible", async () => {
    const ev = inProcessEvaluator(testGpu);
    const result = await search(input, ev);
    const plain = await recommend(input, result, ev);
    const confirmed = plain.top.filter((r) => r.confirmed);
    expect(confirmed.length).toBeGreaterThan(1);

    const all: Acceptor = { maxTries: 20, passes: "passes", accept: async () => true };
    expect(await recommend(input, result, ev, all)).toEqual(plain);

    const ranks: number[] = [];
    const second: Acceptor = {
      maxTries: 20,
      passes: "passes",
      accept: async (_e, rank) => {
        ranks.push(rank);
        return rank === 2;
      },
    };
    const r2 = await recommend(input, result, ev, second);
    expect(ranks).toEqual([1, 2]);
    expect(r2.feasible).toBe(true);
    expect(r2.recommendation!.rank).toBe(2);
    expect(r2.recommendation!.key).toBe(confirmed[1]!.key);
    expect(r2.top).toEqual(plain.top);

    const none: Acceptor = { maxTries: 2, passes: "meets it nowhere", accept: async () => false };
    const r0 = await recommend(input, result, ev, none);
    expect(r0.feasible).toBe(false);
    expect(r0.recommendation).toBeNull();
    expect(r0.bestAchievable!.reason).toBe("none of the 2 best configurations the search confirmed meets it nowhere");
    expect(r0.bestAchievable!.description).toBe(plain.recommendation!.description);
  }, 120_000);
});
