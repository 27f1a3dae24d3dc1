// The live load generator against the fake Triton: throughput matches what the fake's service time and
// instance count imply, server columns come from its statistics, perf_analyzer's window and stability
// rules hold, and open-loop schedules are exact (constant) or seeded and reproducible (poisson).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { KServeClient } from "../../src/calibrate/client.js";
import { makeInputs } from "../../src/calibrate/input-tensors.js";
import { gcPausesOf } from "../../src/calibrate/gc-pauses.js";
import { runLoadgen, type LoadgenSettings } from "../../src/calibrate/loadgen.js";
import { constants as perfConstants, performance as perfHooks, type PerformanceEntry } from "node:perf_hooks";
import { gapSource } from "../../src/calibrate/open-loop.js";
import { parseRange } from "../../src/scenario/ranges.js";
import { isStable, mergeWindows, type MeasuredWindow } from "../../src/calibrate/measurement-window.js";
import { snapshotOf } from "../../src/calibrate/stats-snapshot.js";
import { parsePerfAnalyzerCsv, toPerfAnalyzerCsv } from "../../src/metrics/csv.js";
import { startFakeServer, type FakeServer } from "./fake-kserve.js";

const SERVICE_US = 200 + 4000 + 100;
/** The least a response can take: the fake waits with setTimeout, which truncates 4.3 ms to 4 ms (a loop
 *  that spins, as with --busy-poll, fires that timer on time; one that sleeps wakes a little later). */
const FAKE_WAIT_US = Math.floor(SERVICE_US / 1000) * 1000;
const svc = () => ({ inputUs: 200, inferUs: 4000, outputUs: 100 });

let fake: FakeServer;
let client: KServeClient;

beforeAll(async () => {
  fake = await startFakeServer([{ name: "lg", maxBatchSize: 8, instances: 2, serviceUs: svc }]);
  client = new KServeClient({ url: fake.url, ssl: false, headers: [] });
  // warm the JIT on the request path so the first measured level is not the slow one
  const req = request(1);
  for (let i = 0; i < 20; i++) await Promise.all([client.infer(req), client.infer(req)]);
});

afterAll(async () => {
  client.close();
  await fake.close();
});

const base: LoadgenSettings = {
  mode: "concurrency",
  levels: [2, 8],
  distribution: "constant",
  cv: 1,
  batchSize: 2,
  intervalMs: 80,
  stabilityPct: 30,
  maxTrials: 6,
  seed: "0",
  inferDeadlineMs: 5000,
  maxInFlight: 1000,
};

const request = (b: number) =>
  client.prepareInfer({
    model: "lg",
    inputs: makeInputs([{ name: "input_ids", datatype: "INT32", shape: [-1, 8] }], "lg", { batchSize: b, batching: true }),
  });

