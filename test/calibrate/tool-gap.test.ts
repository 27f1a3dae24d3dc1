// A tool's response gap fitted by simulating its own closed-loop run on the calibration model: the
// Network+Server times the simulator produced with a known gap, at every loaded level, give that gap
// back (least squares over the levels, so each of them counts).
import { describe, expect, it } from "vitest";
import { fitToolGap, fitToolSpread } from "../../src/calibrate/tool-gap.js";
import { forTool, withLoadGenerator } from "../../src/compute/load-generator.js";
import { fromTritonConfigJson } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { toolRun, toolRunEntry, toolRunModelConfig, toolRunProfile } from "../helpers/tool-run.js";

const modelConfig = toolRunModelConfig;
const run = toolRun;
const profile = toolRunProfile;
const lg = toolRunEntry;

function measured(gapUs: number, loadedNetworkUs = 0) {
  const tool = forTool(withLoadGenerator(profile, { ...lg, responseGapUs: gapUs, loadedNetworkUs }), "perf_analyzer");
  return [1, 8, 16, 24].map((c) => {
    const r = simulate({
      config: fromTritonConfigJson(modelConfig, "cal", 1),
      profile: tool.profile,
      responseGapUs: tool.responseGapUs,
      loadedNetworkUs: tool.loadedNetworkUs,
      workload: { kind: "concurrency", concurrency: c, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "1",
      measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 },
    });
    return { Concurrency: c, "Inferences/Second": r.throughputPerS, "Network+Server Send/Recv": r.breakdownUs.networkServer };
  });
}

describe("a tool's response gap from its Network+Server at every loaded level", () => {
  it("gives back the gap the run was simulated with, and reproduces its throughput", () => {
    const fit = fitToolGap(profile, lg, run, measured(40), { maxUs: 100, stepUs: 10 });
    expect(fit.responseGapUs).toBe(40);
    expect(fit.levels.map((l) => l.concurrency)).toEqual([8, 16, 24]);
    for (const l of fit.levels) expect(Math.abs(l.simulatedUs - l.measuredUs)).toBeLessThan(1e-6);
    expect(fit.throughputRmsPct).toBeLessThan(0.5);
  });

  it("gives back a loaded network time the run was simulated with, together with its gap", () => {
    const fit = fitToolGap(profile, lg, run, measured(20, 60), { maxUs: 60, stepUs: 10, maxLoadedUs: 120, loadedStepUs: 20 });
    expect([fit.responseGapUs, fit.loadedNetworkUs]).toEqual([20, 60]);
    for (const l of fit.levels) expect(Math.abs(l.simulatedUs - l.measuredUs)).toBeLessThan(1e-6);
    // without it, the gap alone cannot reproduce every level
    const gapOnly = fitToolGap(profile, lg, run, measured(20, 60), { maxUs: 60, stepUs: 10, fitLoaded: false });
    expect(gapOnly.loadedNetworkUs).toBe(0);
    expect(gapOnly.levels.some((l) => Math.abs(l.simulatedUs - l.measuredUs) > 5)).toBe(true);
  });

  it("every loaded level counts: heavier levels whose Network+Server fell to 0 pull the gap down", () => {
    const rows = measured(40).map((r) => (r.Concurrency > 8 ? { ...r, "Network+Server Send/Recv": 0 } : r));
    expect(fitToolGap(profile, lg, run, rows, { maxUs: 100, stepUs: 10 }).responseGapUs).toBeLessThan(40);
  });

  it("a larger gap is read from a larger Network+Server time", () => {
    const small = fitToolGap(profile, lg, run, measured(20), { maxUs: 100, stepUs: 10 }).responseGapUs;
    const large = fitToolGap(profile, lg, run, measured(80), { maxUs: 100, stepUs: 10 }).responseGapUs;
    expect([small, large]).toEqual([20, 80]);
  });

  it("needs a level above concurrency 1 with its Network+Server column", () => {
    expect(() => fitToolGap(profile, lg, run, measured(40).slice(0, 1))).toThrow(/a level above concurrency 1/);
    const rows = measured(40).map(({ "Network+Server Send/Recv": _, ...r }) => r);
    expect(() => fitToolGap(profile, lg, run, rows)).toThrow(/Network\+Server/);
  });
});

describe("a tool's network spread from its concurrency-1 tail", () => {
  it("gives back the spread the concurrency-1 level was simulated with", () => {
    const tool = forTool(withLoadGenerator(profile, { ...lg, networkSdUs: 60 }), "perf_analyzer");
    const r = simulate({
      config: fromTritonConfigJson(modelConfig, "cal", 1),
      profile: tool.profile,
      responseGapUs: 0,
      workload: { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "1",
      measurement: { kind: "requests", warmupRequests: 500, requests: 20_000 },
    });
    const rows = [{ Concurrency: 1, "p50 latency": r.latencyUs.p50, "p95 latency": r.latencyUs.p95 }];
    const fit = fitToolSpread(profile, lg, run, rows, { maxUs: 120, stepUs: 10 });
    expect(fit.networkSdUs).toBe(60);
    expect(Math.abs(fit.simulatedTailUs - fit.measuredTailUs)).toBeLessThan(1);
  });
});
