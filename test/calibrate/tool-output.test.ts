// A tool's extra output time per merged request: an execution of n requests sent by that tool spends x × (n − 1)
// more in its output phase (never less than nothing), and the fit on the tool's own loaded levels gives back the
// x their Server Compute Output was simulated with.
import { describe, expect, it } from "vitest";
import { fitToolOutput, requestWeightedRequests } from "../../src/calibrate/tool-output.js";
import { forTool, toolCosts, withLoadGenerator } from "../../src/compute/load-generator.js";
import { fromTritonConfigJson } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { toolRun, toolRunEntry, toolRunModelConfig, toolRunProfile } from "../helpers/tool-run.js";

const modelConfig = toolRunModelConfig;
const run = toolRun;
const profile = toolRunProfile;
const lg = toolRunEntry;

function closedLoop(concurrency: number, outputPerRequestUs: number) {
  const tool = forTool(withLoadGenerator(profile, { ...lg, outputPerRequestUs }), "perf_analyzer");
  return simulate({
    config: fromTritonConfigJson(modelConfig, "cal", 1),
    profile: tool.profile,
    ...toolCosts(tool),
    workload: { kind: "concurrency", concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 },
  });
}

describe("a tool's extra output time per merged request", () => {
  it("adds x × (n − 1) to the output phase of every execution of n requests", () => {
    for (const x of [0, 7.5, 20]) {
      const r = closedLoop(16, x);
      expect(r.triton.batchStats.length).toBeGreaterThan(0);
      for (const s of r.triton.batchStats) expect(s.computeOutputUs / s.count).toBeCloseTo(x * (s.batchSize - 1), 6);
    }
  });

  it("never takes the output phase below nothing", () => {
    for (const s of closedLoop(16, -50).triton.batchStats) expect(s.computeOutputUs).toBe(0);
  });

  it("is fitted back from the Server Compute Output of the tool's loaded levels", () => {
    const rows = [1, 8, 16, 24].map((c) => {
      const r = closedLoop(c, 12);
      return { Concurrency: c, "Inferences/Second": r.throughputPerS, "Server Compute Output": r.breakdownUs.computeOutput };
    });
    const fit = fitToolOutput(profile, lg, run, rows);
    expect(fit.outputPerRequestUs).toBeCloseTo(12, 1);
    expect(fit.levels.map((l) => l.concurrency)).toEqual([8, 16, 24]);
    for (const l of fit.levels) {
      expect(l.requestsPerExecution).toBeGreaterThan(1);
      expect(Math.abs(l.simulatedUs - l.measuredUs)).toBeLessThan(0.01 * l.measuredUs + 1);
    }
  });

  it("needs a loaded level with the column", () => {
    expect(() => fitToolOutput(profile, lg, run, [{ Concurrency: 1, "Server Compute Output": 10 }])).toThrow(/Server Compute Output/);
  });

  it("weighs an execution's requests by the requests it answers", () => {
    const summary = { triton: { batchStats: [{ batchSize: 1, count: 2 }, { batchSize: 4, count: 1 }] } };
    expect(requestWeightedRequests(summary as never)).toBeCloseTo((1 * 1 * 2 + 16) / (2 + 4), 12);
  });
});