describe("loadgen", () => {
  it("closed loop: throughput as the fake implies, server columns from its statistics, perf_analyzer CSV", async () => {
    // the fake's real execution times during the saturated level (its timers run late on a busy machine)
    let wallAtStart = { count: 0, us: 0 };
    let wallAtEnd = { count: 0, us: 0 };
    const out = await runLoadgen(client, "lg", request(2), base, {
      onEvent: (e) => {
        if (e.kind === "level" && e.load === 8) wallAtStart = fake.wallExec("lg");
        if (e.kind === "level-done" && e.result.load === 8) wallAtEnd = fake.wallExec("lg");
      },
    });
    expect(out.partial).toBe(false);
    expect(out.levels.map((l) => l.load)).toEqual([2, 8]);
    // what the fake implies: at 8 clients both instances stay busy, so throughput = k·b / execution time
    const execUs = (wallAtEnd.us - wallAtStart.us) / (wallAtEnd.count - wallAtStart.count);
    expect(execUs).toBeGreaterThan(0.9 * SERVICE_US);
    const implied = (2 * 2 * 1e6) / execUs;
    const sat = out.levels[1]!.summary.throughputPerS;
    expect(Math.abs(sat / implied - 1)).toBeLessThan(0.15);
    for (const l of out.levels) {
      const s = l.summary;
      expect(s.breakdownUs.computeInfer).toBeCloseTo(4000, 0);
      expect(s.breakdownUs.computeInput).toBeCloseTo(200, 0);
      // the server's own count over the same span agrees with the client's
      const serverRate = (s.triton.inferenceCount * 1e6) / (s.windowEndUs - s.windowStartUs);
      expect(Math.abs(serverRate / s.throughputPerS - 1)).toBeLessThan(0.15);
      expect(s.latencyUs.p50).toBeGreaterThan(FAKE_WAIT_US);
      expect(s.triton.batchStats.map((b) => b.batchSize)).toEqual([2]);
      expect(l.trials).toBeGreaterThanOrEqual(3);
      expect(l.client.cpuCores).toBeGreaterThan(0);
      expect(l.client.eventLoopUtilization).toBeGreaterThan(0);
      expect(l.client.eventLoopUtilization).toBeLessThanOrEqual(1);
      const gc = l.client.gcPauses!;
      expect(gc.minor + gc.major).toBeGreaterThanOrEqual(0);
      expect(gc.fraction).toBeGreaterThanOrEqual(0);
      expect(gc.fraction).toBeLessThan(1);
    }
    // eight clients on two instances: each request waits for about three executions
    const q8 = out.levels[1]!.summary.breakdownUs.serverQueue;
    expect(q8).toBeGreaterThan(1.5 * SERVICE_US);
    const csv = toPerfAnalyzerCsv(out.levels.map((l) => l.summary));
    const parsed = parsePerfAnalyzerCsv(csv);
    expect(parsed.header).toEqual([
      "Concurrency",
      "Inferences/Second",
      "Client Send",
      "Network+Server Send/Recv",
      "Server Queue",
      "Server Compute Input",
      "Server Compute Infer",
      "Server Compute Output",
      "Client Recv",
      "p50 latency",
      "p90 latency",
      "p95 latency",
      "p99 latency",
    ]);
    expect(parsed.rows.map((r) => r.Concurrency ?? 0).sort((a, b) => a - b)).toEqual([2, 8]); // rows sorted by throughput
    expect(parsed.rows[0]!["Server Compute Infer"]).toBe(4000);
  });

  it("open loop at a constant rate delivers that rate and measures send lag", async () => {
    const out = await runLoadgen(client, "lg", request(1), {
      ...base,
      mode: "rate",
      levels: [100],
      batchSize: 1,
      stabilityPct: 30,
    });
    const l = out.levels[0]!;
    expect(Math.abs(l.summary.throughputPerS / 100 - 1)).toBeLessThan(0.2);
    expect(l.summary.offeredRequestsPerS).toBe(100);
    // sends keep to the schedule on average (late ones are caught up and counted)
    const elapsedS = (l.windows.reduce((a, w) => a + w.durationMs, 0)) / 1000;
    expect(Math.abs(l.client.sendLag!.sends / (100 * elapsedS) - 1)).toBeLessThan(0.2);
    expect(l.client.sendLag?.dropped).toBe(0);
  });

  it("--busy-poll keeps the event loop busy for the level and stops when it ends; the level is still measured", async () => {
    const settings: LoadgenSettings = { ...base, levels: [1], batchSize: 1 };
    const idle = (await runLoadgen(client, "lg", request(1), settings)).levels[0]!;
    const busy = (await runLoadgen(client, "lg", request(1), { ...settings, busyPoll: true })).levels[0]!;
    // one client behind a ~4 ms service time: the loop mostly sleeps, unless it spins (the bounds leave room for a
    // machine busy with other test files, which stretches the loop's active time: 0.51 seen on two cores)
    expect(idle.client.eventLoopUtilization).toBeLessThan(0.75);
    expect(busy.client.eventLoopUtilization).toBeGreaterThan(0.9);
    expect(busy.client.eventLoopUtilization - idle.client.eventLoopUtilization).toBeGreaterThan(0.25);
    // every request still waits out the fake's service time (the spin shares this process with the fake, so
    // their throughputs are not compared). A spinning loop fires the fake's timer on time, and libuv starts a
    // timer from its whole-millisecond clock, so there a response may come up to 1 ms early (seen: p50 3996.6 µs)
    expect(idle.summary.latencyUs.p50).toBeGreaterThan(FAKE_WAIT_US);
    expect(busy.summary.latencyUs.p50).toBeGreaterThan(FAKE_WAIT_US - 1000);
    for (const l of [idle, busy]) expect(l.summary.requests).toBeGreaterThan(0);
    // after the level nothing spins: the next 20 ms the loop is idle again
    const before = perfHooks.eventLoopUtilization();
    await new Promise((r) => setTimeout(r, 20));
    expect(perfHooks.eventLoopUtilization(before).utilization).toBeLessThan(0.75);
  });

  it("stops on interrupt and keeps only the completed levels", async () => {
    const ctl = new AbortController();
    const out = await runLoadgen(
      client,
      "lg",
      request(1),
      { ...base, levels: [1, 2, 3], intervalMs: 40, maxTrials: 3 },
      { signal: ctl.signal, onEvent: (e) => e.kind === "window" && e.load === 2 && ctl.abort() },
    );
    expect(out.partial).toBe(true);
    expect(out.stoppedBy).toBe("interrupted");
    expect(out.levels.map((l) => l.load)).toEqual([1]);
  });
});

