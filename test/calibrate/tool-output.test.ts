// A tool's extra output time per merged request: an execution of n requests sent by that tool spends x × (n − 1)
// more in its output phase (never less than nothing), and the fit on the tool's own loaded levels gives back the
// x their Server Compute Output was simulated with.
import { describe, expect, it } from "vitest";
import { parseLiveRun } from "../../src/calibrate/live-run.js";
import { fitToolOutput, requestWeightedRequests } from "../../src/calibrate/tool-output.js";
import { forTool, toolCosts, withLoadGenerator } from "../../src/compute/load-generator.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { LoadGenerator, Profile } from "../../src/compute/profile.js";
import { fromTritonConfigJson } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";

const modelConfig = { name: "cal", max_batch_size: 32, dynamic_batching: {}, instance_group: [{ count: 1, kind: "KIND_GPU" }] };
const run = parseLiveRun(
  {
    schema: "servesim.live/v1",
    name: "tool-cal",
    model: "cal",
    network: "loopback",
    tool: "perf_analyzer",
    toolVersion: "t",
    load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [1, 8, 16, 24] },
    modelConfig,
    measurement: { intervalMs: 1000, stabilityPct: 10 },
    metadata: { date: "d", command: "c" },
  },
  "tool-cal",
);
// the inline table's output phase is 0 µs at every batch size: whatever the output phase takes is the tool's cost
const profile: Profile = { ...parseComputeMs("1=0.7,8=1.0,16=1.4,32=2.4"), turnaround: { baseUs: 30, perRequestUs: 13 } };
const lg: LoadGenerator = { tool: "perf_analyzer", responseGapUs: 0, sendUs: 2, recvUs: 0, networkUs: 100 };

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
