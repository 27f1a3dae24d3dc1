// Validation maths and the self-check: live runs produced by the simulator itself validate at ≈ 0 %.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLiveDir } from "../../src/cli/validate.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { toPerfAnalyzerCsv } from "../../src/metrics/csv.js";
import { placeInstances } from "../../src/server/config.js";
import { simulate } from "../../src/server/simulation.js";
import { loadBand, signedPctError, summarizeErrors } from "../../src/validate/errors.js";
import { decisionRegret } from "../../src/validate/regret.js";
import { validateRuns, workloadOf } from "../../src/validate/validate.js";
import { liveGpus, liveServerConfig, parseLiveRun } from "../../src/calibrate/live-run.js";
import { liveLevel } from "../helpers/live-level.js";

describe("error arithmetic", () => {
  it("signed % error, and summaries of absolute error", () => {
    expect(signedPctError(110, 100)).toBeCloseTo(10);
    expect(signedPctError(90, 100)).toBeCloseTo(-10);
    expect(Number.isNaN(signedPctError(1, 0))).toBe(true);
    const s = summarizeErrors([10, -20, 30, Number.NaN]);
    expect(s.n).toBe(3);
    expect(s.medianAbsPct).toBeCloseTo(20);
    expect(s.meanAbsPct).toBeCloseTo(20);
    expect(s.meanSignedPct).toBeCloseTo(20 / 3);
  });

  it("load bands split at 50 % and 85 % of capacity", () => {
    expect(loadBand(40, 100)).toBe("<50%");
    expect(loadBand(50, 100)).toBe("50–85%");
    expect(loadBand(85, 100)).toBe("50–85%");
    expect(loadBand(86, 100)).toBe(">85%");
  });
});

describe("decision regret", () => {
  const pts = [
    // run A: predicted optimistic (meets SLO at 900 predicted), measured only 600 within SLO
    { run: "A", throughputMeasured: 600, throughputPredicted: 600, latencyMeasuredUs: 8000, latencyPredictedUs: 7000 },
    { run: "A", throughputMeasured: 900, throughputPredicted: 900, latencyMeasuredUs: 12_000, latencyPredictedUs: 9000 },
    // run B: 800 within SLO, measured and predicted
    { run: "B", throughputMeasured: 800, throughputPredicted: 800, latencyMeasuredUs: 9000, latencyPredictedUs: 9500 },
  ];
  it("the model picks A (900 predicted), the best measured is B (800): 200/s lost", () => {
    const r = decisionRegret(pts, 10);
    expect(r.picked).toBe("A");
    expect(r.best).toBe("B");
    expect(r.pickedMeasuredPerS).toBe(600);
    expect(r.lostPerS).toBe(200);
    expect(r.lostFraction).toBeCloseTo(0.25);
  });
  it("no regret when the model ranks like the measurements", () => {
    const r = decisionRegret(pts, 20);
    expect(r.picked).toBe("A");
    expect(r.best).toBe("A");
    expect(r.lostPerS).toBe(0);
  });
});

/** A folder of live runs the simulator itself produced on `profile` (closed loop and open loop). */
function selfLiveDir(profile: ReturnType<typeof parseComputeMs>): string {
  const dir = mkdtempSync(join(tmpdir(), "servesim-live-"));
  const configs = [
    { name: "static", modelConfig: { name: "static", max_batch_size: 8, instance_group: [{ count: 1, kind: "KIND_GPU" }] }, mode: "concurrency" as const, levels: [1, 4, 16] },
    {
      name: "dyn",
      modelConfig: { name: "dyn", max_batch_size: 32, dynamic_batching: { preferred_batch_size: [16, 32], max_queue_delay_microseconds: 500 }, instance_group: [{ count: 2, kind: "KIND_GPU" }] },
      mode: "rate" as const,
      levels: [500, 1500, 3000],
    },
    {
      // one instance on each of two GPUs: 4500/s is past one GPU's capacity (8 per 3 ms), within two's
      name: "twogpu",
      modelConfig: { name: "twogpu", max_batch_size: 8, dynamic_batching: {}, instance_group: [{ count: 1, kind: "KIND_GPU", gpus: [0, 1] }] },
      mode: "rate" as const,
      levels: [1000, 3000, 4500],
    },
  ];
  for (const c of configs) {
    const run = parseLiveRun(
      {
        schema: "servesim.live/v1",
        name: c.name,
        model: c.name,
        network: "simulated",
        tool: "servesim-loadgen",
        toolVersion: "test",
        load: { mode: c.mode, distribution: c.mode === "rate" ? "poisson" : null, batchSize: 1, levels: c.levels },
        modelConfig: c.modelConfig,
        measurement: { intervalMs: 1000, stabilityPct: 10 },
        metadata: { date: "2026-11-25", command: "test" },
      },
      c.name,
    );
    const config = liveServerConfig(run, c.name);
    const rows = c.levels.map((level) =>
      simulate({
        config,
        profile,
        workload: workloadOf(run, level),
        seed: "1",
        measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 },
      }),
    );
    writeFileSync(join(dir, `${c.name}.csv`), toPerfAnalyzerCsv(rows));
    writeFileSync(join(dir, `${c.name}.json`), JSON.stringify(run));
  }
  return dir;
}

