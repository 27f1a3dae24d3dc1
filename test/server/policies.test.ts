// What each research policy promises, on explicit traces with a deterministic service time: greedy
// takes everything, AIMD's cap grows while executions stay within target and shrinks when not, Nexus
// sizes its batch and cycle from the SLO, the deadline policy cuts and waits so the earliest deadline
// holds. Plus the `--policy` spec parser: defaults, ranges and one-line errors naming the flag.
import { describe, expect, it } from "vitest";
import { aimdPolicy } from "../../src/server/policies/aimd.js";
import { deadlinePolicy } from "../../src/server/policies/deadline.js";
import { greedyPolicy } from "../../src/server/policies/greedy.js";
import { POLICIES, POLICY_NAMES } from "../../src/server/policies/index.js";
import { nexusBatch, nexusPolicy } from "../../src/server/policies/nexus.js";
import { formatPolicySpec, parsePolicyForSlo, parsePolicySpec, resolvePolicy } from "../../src/server/policies/parse.js";
import { burst, runArrivals } from "../helpers/trace-run.js";

const LINEAR = "1=1,9=3"; // t(b) = 1000 µs + 250 µs·(b − 1)
const tLinear = (b: number): number => 1000 + 250 * (b - 1);
const server = (maxBatchSize: number, gpus = 1) => ({ maxBatchSize, gpus, instanceGroups: [{ count: 1 }] });
const sizes = (r: ReturnType<typeof runArrivals>): number[] => r.executions.map((e) => e.batchSize);
const starts = (r: ReturnType<typeof runArrivals>): number[] => r.executions.map((e) => e.startUs);

describe("greedy", () => {
  it("a free instance takes everything waiting, up to max_batch_size", () => {
    const r = runArrivals(server(8), LINEAR, burst(10), "t", greedyPolicy());
    expect(sizes(r)).toEqual([8, 2]);
  });
});

describe("aimd", () => {
  it("the cap grows by step while executions stay within the target and backs off by the factor when over", () => {
    // target 2 ms: t(5) = 2 ms is within, t(6) = 2.25 ms is not
    const r = runArrivals(server(16), LINEAR, burst(200), "t", aimdPolicy({ targetUs: 2000, step: 1, decrease: 0.9, includeQueue: false }));
    const s = sizes(r);
    expect(s.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Math.max(...s)).toBe(6);
    expect(s.slice(5, -1).every((b) => b === 5 || b === 6)).toBe(true);
  });

  it("with include_queue the oldest request's waiting counts too: a long backlog keeps the cap small", () => {
    const r = runArrivals(server(16), LINEAR, burst(60), "t", aimdPolicy({ targetUs: 2000, step: 1, decrease: 0.5, includeQueue: true }));
    expect(Math.max(...sizes(r))).toBeLessThan(6);
  });
});

describe("nexus", () => {
  it("the batch is the largest b with 2·t(b) ≤ SLO (at least 1)", () => {
    expect(nexusBatch(5000, 32, tLinear)).toBe(7); // t(7) = 2.5 ms
    expect(nexusBatch(5000, 4, tLinear)).toBe(4);
    expect(nexusBatch(100, 32, tLinear)).toBe(1);
  });

  it("one batch of up to b per cycle of t(b) / instances, at the cycle start", () => {
    const one = runArrivals(server(32), LINEAR, burst(20), "t", nexusPolicy({ sloUs: 5000 }));
    expect(sizes(one)).toEqual([7, 7, 6]);
    expect(starts(one)).toEqual([0, 2500, 5000]);
    const two = runArrivals(server(32, 2), LINEAR, burst(20), "t", nexusPolicy({ sloUs: 5000 }));
    expect(starts(two)).toEqual([0, 1250, 2500]);
  });

  it("a request arriving after a missed cycle goes at once; the next waits for the next cycle start", () => {
    const r = runArrivals(server(32), LINEAR, [{ t: 0 }, { t: 1500 }, { t: 1600 }], "t", nexusPolicy({ sloUs: 2000 }));
    // b = 1, period t(1) = 1 ms: cycles at 0, 1000, 2000, …
    expect(starts(r)).toEqual([0, 1500, 2500]);
  });
});

