// perf_analyzer's Poisson schedule: one fixed draw from an unseeded std::mt19937, scaled by 1/rate.
import { mersenne } from "pure-rand/generator/mersenne";
import { describe, expect, it } from "vitest";
import { loadValue } from "../../src/workload/workload.js";
import { MT19937_DEFAULT_SEED, perfAnalyzerPoissonTimesNs, perfAnalyzerPoissonWorkload } from "../../src/workload/perf-analyzer-schedule.js";

const spec = { requestsPerS: 3000, intervalMs: 1500, maxTrials: 10, threads: 64 };

describe("perf_analyzer's Poisson schedule", () => {
  it("the engine is std::mt19937 default-constructed: its 10000th output is 4123659995 (the C++ standard's check)", () => {
    const g = mersenne(MT19937_DEFAULT_SEED);
    let v = 0;
    for (let i = 0; i < 10000; i++) v = g.next() >>> 0;
    expect(v).toBe(4123659995);
  });

  it("the first gap is -ln(1 − u)/rate, u from the engine's first two outputs as libstdc++'s generate_canonical joins them, truncated to ns", () => {
    // std::mt19937's first two outputs: 3499211612, 581869302
    const u = (3499211612 + 581869302 * 2 ** 32) / 2 ** 64;
    const t = perfAnalyzerPoissonTimesNs(spec);
    expect(t[0]).toBe(Math.trunc((-Math.log(1 - u) / 3000) * 1e9));
  });

  it("covers max_trials × the interval in whole rounds of the threads, ascending", () => {
    for (const s of [spec, { ...spec, requestsPerS: 777, threads: 7 }, { ...spec, intervalMs: 5000, maxTrials: 3, threads: 1 }]) {
      const t = perfAnalyzerPoissonTimesNs(s);
      expect(t.length % s.threads).toBe(0);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(s.maxTrials * s.intervalMs * 1e6);
      // the draw before the last round already reached the duration only if a round was open
      for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]!);
    }
  });

  it("every rate replays the same draw: times × rate agree across rates to the ns truncation", () => {
    const a = perfAnalyzerPoissonTimesNs({ ...spec, requestsPerS: 1000 });
    const b = perfAnalyzerPoissonTimesNs({ ...spec, requestsPerS: 4000 });
    for (let i = 0; i < Math.min(a.length, b.length); i += 997) expect(Math.abs(a[i]! - 4 * b[i]!)).toBeLessThanOrEqual(4 * (i + 1));
  });

  it("the draw's early stretch runs fast: its first 20 000 gaps average 0.986 of the mean gap", () => {
    const t = perfAnalyzerPoissonTimesNs({ requestsPerS: 1000, intervalMs: 30_000, maxTrials: 1, threads: 1 });
    expect(t.length).toBeGreaterThan(20_000);
    expect((t[19_999]! / 1e6) / 20_000).toBeCloseTo(0.986, 3);
  });

  it("as a workload: a repeating trace whose wrap is the first gap, shared between calls with one spec", () => {
    const shape = { batchSize: 2, priority: 0, timeoutUs: 0 };
    const w = perfAnalyzerPoissonWorkload(spec, shape);
    expect(w.loop).toBe(true);
    expect(w.wrapGapUs).toBe(w.timesUs[0]);
    expect(loadValue(w)).toBe(3000); // the level perf_analyzer reports: the nominal rate, not the draw's
    expect(w.batchSizes.every((b) => b === 2)).toBe(true);
    expect(perfAnalyzerPoissonWorkload(spec, shape)).toBe(w);
  });

  it("refuses a rate, interval, trial count or thread count it cannot use", () => {
    expect(() => perfAnalyzerPoissonTimesNs({ ...spec, requestsPerS: 0 })).toThrow(/request rate/);
    expect(() => perfAnalyzerPoissonTimesNs({ ...spec, intervalMs: -1 })).toThrow(/measurement interval/);
    expect(() => perfAnalyzerPoissonTimesNs({ ...spec, maxTrials: 1.5 })).toThrow(/max trials/);
    expect(() => perfAnalyzerPoissonTimesNs({ ...spec, threads: 0 })).toThrow(/threads/);
  });
});