describe("a live run's GPUs", () => {
  const run = (groups: unknown) => parseLiveRun(
    {
      schema: "servesim.live/v1", name: "g", model: "g", network: "simulated", tool: "perf_analyzer", toolVersion: "t",
      load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [1] },
      modelConfig: { name: "g", max_batch_size: 8, instance_group: groups },
      measurement: { intervalMs: 1000, stabilityPct: 10 }, metadata: { date: "2026-11-27", command: "test" },
    },
    "g",
  );
  it("are one more than the highest GPU its instance groups list (Triton lists them as strings or numbers), else one", () => {
    expect(liveGpus(run([{ count: 1, kind: "KIND_GPU", gpus: [0] }]))).toBe(1);
    expect(liveGpus(run([{ count: 2, kind: "KIND_GPU", gpus: ["0", "1"] }]))).toBe(2);
    expect(liveGpus(run([{ count: 1, kind: "KIND_GPU", gpus: [3] }, { count: 1, kind: "KIND_CPU" }]))).toBe(4);
    expect(liveGpus(run([{ count: 1, kind: "KIND_GPU" }]))).toBe(1);
    expect(liveGpus(run(undefined))).toBe(1);
  });
  it("place the instances: count per listed GPU", () => {
    const c = liveServerConfig(run([{ count: 2, kind: "KIND_GPU", gpus: [0, 1] }]), "g");
    expect(c.gpus).toBe(2);
    expect(Array.from(placeInstances(c))).toEqual([0, 0, 1, 1]);
  });
});

describe("validate on live data produced by the simulator itself", () => {
  const profile = parseComputeMs("1=1.5,8=3,32=8");
  const dir = selfLiveDir(profile);

  it("reports ≈ 0 % error for every point", () => {
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "1", requests: 10_000, replications: 1, sloMs: [5, 10] });
    expect(report.speedMargin).toBeNull();
    expect(report.points).toHaveLength(9);
    for (const p of report.points) {
      expect(Math.abs(p.errorPct.throughput)).toBeLessThan(0.01);
      expect(Math.abs(p.errorPct.p50)).toBeLessThan(0.1); // the CSV truncates to whole µs
      expect(Math.abs(p.errorPct.p99)).toBeLessThan(0.1);
    }
    expect(report.overall.throughput.medianAbsPct).toBeLessThan(0.01);
    for (const g of report.regret) expect(g.lostPerS).toBe(0);
    // one calibrated model here: its rows are the headline's, and its interval sits at ≈ 0 with the rest
    expect(report.byCalibratedModel.map((g) => g.model)).toEqual([profile.metadata.model ?? profile.name]);
    expect(report.byCalibratedModel[0]!.all).toEqual(report.overall);
    expect(report.byCalibratedModel[0]!.heldOut).toEqual(report.heldOut);
    expect(report.uncertainty.byCalibratedModel[0]!.all).toEqual(report.uncertainty.overall);
    expect(report.uncertainty.overall.intervals.p50.highPct).toBeLessThan(0.1);
  });

  it("with a speed margin, the slower server's p99 bounds every measurement of a server as calibrated", () => {
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "1", requests: 10_000, replications: 1, sloMs: [5, 10], speedMarginPct: 20 });
    for (const p of report.points) {
      expect(p.marginPredicted!.p99Us).toBeGreaterThan(p.measured.p99Us);
      if (p.mode === "concurrency") expect(p.marginPredicted!.throughputPerS).toBeLessThan(p.predicted.throughputPerS);
    }
    const m = report.speedMargin!;
    expect(m.speedMarginPct).toBe(20);
    expect(m.bound.all).toMatchObject({ n: 9, marginCovers: 9 });
    expect(m.bound.noEpisodes.n).toBe(9);
    expect(m.bound.recurringEpisodes.n).toBe(0);
    // the margin turns down at least what the plain prediction does, and every yes it gives holds
    for (const [i, v] of m.verdicts.all.entries()) {
      expect(v.margin.accepted).toBeLessThanOrEqual(v.plain.accepted);
      expect(v.margin.acceptedHeld).toBe(v.margin.accepted);
      expect(v.sloMs).toBe([5, 10][i]);
    }
    // regret: picks on the plain predictions lose nothing here (the runs are the model's own)
    expect(m.regret.map((r) => [r.sloMs, r.groups, r.plainLostPct])).toEqual([[5, 1, 0], [10, 1, 0]]);
    expect(() => validateRuns(readLiveDir(dir), () => profile, { seed: "1", requests: 1000, replications: 1, sloMs: [5], speedMarginPct: -1 })).toThrow(/speed margin/);
  });
});

