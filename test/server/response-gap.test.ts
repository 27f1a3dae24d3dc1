// A load generator that takes a batch's responses one at a time: the j-th response of an execution
// reaches it j × gap after the first; nothing else moves. And the gap measured from a calibration-only
// run: the slope of the Network+Server excess against the mean position in the batch.
import { describe, expect, it } from "vitest";
import { fitResponseGap } from "../../src/calibrate/response-gap.js";
import type { LiveRun } from "../../src/calibrate/live-run.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { makeServerConfig } from "../../src/server/config.js";
import { runSimulation, type SimulationObserver } from "../../src/server/simulation.js";
import { liveLevel } from "../helpers/live-level.js";

type Done = Parameters<NonNullable<SimulationObserver["onRequestDone"]>>[0];

function burstOf(n: number, responseGapUs: number): Done[] {
  const done: Done[] = [];
  runSimulation({
    config: makeServerConfig({ maxBatchSize: 8, dynamicBatching: {} }),
    profile: parseComputeMs("1=1,8=2"),
    workload: {
      kind: "trace",
      timesUs: new Float64Array(n),
      batchSizes: new Int32Array(n).fill(1),
      priorities: new Int32Array(n),
      timeoutsUs: new Float64Array(n),
      loop: false,
    },
    seed: "gap",
    measurement: { kind: "duration", warmupUs: 0, durationUs: 1e12 },
    responseGapUs,
    observer: { onRequestDone: (e) => done.push(e) },
  });
  return done.sort((a, b) => a.id - b.id);
}

describe("response gap", () => {
  it("the j-th response of one execution is seen j × gap later; the execution itself does not move", () => {
    const plain = burstOf(4, 0);
    const gapped = burstOf(4, 150);
    expect(new Set(plain.map((d) => d.execEndUs)).size).toBe(1);
    gapped.forEach((d, j) => {
      expect(d.execEndUs).toBe(plain[j]!.execEndUs);
      expect(d.responseEndUs - plain[j]!.responseEndUs).toBeCloseTo(j * 150, 9);
    });
  });

  it("is fitted as the slope of the Network+Server excess against the mean position in the batch", () => {
    // levels with batches of 1, 3 and 5 requests; Network+Server = 300 + 120 × mean position
    const level = (load: number, b: number) =>
      liveLevel(load, {
        throughputPerS: 1000,
        requests: 1000,
        breakdownUs: { networkServer: 300 + (120 * (b - 1)) / 2 },
        triton: { batchStats: [{ batchSize: b, count: 100 }] },
        cpuCores: 0.5,
      });
    const run = { name: "c", model: "m", tool: "servesim-loadgen", results: [level(1, 1), level(3, 3), level(5, 5)] } as unknown as LiveRun;
    const fit = fitResponseGap(run);
    expect(fit.loadGenerator).toMatchObject({ tool: "servesim-loadgen", responseGapUs: 120 });
    expect(fit.rmsUs).toBeCloseTo(0, 9);
    expect(() => fitResponseGap({ ...run, results: [level(1, 1), level(2, 1), level(3, 1)] } as unknown as LiveRun)).toThrow(/no level executed batches/);
  });
});
