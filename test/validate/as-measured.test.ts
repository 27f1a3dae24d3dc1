// A level measured the way perf_analyzer measures it: windows from the start of the load, reported over
// the first three that agree within ±stability % (else the last three, unstable); and validate's
// prediction, the median over replications of such measurements, each with its own seed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { median } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { parseLiveRun, type LiveRun } from "../../src/calibrate/live-run.js";
import { readLiveDir } from "../../src/cli/validate.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { toPerfAnalyzerCsv } from "../../src/metrics/csv.js";
import type { WindowsMeasurement } from "../../src/metrics/recorder.js";
import { WindowField, WindowProtocol, WindowSums } from "../../src/metrics/window-protocol.js";
import { makeServerConfig } from "../../src/server/config.js";
import { fromTritonConfigJson } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import { MC_TOLERANCE, measurementOf, medianStandardError, replicationSeed } from "../../src/validate/as-measured.js";
import { sendersOf, validateRuns, workloadOf } from "../../src/validate/validate.js";

const WINDOW_US = 500_000;
const windows = (maxTrials = 10): WindowsMeasurement => ({ kind: "windows", windowUs: WINDOW_US, stabilityPct: 10, maxTrials });
const rate = (requestsPerS: number) => ({ kind: "rate" as const, requestsPerS, distribution: "constant" as const, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 });

