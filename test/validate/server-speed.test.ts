// Speed-conditioned validation: a profile rescaled to a measured server speed, and validate's
// conditioned error on live data the simulator produced at that speed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLiveRun } from "../../src/calibrate/live-run.js";
import { readLiveDir } from "../../src/cli/validate.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { withServerSpeed } from "../../src/compute/server-speed.js";
import { toPerfAnalyzerCsv } from "../../src/metrics/csv.js";
import { fromTritonConfigJson } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { validateRuns, workloadOf } from "../../src/validate/validate.js";

const profile = parseComputeMs("1=1.5,8=3,32=8");

describe("withServerSpeed", () => {
  it("ratio 1 is the profile itself; ratio r scales every compute phase's mean and spread by r", () => {
    expect(withServerSpeed(profile, 1)).toBe(profile);
    const slow = withServerSpeed(profile, 1.25);
    profile.compute.forEach((c, i) => {
      const s = slow.compute[i]!;
      expect(s.computeInferUs.mean).toBeCloseTo(c.computeInferUs.mean * 1.25, 9);
      expect(s.computeInferUs.sd).toBeCloseTo(c.computeInferUs.sd * 1.25, 9);
      expect(s.batchSize).toBe(c.batchSize);
    });
    expect(slow.requestOverheads).toEqual(profile.requestOverheads);
  });

  it("refuses a ratio that is not a finite number > 0", () => {
    for (const r of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => withServerSpeed(profile, r)).toThrow(/ratio/);
  });
});

describe("validate conditioned on the server's measured speed", () => {
  it("live data simulated on a 20 % slower server: plain error large, conditioned error ≈ 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-speed-"));
    const modelConfig = { name: "dyn", max_batch_size: 32, dynamic_batching: { max_queue_delay_microseconds: 100 }, instance_group: [{ count: 1, kind: "KIND_GPU" }] };
    const levels = [1000, 3000];
    const json = {
      schema: "servesim.live/v1",
      name: "dyn",
      model: "dyn",
      network: "simulated",
      tool: "perf_analyzer",
      toolVersion: "test",
      load: { mode: "rate", distribution: "poisson", batchSize: 1, levels },
      modelConfig,
      measurement: { intervalMs: 1000, stabilityPct: 10 },
      metadata: { date: "2026-11-26", command: "perf_analyzer -m dyn --request-rate-range R:R:1 --max-threads 64" },
      serverSpeed: { measuredFrom: "test", levels: levels.map((level) => ({ level, ratio: 1.2, executions: 100 })) },
    };
    const run = parseLiveRun(json, "dyn");
    const config = fromTritonConfigJson(modelConfig, "dyn", 1);
    const slow = withServerSpeed(profile, 1.2);
    const rows = levels.map((level) =>
      simulate({ config, profile: slow, workload: workloadOf(run, level), seed: "1", measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 } }),
    );
    writeFileSync(join(dir, "dyn.csv"), toPerfAnalyzerCsv(rows));
    writeFileSync(join(dir, "dyn.json"), JSON.stringify(json));
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "1", requests: 10_000, replications: 1, sloMs: [10] });
    expect(report.points).toHaveLength(2);
    for (const p of report.points) {
      expect(p.speedConditioned!.ratio).toBe(1.2);
      expect(Math.abs(p.speedConditioned!.errorPct.p50)).toBeLessThan(0.1);
      expect(p.errorPct.p50).toBeLessThan(-5); // the plain profile is the faster server
    }
    expect(report.speedConditioned.plain.p50.n).toBe(2);
    expect(report.speedConditioned.conditioned.p50.medianAbsPct).toBeLessThan(0.1);
    expect(report.speedConditioned.plain.p50.medianAbsPct).toBeGreaterThan(5);
  });

  it("a run without serverSpeed has no conditioned prediction", () => {
    const run = parseLiveRun(
      {
        schema: "servesim.live/v1",
        name: "s",
        model: "s",
        network: "simulated",
        tool: "servesim-loadgen",
        toolVersion: "t",
        load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [2] },
        modelConfig: { name: "s", max_batch_size: 8 },
        measurement: { intervalMs: 1000, stabilityPct: 10 },
        metadata: { date: "d", command: "c" },
      },
      "s",
    );
    const rows = [{ Concurrency: 2, "Inferences/Second": 1000, "p50 latency": 2000, "p90 latency": 2000, "p99 latency": 2000 }];
    const report = validateRuns([{ run, rows, where: "s" }], () => profile, { seed: "1", requests: 2000, replications: 1, sloMs: [10] });
    expect(report.points[0]!.speedConditioned).toBeUndefined();
    expect(report.speedConditioned.plain.p50.n).toBe(0);
  });

  it("the live schema refuses a non-positive speed ratio, naming where", () => {
    const bad = {
      schema: "servesim.live/v1",
      name: "b",
      model: "b",
      network: "n",
      tool: "perf_analyzer",
      toolVersion: "t",
      load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [1] },
      modelConfig: { name: "b" },
      measurement: { intervalMs: 1000, stabilityPct: 10 },
      metadata: { date: "d", command: "c" },
      serverSpeed: { measuredFrom: "x", levels: [{ level: 1, ratio: 0, executions: 5 }] },
    };
    expect(() => parseLiveRun(bad, "b.json")).toThrow(/b\.json.*serverSpeed/);
  });
});