/** A closed-loop live run of model "m" at concurrency 1 and 4 measuring `thr` × concurrency infer/s. */
function closedLoopRun(name: string, tool: "servesim-loadgen" | "perf_analyzer", thr: number, results?: unknown[]) {
  return {
    run: parseLiveRun(
      {
        schema: "servesim.live/v1",
        name,
        model: "m",
        network: "loopback",
        tool,
        toolVersion: "t",
        load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [1, 4] },
        modelConfig: { name: "m", max_batch_size: 8 },
        measurement: { intervalMs: 1000, stabilityPct: 10 },
        metadata: { date: "d", command: "c" },
        ...(results ? { results } : {}),
      },
      name,
    ),
    rows: [1, 4].map((c) => ({ Concurrency: c, "Inferences/Second": thr * c, "p50 latency": 1000, "p99 latency": 2000 })),
    where: name,
  };
}

describe("repeatability of the measurements", () => {
  it("pairs measurements of the same model, mode and load level across runs and tools", async () => {
    const { repeatPairs } = await import("../../src/validate/validate.js");
    const pairs = repeatPairs([closedLoopRun("a", "servesim-loadgen", 100), closedLoopRun("b", "perf_analyzer", 110)]);
    expect(pairs).toHaveLength(2);
    expect(pairs[0]!.diffPct.throughput).toBeCloseTo(10);
    expect(pairs[0]!.toolB).toBe("perf_analyzer");
  });

  it("pairs runs of the same model with the same server settings, however the model config spells them", async () => {
    const { repeatPairs } = await import("../../src/validate/validate.js");
    const withConfig = (r: ReturnType<typeof closedLoopRun>, model: string, modelConfig: Record<string, unknown>) => ({ ...r, run: { ...r.run, model, modelConfig: modelConfig as typeof r.run.modelConfig } });
    const a = closedLoopRun("a", "perf_analyzer", 100);
    // the same name with another max_batch_size: never a repeat
    expect(repeatPairs([a, withConfig(closedLoopRun("b", "perf_analyzer", 100), "m", { name: "m", max_batch_size: 16 })])).toHaveLength(0);
    // the same settings written differently (a uint64 as a string, the default instance group spelled out): a repeat
    const same = withConfig(closedLoopRun("c", "perf_analyzer", 100), "m", { name: "m", max_batch_size: "8", instance_group: [{ count: 1, kind: "KIND_GPU" }] });
    expect(repeatPairs([a, same])).toHaveLength(2);
    // another model name (another network, perhaps) with the same settings: not a repeat
    expect(repeatPairs([a, withConfig(closedLoopRun("d", "perf_analyzer", 100), "other", { name: "other", max_batch_size: 8 })])).toHaveLength(0);
  });
});

describe("levels the tool fell behind on", () => {
  it("are no steady state, left out of the summaries, and checked on their own: perf_analyzer's two threads at 3000/s against a 1000/s server", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-behind-"));
    const profile = parseComputeMs("1=1");
    const modelConfig = { name: "b", max_batch_size: 0, instance_group: [{ count: 1, kind: "KIND_GPU", gpus: [0] }] };
    const run = parseLiveRun(
      {
        schema: "servesim.live/v1", name: "b", model: "b", network: "simulated", tool: "perf_analyzer", toolVersion: "t",
        load: { mode: "rate", distribution: "poisson", batchSize: 1, levels: [300, 3000] },
        modelConfig, measurement: { intervalMs: 1000, stabilityPct: 10 },
        metadata: { date: "2026-11-27", command: "perf_analyzer -m b --request-rate-range R:R:1 --max-threads 2" },
      },
      "b",
    );
    const rows = run.load.levels.map((level) =>
      simulate({ config: liveServerConfig(run, "b"), profile, workload: workloadOf(run, level), seed: "1", measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 } }),
    );
    expect(rows[1]!.throughputPerS).toBeLessThan(0.97 * 3000); // two synchronous threads cannot keep up
    writeFileSync(join(dir, "b.csv"), toPerfAnalyzerCsv(rows));
    writeFileSync(join(dir, "b.json"), JSON.stringify(run));
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "1", requests: 10_000, replications: 1, sloMs: [10] });
    expect(report.points.map((p) => p.steady)).toEqual([true, false]);
    expect(report.overall.throughput.n).toBe(1);
    expect(report.fellBehind.throughput.n).toBe(1);
    expect(report.fellBehind.p50.medianAbsPct).toBeLessThan(0.1); // the model's own measurement of it
  });
});