describe("perf_analyzer's windows", () => {
  it("a steady level agrees in its first three windows, and reports them merged", () => {
    // 1 ms per execution, 200 requests/s at a constant rate: nothing queues, every window alike
    const s = simulate({ config: makeServerConfig({ maxBatchSize: 0 }), profile: parseComputeMs("1=1"), workload: rate(200), seed: "1", measurement: windows() });
    expect(s.stable).toBe(true);
    expect(s.windowStartUs).toBe(0);
    expect(s.windowEndUs).toBe(3 * WINDOW_US);
    expect(s.throughputPerS).toBeCloseTo(200, 0);
    expect(s.requests).toBeGreaterThanOrEqual(299);
    expect(s.requests).toBeLessThanOrEqual(300);
    expect(s.latencyUs.p99).toBeCloseTo(1000, 6);
  });

  it("a level past capacity never agrees: it runs every trial and reports the last three windows, unstable", () => {
    // capacity 1000/s offered 3000/s: the queue and the latency grow in every window
    const s = simulate({ config: makeServerConfig({ maxBatchSize: 0 }), profile: parseComputeMs("1=1"), workload: rate(3000), seed: "1", measurement: windows(6) });
    expect(s.stable).toBe(false);
    expect(s.windowEndUs).toBe(6 * WINDOW_US);
    expect(s.throughputPerS).toBeCloseTo(1000, -1); // what completed in the last three windows
    // the latency reported is that of the last windows, long after the first requests
    expect(s.latencyUs.min).toBeGreaterThan(1e6);
  });

  it("agreement is perf_analyzer's test: throughput and mean latency each within max / min ≤ 1 + stability %", () => {
    const ws = new WindowSums(4);
    const add = (w: number, n: number, latencyUs: number) => {
      for (let i = 0; i < n; i++) ws.add(w, 1, latencyUs, 0, 0, 0, 0, 0, 0, latencyUs);
    };
    add(0, 100, 1000);
    add(1, 110, 1100);
    add(2, 105, 1050);
    add(3, 111, 1000);
    const none = new Float64Array(0);
    expect(ws.agree(0, 3, 10, undefined, none, none, WINDOW_US)).toBe(true); // 110 / 100, 1100 / 1000
    expect(ws.agree(1, 3, 10, undefined, none, none, WINDOW_US)).toBe(true);
    expect(ws.agree(0, 4, 10, undefined, none, none, WINDOW_US)).toBe(false); // 111 / 100 > 1.1
    expect(ws.agree(0, 3, 5, undefined, none, none, WINDOW_US)).toBe(false);
    expect(ws.total(WindowField.Samples, 1, 2)).toBe(215);
    expect(ws.requests(0, 4)).toBe(426);
    const empty = new WindowSums(3);
    expect(empty.agree(0, 3, 10, undefined, none, none, WINDOW_US)).toBe(false); // no requests: never stable
  });

  it("advance judges only where judges() says a window closed: asked only then, it chooses the same windows and end", () => {
    // the recorder makes the latencies' views only when judges() is true, so nothing is allocated per request
    const windowUs = 100_000;
    let agreed = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapUs: fc.integer({ min: 500, max: 1700 }), latencyUs: fc.integer({ min: 900, max: 1100 }) }), { minLength: 50, maxLength: 1200, size: "max" }),
        fc.constantFrom<number | undefined>(undefined, 99),
        (events, percentile) => {
          const m: WindowsMeasurement = { kind: "windows", windowUs, stabilityPct: 10, maxTrials: 8, percentile };
          const always = new WindowProtocol(m);
          const gated = new WindowProtocol(m);
          const lat = new Float64Array(events.length);
          const times = new Float64Array(events.length);
          let n = 0;
          let t = 0;
          for (const e of events) {
            t += e.gapUs;
            const a = always.advance(t, lat.subarray(0, n), times.subarray(0, n));
            const b = gated.judges(t) ? gated.advance(t, lat.subarray(0, n), times.subarray(0, n)) : -1;
            expect(b).toBe(a);
            if (always.chosen >= 0 || t >= always.maxEndUs) break;
            lat[n] = e.latencyUs;
            times[n++] = t;
            always.sums.add(always.windowOf(t), 1, e.latencyUs, 0, 0, 0, 0, 0, 0, e.latencyUs);
            gated.sums.add(gated.windowOf(t), 1, e.latencyUs, 0, 0, 0, 0, 0, 0, e.latencyUs);
          }
          expect(gated.chosen).toBe(always.chosen);
          runs++;
          if (always.chosen >= 0) agreed++;
        },
      ),
      { endOnFailure: true }, // a counterexample of 1200 events is read as it is; shrinking it takes minutes
    );
    // both outcomes were exercised: runs whose windows agreed and runs that never did
    expect(agreed).toBeGreaterThan(0);
    expect(agreed).toBeLessThan(runs);
  });

  it("judges the percentile's value instead of the mean when the run chose one (--percentile)", () => {
    const ws = new WindowSums(3);
    const lat: number[] = [];
    const times: number[] = [];
    for (let w = 0; w < 3; w++) {
      for (let i = 0; i < 100; i++) {
        // same mean in every window; window 2's slowest 2 % four times as slow, its fastest made up for it
        const l = w === 2 && i >= 98 ? 4000 : w === 2 && i < 6 ? 0 : 1000;
        ws.add(w, 1, l, 0, 0, 0, 0, 0, 0, l);
        lat.push(l);
        times.push(w * WINDOW_US + i);
      }
    }
    const L = Float64Array.from(lat);
    const T = Float64Array.from(times);
    expect(ws.agree(0, 3, 10, undefined, L, T, WINDOW_US)).toBe(true);
    expect(ws.agree(0, 3, 10, 99, L, T, WINDOW_US)).toBe(false);
  });
});

