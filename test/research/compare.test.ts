// compare-policies' core: SLO attainment counts exactly the requests the recorder measured (checked
// against the summary's percentiles, in count and duration windows), the comparison is deterministic,
// and every contender is tuned for the SLO before it is judged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import { percentileIndex } from "../../src/metrics/percentile.js";
import { makeServerConfig } from "../../src/server/config.js";
import { delayGrid } from "../../src/plan/space.js";
import { simulateWithSlo } from "../../src/research/attainment.js";
import { serverBudgetUs } from "../../src/research/budget.js";
import { comparePolicies, type CompareInput } from "../../src/research/compare.js";
import { comparePoliciesFigure } from "../../src/research/figure.js";
import { resolvePolicy } from "../../src/server/policies/parse.js";
import { NOISY_PROFILE } from "../laws/policy-laws.js";

describe("SLO attainment", () => {
  it("counts exactly the measured requests: at each percentile's value it reaches that percentile's rank", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("triton", "greedy", "deadline:slo_us=6000"),
        fc.integer({ min: 100, max: 900 }),
        fc.boolean(),
        (policy, rate, byDuration) => {
          const config = makeServerConfig({ maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 500 } });
          const input = {
            config,
            profile: NOISY_PROFILE,
            workload: { kind: "rate" as const, requestsPerS: rate, distribution: "poisson" as const, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
            seed: "a",
            measurement: byDuration ? { kind: "duration" as const, warmupUs: 200_000, durationUs: 1_000_000 } : { kind: "requests" as const, warmupRequests: 300, requests: 1500 },
          };
          const p = resolvePolicy(policy);
          const withPolicy = p === undefined ? input : { ...input, policy: p };
          const at = (slo: number) => simulateWithSlo(withPolicy, slo);
          const { summary } = at(0);
          const n = summary.requests;
          expect(n).toBeGreaterThan(10);
          for (const pct of [50, 90, 99] as const) {
            const v = summary.latencyUs[`p${pct}`];
            const rank = percentileIndex(pct, n) + 1;
            expect(at(v).attainment * n).toBeGreaterThanOrEqual(rank - 1e-9);
            expect(at(v - 1e-6).attainment * n).toBeLessThanOrEqual(rank - 1 + 1e-9);
          }
          expect(at(summary.latencyUs.max).attainment).toBe(1);
          expect(at(summary.latencyUs.min - 1e-6).attainment).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  });
});

const base: CompareInput = {
  config: makeServerConfig({ maxBatchSize: 16 }),
  profile: parseComputeMs("1=1,16=4"),
  workloads: [200, 1500, 3000].map((r) => ({ kind: "rate" as const, requestsPerS: r, distribution: "poisson" as const, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 })),
  measurement: { kind: "requests", warmupRequests: 200, requests: 1500 },
  seed: "1",
  sloUs: 10_000,
  policies: ["triton", "greedy", "aimd", "nexus", "deadline"],
  tuneRequests: 600,
};

describe("comparePolicies", () => {
  it("same input ⇒ the same report; every contender has a point per load level", () => {
    const a = comparePolicies(base);
    expect(JSON.stringify(comparePolicies(base))).toBe(JSON.stringify(a));
    expect(a.contenders.map((c) => c.policy)).toEqual(base.policies);
    for (const c of a.contenders) {
      expect(c.points.map((p) => p.load)).toEqual([200, 1500, 3000]);
      for (const p of c.points) {
        expect(p.attainment).toBeGreaterThanOrEqual(0);
        expect(p.attainment).toBeLessThanOrEqual(1);
        if (p.meetsSlo) expect(p.p99Us).toBeLessThanOrEqual(base.sloUs);
      }
    }
  });

  it("tunes before judging: Triton's delay comes from the grid below the budget; SLO parameters get their share", () => {
    const r = comparePolicies({ ...base, workloads: base.workloads.slice(0, 1) });
    const grid = delayGrid(serverBudgetUs(base.profile, base.sloUs), true);
    const triton = r.contenders[0]!.tuned;
    expect(grid.some((d) => triton.startsWith(`triton: max_queue_delay ${d} µs`))).toBe(true);
    expect(r.contenders.find((c) => c.policy === "aimd")!.tuned).toContain("target_us=5000");
    expect(r.contenders.find((c) => c.policy === "nexus")!.tuned).toBe("nexus:slo_us=10000");
    expect(r.contenders.find((c) => c.policy === "deadline")!.tuned).toBe("deadline:slo_us=10000");
    // a policy given its SLO parameter keeps it
    const kept = comparePolicies({ ...base, workloads: base.workloads.slice(0, 1), policies: ["nexus:slo_us=4000"] });
    expect(kept.contenders[0]!.tuned).toBe("nexus:slo_us=4000");
  });

  it("the figure: p99 and attainment per contender and level, with the SLO rule", () => {
    const r = comparePolicies({ ...base, policies: ["greedy", "nexus"] });
    const fig = comparePoliciesFigure(r);
    const values = (fig.spec as { data: { values: { policy: string }[] } }).data.values;
    expect(values).toHaveLength(6);
    expect(JSON.stringify(fig.spec)).toContain('"sloMs":10');
  });
});
