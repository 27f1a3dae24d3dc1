// Instance turnaround: measured from a saturated closed-loop run as cycle per execution less compute, and
// simulated as time an instance spends between executions (its next payload waits for it).
import { describe, expect, it } from "vitest";
import { fitTurnaround } from "../../src/calibrate/turnaround.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { readModelConfigPbtxt } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { compositionRun, liveLevel } from "../helpers/live-level.js";

/** A closed-loop level whose executions of n requests take computeUs each and cycle every cycleUs. */
function level(load: number, n: number, computeUs: number, cycleUs: number, queueUs: number) {
  const executions = 1000;
  return liveLevel(load, {
    throughputPerS: (1e6 * n) / cycleUs,
    requests: executions * n,
    triton: {
      inferenceCount: executions * n,
      executionCount: executions,
      queue: { count: executions * n, totalUs: executions * n * queueUs },
      batchStats: [{ batchSize: n, count: executions, computeInputUs: 0, computeInferUs: executions * computeUs, computeOutputUs: 0 }],
    },
  });
}

const run = compositionRun;

describe("fitting the turnaround", () => {
  it("recovers base + per-request time from saturated levels and ignores an unsaturated one", () => {
    const t = (n: number) => 30 + 13 * n;
    const r = run([
      level(1, 1, 800, 2000, 40), // client-bound: not saturated, its 1200 µs gap is the client's
      level(2, 1, 800, 800 + t(1), 700),
      level(8, 4, 1100, 1100 + t(4), 900),
      level(32, 16, 2400, 2400 + t(16), 1500),
    ]);
    const fit = fitTurnaround(r);
    expect(fit.turnaround.baseUs).toBeCloseTo(30, 0);
    expect(fit.turnaround.perRequestUs).toBeCloseTo(13, 1);
    expect(fit.levels.filter((l) => l.saturated)).toHaveLength(3);
    expect(fit.rmsUs).toBeLessThan(1);
  });

  it("needs one instance and two saturated levels", () => {
    expect(() => fitTurnaround(run([level(2, 1, 800, 850, 700), level(8, 4, 1100, 1200, 900)], 2))).toThrow(/one instance/);
    expect(() => fitTurnaround(run([level(1, 1, 800, 2000, 40), level(8, 4, 1100, 1200, 900)]))).toThrow(/2 saturated levels/);
  });
});

describe("simulated turnaround", () => {
  const config = readModelConfigPbtxt('name: "m"\nmax_batch_size: 1\ninstance_group [{ count: 1 kind: KIND_GPU }]', "m");
  const base = parseComputeMs("1=1");
  const sat = (profile: Profile) =>
    simulate({
      config,
      profile,
      workload: { kind: "concurrency", concurrency: 8, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "1",
      measurement: { kind: "requests", warmupRequests: 500, requests: 20_000 },
    });

  it("a saturated instance completes one execution per compute + turnaround", () => {
    const a = sat(base);
    const b = sat({ ...base, turnaround: { baseUs: 150, perRequestUs: 100 } });
    expect(a.throughputPerS).toBeCloseTo(1000, -1);
    expect(b.throughputPerS).toBeCloseTo(1e6 / 1250, -1);
    // the requests wait for it in the queue; compute itself is unchanged
    expect(b.breakdownUs.computeInfer).toBeCloseTo(a.breakdownUs.computeInfer, 0);
    expect(b.breakdownUs.serverQueue).toBeGreaterThan(a.breakdownUs.serverQueue);
  });

  it("a zero turnaround changes nothing", () => {
    expect(JSON.stringify(sat({ ...base, turnaround: { baseUs: 0, perRequestUs: 0 } }))).toBe(JSON.stringify(sat(base)));
  });
});