describe("validate predicts each level as its tool measured it", () => {
  /** A perf_analyzer open-loop run of 400, 900 and 1400/s; asynchronous unless `command` says otherwise. */
  function liveRun(name: string, command = `perf_analyzer -m ${name} --request-rate-range R:R:1 --async`): LiveRun {
    return parseLiveRun(
      {
        schema: "servesim.live/v1",
        name,
        model: name,
        network: "simulated",
        tool: "perf_analyzer",
        toolVersion: "test",
        load: { mode: "rate", distribution: "poisson", batchSize: 1, levels: [400, 900, 1400] },
        modelConfig: { name, max_batch_size: 8, dynamic_batching: {}, instance_group: [{ count: 1, kind: "KIND_GPU" }] },
        measurement: { intervalMs: 400, stabilityPct: 10 },
        metadata: { date: "2026-11-26", command },
      },
      name,
    );
  }

  it("a perf_analyzer open loop is sent by its --max-threads synchronous threads (4 when its command names none), an --async one or a closed loop by no fixed number", () => {
    const rate = (command: string) => sendersOf(liveRun("s", command));
    expect(rate("perf_analyzer -m s -i grpc --request-rate-range R:R:1 --request-distribution poisson -p 1500 --max-threads 64 (one call per rate)")).toBe(64);
    expect(rate("perf_analyzer -m s --max-threads=16 --request-rate-range 100:100:1")).toBe(16);
    expect(rate("perf_analyzer -m s --request-rate-range 100:100:1")).toBe(4);
    expect(rate("perf_analyzer -m s --request-rate-range 100:100:1 --async --max-threads 64")).toBe(0);
    expect(rate("perf_analyzer -m s -a --request-rate-range 100:100:1")).toBe(0);
    const w = workloadOf(liveRun("s", "perf_analyzer --max-threads 64"), 900);
    expect(w.kind !== "concurrency" && w.senders).toBe(64);
    const closed = parseLiveRun({ ...liveRun("c", "perf_analyzer --max-threads 64"), load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [4] } }, "c");
    expect(sendersOf(closed)).toBe(0);
    const loadgen = parseLiveRun({ ...liveRun("l", "servesim loadgen --max-threads 64"), tool: "servesim-loadgen" }, "l");
    expect(sendersOf(loadgen)).toBe(0);
  });

  it("uses the run's interval (1.2 × it per window), stability and trials, perf_analyzer's 10 when it records none", () => {
    const run = liveRun("w");
    expect(measurementOf(run, { seed: "1", replications: 1 })).toEqual({ kind: "windows", windowUs: 480_000, stabilityPct: 10, maxTrials: 10, percentile: undefined });
    expect(measurementOf(run, { seed: "1", replications: 1, requests: 5000 })).toEqual({ kind: "requests", warmupRequests: 1000, requests: 5000 });
    expect(replicationSeed("7", 0)).toBe("7");
    expect(replicationSeed("7", 2)).toBe("7.2");
  });

  it("one replication reproduces a measurement made with the same seed (≈ 0 % error); more give each figure's median", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-asmeasured-"));
    const profile = parseComputeMs("1=1,8=2.5");
    const run = liveRun("m");
    const config = fromTritonConfigJson(run.modelConfig, "m", 1);
    const measurement = measurementOf(run, { seed: "7", replications: 1 });
    const sim = (level: number, seed: string) => simulate({ config, profile, workload: workloadOf(run, level), seed, measurement });
    writeFileSync(join(dir, "m.csv"), toPerfAnalyzerCsv(run.load.levels.map((l) => sim(l, "7"))));
    writeFileSync(join(dir, "m.json"), JSON.stringify(run));
    const one = validateRuns(readLiveDir(dir), () => profile, { seed: "7", replications: 1, sloMs: [10] });
    for (const p of one.points) {
      expect(Math.abs(p.errorPct.throughput)).toBeLessThan(0.01);
      expect(Math.abs(p.errorPct.p50)).toBeLessThan(0.1); // the CSV keeps whole µs
      expect(Math.abs(p.errorPct.p99)).toBeLessThan(0.1);
    }
    expect(one.points.every((p) => p.predictedStable)).toBe(true);
    const three = validateRuns(readLiveDir(dir), () => profile, { seed: "7", replications: 3, sloMs: [10] });
    three.points.forEach((p, i) => {
      const level = run.load.levels[i]!;
      const p99s = [0, 1, 2].map((k) => sim(level, replicationSeed("7", k)).latencyUs.p99).sort((a, b) => a - b);
      expect(p.predicted.p99Us).toBe(p99s[1]);
    });
  });

  it("with a maximum above the minimum it adds measurements until the median p99's standard error is within the tolerance, or the maximum", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-asmeasured-"));
    // executions that spread (sd 40 % of the mean): what differs between draws, the sends being perf_analyzer's one schedule
    const plain = parseComputeMs("1=1,8=2.5");
    const profile = { ...plain, compute: plain.compute.map((c) => ({ ...c, computeInferUs: { mean: c.computeInferUs.mean, sd: 0.4 * c.computeInferUs.mean } })) };
    // a light level and two near the profile's capacity (about 3200/s), whose p99 moves from draw to draw
    const run = parseLiveRun({ ...liveRun("a"), load: { mode: "rate", distribution: "poisson", batchSize: 1, levels: [400, 2600, 2900] } }, "a");
    const config = fromTritonConfigJson(run.modelConfig, "a", 1);
    const measurement = measurementOf(run, { seed: "3", replications: 1 });
    const sim = (level: number, seed: string) => simulate({ config, profile, workload: workloadOf(run, level), seed, measurement });
    writeFileSync(join(dir, "a.csv"), toPerfAnalyzerCsv(run.load.levels.map((l) => sim(l, "3"))));
    writeFileSync(join(dir, "a.json"), JSON.stringify(run));
    const MIN = 3;
    const MAX = 12;
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "3", replications: MIN, maxReplications: MAX, sloMs: [10] });
    const settled = (xs: number[]) => medianStandardError(xs) <= MC_TOLERANCE * median(xs);
    report.points.forEach((p, i) => {
      expect(p.replications).toBeGreaterThanOrEqual(MIN);
      expect(p.replications).toBeLessThanOrEqual(MAX);
      const p99s = Array.from({ length: p.replications }, (_, k) => sim(run.load.levels[i]!, replicationSeed("3", k)).latencyUs.p99);
      expect(p.predicted.p99Us).toBe(median(p99s));
      if (p.replications < MAX) expect(settled(p99s)).toBe(true); // stopped early only once settled
      if (p.replications > MIN) expect(settled(p99s.slice(0, -1))).toBe(false); // and not before it had to
    });
    const fixed = validateRuns(readLiveDir(dir), () => profile, { seed: "3", replications: MIN, sloMs: [10] });
    expect(fixed.points.every((p) => p.replications === MIN)).toBe(true);
    // both ways out are taken here: the light level settles at once, the loaded ones take more draws
    expect(report.points[0]!.replications).toBe(MIN);
    expect(report.points.some((p) => p.replications > MIN)).toBe(true);
  });

  it("the median's standard error: 1.2533 σ / √n with σ from the interquartile range; none for one draw, zero without spread, blind to order", () => {
    expect(medianStandardError([5])).toBe(Number.POSITIVE_INFINITY);
    expect(medianStandardError([4, 4, 4, 4])).toBe(0);
    // a large normal sample (Box–Muller on a fixed sequence): within 5 % of the formula with the true σ
    const n = 4000;
    const xs = Array.from({ length: n }, (_, k) => {
      const u = (k + 0.5) / n;
      const v = ((k * 0.618034) % 1) + 1e-9;
      return 100 + 10 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    });
    expect(medianStandardError(xs) / ((1.2533 * 10) / Math.sqrt(n))).toBeCloseTo(1, 1);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (ys, c) => {
        const se = medianStandardError(ys);
        expect(medianStandardError([...ys].reverse())).toBeCloseTo(se, 6);
        expect(medianStandardError(ys.map((y) => c * y))).toBeCloseTo(c * se, 3);
      }),
    );
  });

  it("says which levels its own simulated measurement could not stabilise (past the model's capacity)", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-asmeasured-"));
    const run = liveRun("o");
    // the live server carried every level; this profile's capacity is about 1000/s (1 ms, batches of 1)
    const profile = parseComputeMs("1=1");
    const rows = run.load.levels.map((l) => ({ "Request Rate": l, "Inferences/Second": l, "p50 latency": 1000, "p90 latency": 1200, "p99 latency": 1500 }));
    const header = Object.keys(rows[0]!).join(",");
    writeFileSync(join(dir, "o.csv"), [header, ...rows.map((r) => Object.values(r).join(","))].join("\n") + "\n");
    writeFileSync(join(dir, "o.json"), JSON.stringify({ ...run, modelConfig: { name: "o", max_batch_size: 0, instance_group: [{ count: 1, kind: "KIND_GPU" }] } }));
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "1", replications: 1, sloMs: [10] });
    // 400/s settles at once; at 1400/s the simulated queue grows in every window (900/s, at 90 % load,
    // may go either way in ten windows of 0.48 s, as a real perf_analyzer run might)
    expect(report.points[0]!.predictedStable).toBe(true);
    expect(report.points[2]!.predictedStable).toBe(false);
    // perf_analyzer's four synchronous threads (its default --max-threads) never hold more than four
    // requests, so past capacity its measurement settles: the level becomes four clients' closed loop
    writeFileSync(join(dir, "o.json"), JSON.stringify({ ...liveRun("o", "perf_analyzer -m o --request-rate-range R:R:1"), modelConfig: { name: "o", max_batch_size: 0, instance_group: [{ count: 1, kind: "KIND_GPU" }] } }));
    const sync = validateRuns(readLiveDir(dir), () => profile, { seed: "1", replications: 1, sloMs: [10] });
    expect(sync.points[2]!.predictedStable).toBe(true);
    expect(sync.points[2]!.predicted.throughputPerS).toBeLessThan(1100);
  });

  it("a perf_analyzer run of custom intervals (--request-intervals) replays its gaps, repeated, through its threads: ≈ 0 % error on its own simulation", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-asmeasured-"));
    const profile = parseComputeMs("1=1,8=2.5");
    // bursts: 120 gaps of 2000 µs (500/s), then 480 of 500 µs (2000/s), a 480 ms period (one window: 1.2 × 400
    // ms); perf_analyzer's rate 1250/s
    const gaps = [...Array<number>(120).fill(2000), ...Array<number>(480).fill(500)];
    const run = parseLiveRun(
      {
        ...liveRun("t", "perf_analyzer -m t --request-intervals t.txt -p 400 --max-threads 8"),
        load: { mode: "rate", distribution: "custom", requestIntervalsUs: gaps, batchSize: 1, levels: [1250] },
      },
      "t",
    );
    const w = workloadOf(run, 1250);
    expect(w.kind === "trace" && w.senders).toBe(8);
    expect(w.kind === "trace" && w.wrapGapUs).toBe(2000);
    const config = fromTritonConfigJson(run.modelConfig, "t", 1);
    const measurement = measurementOf(run, { seed: "3", replications: 1 });
    writeFileSync(join(dir, "t.csv"), toPerfAnalyzerCsv([simulate({ config, profile, workload: w, seed: "3", measurement })]));
    writeFileSync(join(dir, "t.json"), JSON.stringify(run));
    const report = validateRuns(readLiveDir(dir), () => profile, { seed: "3", replications: 1, sloMs: [10] });
    const [point] = report.points;
    expect(point!.load).toBe(1250);
    expect(point!.steady && point!.stable).toBe(true);
    expect(Math.abs(point!.errorPct.throughput)).toBeLessThan(0.01);
    expect(Math.abs(point!.errorPct.p50)).toBeLessThan(0.1);
    expect(Math.abs(point!.errorPct.p99)).toBeLessThan(0.1);
    expect(point!.arrival).toBe("custom");
    expect(report.byArrival.custom.throughput.n).toBe(1);
    expect(report.byArrival.poisson.throughput.n).toBe(0);
    // the custom distribution needs its gaps, and only it has them
    expect(() => parseLiveRun({ ...run, load: { ...run.load, requestIntervalsUs: undefined } }, "t.json")).toThrow(/requestIntervalsUs/);
    expect(() => parseLiveRun({ ...run, load: { ...run.load, distribution: "poisson" } }, "t.json")).toThrow(/requestIntervalsUs/);
  });
});
