// A live level's report from its merged windows: the seven breakdown parts add up to the client's mean
// latency (Network+Server takes what is left, never below 0), throughput is requests × batch over the
// windows' span, percentiles follow perf_analyzer's index rule, the in-flight count is what arrived and
// neither completed nor failed, and only a seeded open loop reports its seed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { levelSummary, type LevelSettings } from "../../src/calibrate/level-summary.js";
import type { MeasuredWindow } from "../../src/calibrate/measurement-window.js";
import type { StatsSnapshot } from "../../src/calibrate/stats-snapshot.js";
import { percentileOfSorted } from "../../src/metrics/percentile.js";

const zero = { count: 0, ns: 0 };
const snapshot = (n: number, queueNs: number, inNs: number, inferNs: number, outNs: number): StatsSnapshot => ({
  model: "m",
  inferenceCount: n,
  executionCount: n,
  success: { count: n, ns: queueNs + inNs + inferNs + outNs },
  fail: zero,
  queue: { count: n, ns: queueNs },
  computeInput: { count: n, ns: inNs },
  computeInfer: { count: n, ns: inferNs },
  computeOutput: { count: n, ns: outNs },
  batches: n > 0 ? [{ batchSize: 1, count: n, computeInputNs: inNs, computeInferNs: inferNs, computeOutputNs: outNs }] : [],
});

const closed: LevelSettings = { mode: "concurrency", distribution: "poisson", seed: "7", batchSize: 1, percentile: undefined };

const windowArb = fc
  .record({
    latencies: fc.array(fc.integer({ min: 100, max: 50_000 }), { minLength: 1, maxLength: 200 }),
    sendUs: fc.integer({ min: 0, max: 300 }),
    recvUs: fc.integer({ min: 0, max: 300 }),
    serverUs: fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 4, maxLength: 4 }),
    startMs: fc.integer({ min: 0, max: 10_000 }),
    spanMs: fc.integer({ min: 1, max: 20_000 }),
  })
  .map(({ latencies, sendUs, recvUs, serverUs, startMs, spanMs }): MeasuredWindow => {
    const n = latencies.length;
    const [q, i, c, o] = serverUs.map((us) => us * 1000 * n) as [number, number, number, number];
    return {
      startMs,
      endMs: startMs + spanMs,
      requests: n,
      latenciesUs: Float64Array.from(latencies).sort(),
      sendUsSum: sendUs * n,
      recvUsSum: recvUs * n,
      statsStart: snapshot(0, 0, 0, 0, 0),
      statsEnd: snapshot(n, q, i, c, o),
    };
  });

describe("levelSummary", () => {
  it("the breakdown adds up to the mean latency, Network+Server never below 0; throughput is requests × batch over the span", () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: 1, max: 8 }), (w, batchSize) => {
        const s = levelSummary(w, { ...closed, batchSize }, 16, 0, true, { arrived: w.requests, completed: w.requests, failed: 0 });
        const b = s.breakdownUs;
        expect(b.networkServer).toBeGreaterThanOrEqual(0);
        const parts = b.clientSend + b.networkServer + b.serverQueue + b.computeInput + b.computeInfer + b.computeOutput + b.clientRecv;
        const others = parts - b.networkServer;
        expect(parts).toBeCloseTo(Math.max(s.latencyUs.mean, others), 6);
        const spanS = (w.endMs - w.startMs) / 1000;
        expect(s.requestThroughputPerS).toBeCloseTo(w.requests / spanS, 6);
        expect(s.throughputPerS).toBeCloseTo((w.requests * batchSize) / spanS, 6);
        expect(s.inferences).toBe(w.requests * batchSize);
        expect(s.latencyUs.p99).toBe(percentileOfSorted(w.latenciesUs, 99));
        expect(s.latencyUs.p50).toBe(percentileOfSorted(w.latenciesUs, 50));
        expect(s.windowEndUs - s.windowStartUs).toBeCloseTo(spanS * 1e6, 3);
      }),
    );
  });

  it("in flight is what arrived and neither completed nor failed; only a seeded open loop reports its seed", () => {
    fc.assert(
      fc.property(windowArb, fc.nat(1000), fc.nat(1000), fc.nat(1000), (w, arrived, completed, failed) => {
        const s = levelSummary(w, closed, 16, 0, true, { arrived, completed, failed });
        expect(s.conservation.inFlight).toBe(Math.max(0, arrived - completed - failed));
        expect(s.conservation.rejected).toBe(failed);
      }),
    );
    const w = fc.sample(windowArb, { seed: 1, numRuns: 1 })[0]!;
    const acc = { arrived: 1, completed: 1, failed: 0 };
    expect(levelSummary(w, closed, 16, 0, true, acc).seed).toBe("live");
    expect(levelSummary(w, closed, 16, 0, true, acc).offeredRequestsPerS).toBeNull();
    const open = { ...closed, mode: "rate" as const };
    expect(levelSummary(w, open, 3000, 0, true, acc).seed).toBe("7");
    expect(levelSummary(w, open, 3000, 0, true, acc).offeredRequestsPerS).toBe(3000);
    expect(levelSummary(w, { ...open, distribution: "constant" }, 3000, 0, true, acc).seed).toBe("live");
  });
});
