// validate sends a live open-loop level at the times its load generator planned: perf_analyzer's one fixed
// Poisson draw, servesim loadgen's gaps from its recorded --seed; the simulation's own seed varies the server only.
import { describe, expect, it } from "vitest";
import { parseLiveRun, type LiveRun } from "../../src/calibrate/live-run.js";
import { gapSource } from "../../src/calibrate/open-loop.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { makeServerConfig } from "../../src/server/config.js";
import { simulate } from "../../src/server/simulation.js";
import { workloadOf } from "../../src/validate/validate.js";
import { perfAnalyzerPoissonTimesNs } from "../../src/workload/perf-analyzer-schedule.js";

function liveRun(tool: "perf_analyzer" | "servesim-loadgen", command: string, measurement: Record<string, unknown>, distribution = "poisson"): LiveRun {
  return parseLiveRun(
    {
      schema: "servesim.live/v1",
      name: "r",
      model: "r",
      network: "simulated",
      tool,
      toolVersion: "test",
      load: { mode: "rate", distribution, batchSize: 1, levels: [500, 2000] },
      modelConfig: { name: "r", max_batch_size: 8, dynamic_batching: {}, instance_group: [{ count: 1, kind: "KIND_GPU" }] },
      measurement,
      metadata: { date: "2026-11-29", command },
    },
    "r",
  );
}

const arrivals = { config: makeServerConfig({ maxBatchSize: 8 }), profile: parseComputeMs("1=0.2,8=0.5"), measurement: { kind: "requests" as const, warmupRequests: 0, requests: 2000 } };

describe("validate replays the live level's own send schedule", () => {
  it("a perf_analyzer Poisson level: its schedule's times, repeated, dealt to its threads", () => {
    const run = liveRun("perf_analyzer", "perf_analyzer -m r --request-rate-range 2000 --request-distribution poisson -p 1500 --max-threads 64", { intervalMs: 1500, stabilityPct: 10 });
    const w = workloadOf(run, 2000);
    expect(w.kind).toBe("trace");
    if (w.kind !== "trace") return;
    const ns = perfAnalyzerPoissonTimesNs({ requestsPerS: 2000, intervalMs: 1500, maxTrials: 10, threads: 64 });
    expect(w.timesUs.length).toBe(ns.length);
    expect(w.timesUs[1000]).toBe(ns[1000]! / 1000);
    expect(w.wrapGapUs).toBe(w.timesUs[0]);
    expect(w.senders).toBe(64);
    // the same at any seed of the simulation: the level's sends do not move
    const a = simulate({ ...arrivals, workload: w, seed: "1" });
    const b = simulate({ ...arrivals, workload: w, seed: "2" });
    expect(b.windowStartUs).toBe(a.windowStartUs);
    expect(b.requests).toBe(a.requests);
  });

  it("perf_analyzer's constant gaps and servesim loadgen's constant gaps stay a rate workload", () => {
    expect(workloadOf(liveRun("perf_analyzer", "perf_analyzer --max-threads 64", { intervalMs: 1500, stabilityPct: 10 }, "constant"), 500).kind).toBe("rate");
    const lg = workloadOf(liveRun("servesim-loadgen", "servesim loadgen", { intervalMs: 1000, stabilityPct: 10 }, "constant"), 500);
    expect(lg.kind === "rate" && lg.arrivalSeed).toBe(undefined);
  });

  it("a servesim loadgen Poisson level: the gaps of its recorded seed, whatever the simulation's seed", () => {
    const run = liveRun("servesim-loadgen", "servesim loadgen -m r --request-rate-range 2000 --request-distribution poisson --seed 7", { intervalMs: 1000, stabilityPct: 10, seed: "7" });
    const w = workloadOf(run, 2000);
    expect(w.kind === "rate" && w.arrivalSeed).toBe("7");
    // the simulation sends at loadgen's planned times: the running sums of gapSource's gaps (ms → µs)
    const sends: number[] = [];
    simulate({ ...arrivals, workload: w, seed: "99", observer: { onRequestDone: (e) => void sends.push(e.t0Us) } });
    sends.sort((x, y) => x - y);
    const next = gapSource(2000, "poisson", "7");
    let t = 0;
    for (let i = 0; i < 50; i++) {
      expect(sends[i]).toBeCloseTo(t, 6);
      t += next() * 1000;
    }
  });
});