describe("deadline", () => {
  it("alone, a request waits until the latest start at which one more sample would still meet its deadline", () => {
    const r = runArrivals(server(8), LINEAR, [{ t: 0 }], "t", deadlinePolicy({ sloUs: 10_000 }));
    expect(starts(r)).toEqual([10_000 - tLinear(2)]);
    expect(r.done.get(0)!.execEndUs).toBeLessThanOrEqual(10_000);
  });

  it("the batch is the longest prefix that meets the earliest deadline; a late head goes with the largest batch", () => {
    // SLO 2 ms: t(5) = 2 ms fits from 0; at 2 ms the head's deadline (2 ms) is lost, so 8 go
    const r = runArrivals(server(8), LINEAR, burst(20), "t", deadlinePolicy({ sloUs: 2000 }));
    expect(sizes(r)).toEqual([5, 8, 7]);
    // SLO 3 ms: up to 9 would fit, max_batch_size cuts at 8
    const r3 = runArrivals(server(8), LINEAR, burst(20), "t", deadlinePolicy({ sloUs: 3000 }));
    expect(sizes(r3)).toEqual([8, 8, 4]);
  });
});

describe("--policy NAME[:key=value,…]", () => {
  it("fills defaults; the canonical text parses back to the same spec", () => {
    const s = parsePolicySpec("aimd:step=2");
    expect(s).toEqual({ name: "aimd", params: { target_us: 10_000, step: 2, decrease: 0.9, include_queue: 0 } });
    expect(formatPolicySpec(s)).toBe("aimd:target_us=10000,step=2,decrease=0.9,include_queue=0");
    expect(parsePolicySpec(formatPolicySpec(s))).toEqual(s);
    expect(formatPolicySpec(parsePolicySpec(" greedy "))).toBe("greedy");
    expect(parsePolicySpec("triton")).toEqual({ name: "triton", params: {} });
  });

  it("bad input is one line naming the flag", () => {
    const bad: [string, string][] = [
      ["nope", '--policy: unknown policy "nope" (known: triton, greedy, aimd, nexus, deadline)'],
      ["greedy:x=1", '--policy: unknown parameter "x" for policy greedy (it takes none)'],
      ["nexus:slo=1", '--policy: unknown parameter "slo" for policy nexus (known: slo_us)'],
      ["aimd:step", '--policy: "step" is not key=value (policy aimd)'],
      ["aimd:step=abc", '--policy: aimd.step must be a number, got "abc"'],
      ["aimd:include_queue=0.5", "--policy: aimd.include_queue must be a whole number, got 0.5"],
      ["aimd:decrease=1", "--policy: aimd.decrease must be in [0.01, 0.99], got 1"],
      ["deadline:slo_us=0", "--policy: deadline.slo_us must be in [1, ∞], got 0"],
      ["aimd:step=1,step=2", '--policy: parameter "step" given twice'],
      ["triton:delay=5", '--policy: policy "triton" takes no parameters (use the dynamic batching flags)'],
    ];
    for (const [text, message] of bad) expect(() => parsePolicySpec(text), text).toThrow(message);
    expect(() => parsePolicySpec("x", "s.yaml: policy")).toThrow(/^s\.yaml: policy: unknown policy "x"/);
  });

  it("sizing for an SLO sets the declared parameter to its share of the budget, unless given", () => {
    expect(parsePolicyForSlo("aimd", 30_000).params.target_us).toBe(15_000);
    expect(parsePolicyForSlo("aimd:target_us=5000", 30_000).params.target_us).toBe(5000);
    expect(parsePolicyForSlo("nexus", 30_000).params.slo_us).toBe(30_000);
    expect(parsePolicyForSlo("greedy", 30_000)).toEqual({ name: "greedy", params: {} });
  });

  it("resolvePolicy: triton is no plug-in; every registered name gives a fresh policy", () => {
    expect(resolvePolicy("triton")).toBeUndefined();
    expect(POLICY_NAMES[0]).toBe("triton");
    for (const name of Object.keys(POLICIES)) {
      const a = resolvePolicy(name);
      expect(typeof a?.decide).toBe("function");
      expect(resolvePolicy(name)).not.toBe(a);
    }
  });

  it("every declared default lies within its declared range", () => {
    for (const f of Object.values(POLICIES)) {
      for (const p of Object.values(f.params) as { default: number; min: number; max?: number; integer?: boolean }[]) {
        expect(p.default).toBeGreaterThanOrEqual(p.min);
        if (p.max !== undefined) expect(p.default).toBeLessThanOrEqual(p.max);
        if (p.integer) expect(Number.isInteger(p.default)).toBe(true);
      }
      const slo = (f as { slo?: { param: string } }).slo;
      if (slo !== undefined) expect(Object.keys(f.params)).toContain(slo.param);
    }
  });
});
