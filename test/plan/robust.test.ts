// Laws of plan --robust: the quorum is the least count reaching the share; a configuration is accepted
// exactly when enough calibrations meet the SLO, whatever order they are checked in, and checking stops as
// soon as the verdict is certain; the profiles that missed most often are checked first; the
// recommendation is the first ranked configuration the test accepts (rank 1 when it accepts the first,
// the same recommendation as without the test), and none accepted makes the plan infeasible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalResult, Evaluator } from "../../src/plan/evaluator.js";
import { inProcessEvaluator } from "../../src/plan/evaluator.js";
import { recommend, type Acceptor } from "../../src/plan/recommend.js";
import { hardestFirst, meetsQuorum, quorumOf } from "../../src/plan/robust.js";
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

  it("accepts exactly when enough profiles meet the SLO, whatever the order, and stops checking once the verdict is certain", async () => {
    const candidate = { gpus: 1, instancesPerGpu: 1, maxBatchSize: 8, dynamic: null };
    const orderOf = (n: number) => fc.array(fc.nat(), { minLength: n, maxLength: n }).map((keys) => keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }).chain((meets) => fc.tuple(fc.constant(meets), orderOf(meets.length), fc.nat())),
        async ([meets, order, k]) => {
          const of = meets.length;
          const needed = 1 + (k % of);
          const log = { evaluated: 0, closed: 0 };
          const bound = input.slo.boundMs * 1000;
          const t = await meetsQuorum(input, candidate, 3, order, needed, (i) => fixedP99(meets[i]! ? bound - 1 : bound + 1, log));
          expect(t.rank).toBe(3);
          expect(t.accepted).toBe(meets.filter(Boolean).length >= needed);
          // the profiles checked are the order's first ones; those missed, in that order, are exactly the ones that miss
          const seen = order.slice(0, t.checked);
          expect(t.missedOn).toEqual(seen.filter((i) => !meets[i]));
          expect(t.meets).toBe(t.checked - t.missedOn.length);
          // the verdict needed exactly the profiles checked: before the last one it was still open
          const before = seen.slice(0, -1);
          const meetsBefore = before.filter((i) => meets[i]).length;
          expect(meetsBefore < needed && before.length - meetsBefore <= of - needed).toBe(true);
          if (t.accepted) expect(t.meets).toBe(needed);
          else expect(t.missedOn.length).toBe(of - needed + 1);
          expect(log.evaluated).toBe(t.checked);
          expect(log.closed).toBe(t.checked);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("checks the profiles that missed most often first, ties in the order given", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 }), { maxLength: 20 }), (misses) => {
        const order = hardestFirst(misses);
        expect([...order].sort((a, b) => a - b)).toEqual(misses.map((_, i) => i));
        for (let j = 1; j < order.length; j++) {
          const a = order[j - 1]!;
          const b = order[j]!;
          expect(misses[a]! > misses[b]! || (misses[a] === misses[b] && a < b)).toBe(true);
        }
      }),
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