describe("stability: a level the tool could not measure stably is no measurement", () => {
  it("is listed but left out of summaries and repeat pairs, as perf_analyzer (which writes no row) treats it", async () => {
    const { isStable } = await import("../../src/validate/measured.js");
    const { repeatPairs } = await import("../../src/validate/repeats.js");
    const level = (load: number, stable: boolean) => liveLevel(load, { throughputPerS: 100 * load, requests: 10, stable });
    const lg = closedLoopRun("lg", "servesim-loadgen", 100, [level(1, true), level(4, false)]);
    const pa = closedLoopRun("pa", "perf_analyzer", 100);
    expect(isStable(lg.run, 1)).toBe(true);
    expect(isStable(lg.run, 4)).toBe(false);
    expect(isStable(pa.run, 4)).toBe(true);
    const pairs = repeatPairs([lg, pa]);
    expect(pairs.find((p) => p.load === 1)!.steady).toBe(true);
    expect(pairs.find((p) => p.load === 4)!.steady).toBe(false);
    const profile = parseComputeMs("1=1,8=2");
    const report = validateRuns([lg, pa], () => profile, { seed: "1", requests: 2000, replications: 1, sloMs: [10] });
    expect(report.points.filter((p) => !p.stable).map((p) => [p.run, p.load])).toEqual([["lg", 4]]);
    expect(report.overall.throughput.n).toBe(3);
    expect(report.includingUnstable.overall.throughput.n).toBe(4);
    expect(report.byProfile.map((g) => [g.profile, g.all.throughput.n])).toEqual([[profile.name, 3]]);
    // no host episodes in the profile: every point counts among the quiet ones
    expect([report.byHostEpisodes.recurring.all.throughput.n, report.byHostEpisodes.none.all.throughput.n]).toEqual([0, 3]);
    const stalling = { ...profile, hostEpisodes: { ratePerS: 0.8, meanDurationUs: 25_000, execFactor: 2.5, frontEndFactor: 7 } };
    const again = validateRuns([lg, pa], () => stalling, { seed: "1", requests: 2000, replications: 1, sloMs: [10] });
    expect([again.byHostEpisodes.recurring.all.throughput.n, again.byHostEpisodes.none.all.throughput.n]).toEqual([3, 0]);
    expect(again.byProfile[0]!.hostEpisodesPerS).toBe(0.8);
    // validate holds the front end during them (step 44), so the predictions move; left out, they are the quiet profile's
    expect(again.points.map((p) => p.predicted)).not.toEqual(report.points.map((p) => p.predicted));
    const leftOut = validateRuns([lg, pa], () => stalling, { seed: "1", requests: 2000, replications: 1, sloMs: [10], hostEpisodes: false });
    expect(leftOut.points.map((p) => p.predicted)).toEqual(report.points.map((p) => p.predicted));
  });
});

describe("validate with a research policy", () => {
  it("simulates every point with a fresh policy in place of Triton's batcher", async () => {
    const { greedyPolicy } = await import("../../src/server/policies/greedy.js");
    const run = parseLiveRun(
      {
        schema: "servesim.live/v1",
        name: "g",
        model: "g",
        network: "simulated",
        tool: "servesim-loadgen",
        toolVersion: "t",
        load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [4] },
        modelConfig: { name: "g", max_batch_size: 8, dynamic_batching: {} },
        measurement: { intervalMs: 1000, stabilityPct: 10 },
        metadata: { date: "d", command: "c" },
      },
      "g",
    );
    let made = 0;
    const rows = [{ Concurrency: 4, "Inferences/Second": 1000, "p50 latency": 4000, "p90 latency": 4000, "p99 latency": 4000 }];
    const report = validateRuns([{ run, rows, where: "g" }], () => parseComputeMs("1=1,8=2"), {
      seed: "1",
      requests: 2000,
      replications: 1,
      sloMs: [10],
      policy: () => {
        made++;
        return greedyPolicy();
      },
    });
    expect(report.points).toHaveLength(1);
    expect(made).toBeGreaterThanOrEqual(1);
  });
});