describe("the client's GC pauses", () => {
  const entry = (startTime: number, duration: number, kind: number): PerformanceEntry =>
    ({ name: "gc", entryType: "gc", startTime, duration, detail: { kind } }) as unknown as PerformanceEntry;
  it("counts scavenges apart from the rest, and gives rate, mean, max and the share of the wall time", () => {
    const g = gcPausesOf([entry(10, 2, perfConstants.NODE_PERFORMANCE_GC_MINOR), entry(500, 6, perfConstants.NODE_PERFORMANCE_GC_MAJOR), entry(900, 1, perfConstants.NODE_PERFORMANCE_GC_MINOR)], 2000);
    expect(g).toEqual({ perS: 1.5, minor: 2, major: 1, meanMs: 3, maxMs: 6, fraction: 9 / 2000 });
  });
  it("is all zero without pauses or wall time", () => {
    expect(gcPausesOf([], 1000)).toEqual({ perS: 0, minor: 0, major: 0, meanMs: 0, maxMs: 0, fraction: 0 });
    expect(gcPausesOf([entry(0, 1, perfConstants.NODE_PERFORMANCE_GC_MINOR)], 0).perS).toBe(0);
  });
});

describe("measurement rules", () => {
  const win = (startMs: number, requests: number, latUs: number): MeasuredWindow => {
    const s = snapshotOf("m", []);
    return {
      startMs,
      endMs: startMs + 1000,
      requests,
      latenciesUs: Float64Array.from({ length: requests }, () => latUs),
      sendUsSum: 0,
      recvUsSum: 0,
      statsStart: s,
      statsEnd: s,
    };
  };

  it("is stable only when the last three windows agree within ±s % (max/min)", () => {
    expect(isStable([win(0, 100, 1000), win(1, 100, 1000)], 1, 10, undefined)).toBe(false);
    expect(isStable([win(0, 50, 1000), win(1, 100, 1000), win(2, 105, 1050), win(3, 109, 1000)], 1, 10, undefined)).toBe(true);
    expect(isStable([win(1, 100, 1000), win(2, 112, 1000), win(3, 100, 1000)], 1, 10, undefined)).toBe(false);
    expect(isStable([win(1, 100, 1000), win(2, 100, 1200), win(3, 100, 1000)], 1, 10, undefined)).toBe(false);
    expect(isStable([win(1, 0, 0), win(2, 0, 0), win(3, 0, 0)], 1, 10, undefined)).toBe(false);
  });

  it("merging windows pools every request", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 5 }), (counts) => {
        const m = mergeWindows(counts.map((c, i) => win(i * 1000, c, 100 + i)));
        return m.requests === counts.reduce((a, c) => a + c, 0) && m.latenciesUs.length === m.requests;
      }),
    );
  });

  it("parses perf_analyzer ranges", () => {
    expect(parseRange("1:8:2", "--concurrency-range", true)).toEqual([1, 3, 5, 7]);
    expect(parseRange("4", "--concurrency-range", true)).toEqual([4]);
    expect(parseRange("1,2,4,8", "--concurrency-range", true)).toEqual([1, 2, 4, 8]);
    expect(parseRange("100:300:100", "--request-rate-range", false)).toEqual([100, 200, 300]);
    expect(parseRange("0.5:1.5:0.5", "--request-rate-range", false)).toEqual([0.5, 1, 1.5]);
    expect(() => parseRange("8:1", "--concurrency-range", true)).toThrow(/end \(1\) must be ≥ start/);
    expect(() => parseRange("1.5", "--concurrency-range", true)).toThrow(/whole number/);
    // large levels: one level, not start … start + 100 (the old slack was relative to the end)
    expect(parseRange("1e11", "--request-rate-range", false)).toEqual([1e11]);
    expect(parseRange("1e9:1e9:1", "--request-rate-range", false)).toEqual([1e9]);
    expect(parseRange("1:2:0.1", "--request-rate-range", false)).toHaveLength(11);
    expect(() => parseRange("1:20000", "--concurrency-range", true)).toThrow(/more than 10000 levels/);
  });

  it("a range has floor((end − start) / step) + 1 levels, from start, step apart, none past the end", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 1e6 }), (start, k, step) => {
        const end = start + k * step + Math.floor(step / 2);
        const levels = parseRange(`${start}:${end}:${step}`, "--concurrency-range", true);
        return levels.length === k + 1 && levels[0] === start && levels.every((v, i) => v === start + i * step && v <= end);
      }),
    );
  });

  it("gamma gaps have mean 1/rate and the asked coefficient of variation", () => {
    const g = gapSource(500, "gamma", "3", 2);
    const xs = Array.from({ length: 40_000 }, () => g());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(mean / 2 - 1)).toBeLessThan(0.05);
    expect(Math.abs(sd / mean / 2 - 1)).toBeLessThan(0.1);
  });

  it("poisson gaps are seeded, reproducible and have mean 1/rate", () => {
    const a = gapSource(500, "poisson", "7");
    const b = gapSource(500, "poisson", "7");
    const xs = Array.from({ length: 20_000 }, () => a());
    expect(xs.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => b()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean / 2 - 1)).toBeLessThan(0.03);
    expect(gapSource(500, "constant", "x")()).toBe(2);
  });
});
