// A load generator that takes a batch's responses one at a time: the j-th response of an execution
// reaches it j × gap after the first; nothing else moves. The server sends them one per per-request
// output cost, the last as the execution ends, while the request, the execution and Triton's
// statistics keep their times. And the gap measured from a calibration-only run: the slope of
// the Network+Server excess (with half the compute output put back) against the mean position.
import { describe, expect, it } from "vitest";
import { fitResponseGap } from "../../src/calibrate/response-gap.js";
import type { LiveRun } from "../../src/calibrate/live-run.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { makeServerConfig } from "../../src/server/config.js";
import { runSimulation, type SimulationObserver } from "../../src/server/simulation.js";
import { liveLevel } from "../helpers/live-level.js";

type Done = Parameters<NonNullable<SimulationObserver["onRequestDone"]>>[0];

/** Deterministic phases: input 100 µs, infer 1000 µs, output 50 µs for one request at every batch size,
 *  and `perRequestOutputUs` more for each further request merged into the execution. */
function phased(perRequestOutputUs: number): Profile {
  const point = (b: number, requests = 1) => ({
    batchSize: b,
    requests,
    concurrency: 1,
    computeInputUs: { mean: 100, sd: 0 },
    computeInferUs: { mean: 1000, sd: 0 },
    computeOutputUs: { mean: 50 + perRequestOutputUs * (requests - 1), sd: 0 },
  });
  return { schema: PROFILE_SCHEMA_ID, name: "phased", metadata: { source: "synthetic" }, compute: [point(1), point(4), point(8), point(4, 4)], requestOverheads: [] };
}

/** 1 ms of compute infer per request at every batch size, Network+Server 100 µs, nothing else. */
function oneMsWithNetwork(): Profile {
  return {
    ...phased(0),
    compute: [{ batchSize: 1, concurrency: 1, computeInputUs: { mean: 0, sd: 0 }, computeInferUs: { mean: 1000, sd: 0 }, computeOutputUs: { mean: 0, sd: 0 } }],
    requestOverheads: [{ batchSize: 1, clientSendUs: { mean: 0, sd: 0 }, clientRecvUs: { mean: 0, sd: 0 }, networkUs: { mean: 100, sd: 0 }, schedulingUs: { mean: 0, sd: 0 } }],
  };
}

type Workload = Parameters<typeof runSimulation>[0]["workload"];

/** Latency of oneMsWithNetwork's server with one instance on each of `gpus` GPUs (nothing queues), under a tool's
 *  loaded wait. */
function oneMsLatencyUs(
  run: { gpus: number; seed: string; warmupRequests: number; requests: number },
  workload: Workload,
  tool: { loadedNetworkUs: number; loadedWaitWholeFrom?: number },
) {
  return runSimulation({
    config: makeServerConfig({ maxBatchSize: 0, gpus: run.gpus }),
    profile: oneMsWithNetwork(),
    workload,
    seed: run.seed,
    measurement: { kind: "requests", warmupRequests: run.warmupRequests, requests: run.requests },
    ...tool,
  }).summary.latencyUs;
}

function burstOf(n: number, responseGapUs: number, profile: Profile = parseComputeMs("1=1,8=2")): Done[] {
  const done: Done[] = [];
  const run = runSimulation({
    config: makeServerConfig({ maxBatchSize: 8, dynamicBatching: {} }),
    profile,
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
  lastStats = run.summary.triton;
  return done.sort((a, b) => a.id - b.id);
}
let lastStats: ReturnType<typeof runSimulation>["summary"]["triton"] | undefined;

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

  it("the responses of n requests leave one per per-request output cost, the last as the execution ends; the execution, the request and Triton's statistics keep their times", () => {
    const n = 4;
    const single = burstOf(n, 0, phased(0));
    const stats0 = lastStats!;
    const out = burstOf(n, 0, phased(120));
    const stats = lastStats!;
    const end = out[0]!.execEndUs;
    expect(end - single[0]!.execEndUs).toBeCloseTo((n - 1) * 120, 9);
    out.forEach((d, j) => {
      expect(d.execEndUs).toBe(end);
      expect(d.releaseUs).toBeCloseTo(end - (n - 1 - j) * 120, 9);
      expect(d.responseEndUs).toBeCloseTo(d.releaseUs, 9); // no overheads, no gap
    });
    single.forEach((d) => expect(d.releaseUs).toBe(d.execEndUs)); // nothing per request: all at the end
    // Triton's statistics count the whole output phase for every request, and each request's success
    // lasts to the end of the execution
    expect(stats.computeOutput.totalUs).toBeCloseTo(n * (50 + (n - 1) * 120), 6);
    expect(stats.success.totalUs - stats0.success.totalUs).toBeCloseTo(n * (n - 1) * 120, 6);
    // with a response gap the j-th is seen j × gap after its own release
    const gapped = burstOf(n, 150, phased(120));
    gapped.forEach((d, j) => expect(d.responseEndUs - out[j]!.responseEndUs).toBeCloseTo(j * 150, 9));
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

  it("puts back half of each level's compute output, which the server's early responses took off its Network+Server", () => {
    // output 40 µs + 10 µs per request; the client saw Network+Server = 300 + 120 × position − output / 2
    // (against the lightest level)
    const output = (b: number) => 40 + 10 * b;
    const level = (load: number, b: number) =>
      liveLevel(load, {
        throughputPerS: 1000,
        requests: 1000,
        breakdownUs: { networkServer: 300 + (120 * (b - 1)) / 2 - output(b) / 2, computeOutput: output(b) },
        triton: { batchStats: [{ batchSize: b, count: 100 }] },
        cpuCores: 0.5,
      });
    const run = { name: "c", model: "m", tool: "servesim-loadgen", results: [level(1, 1), level(3, 3), level(5, 5), level(9, 9)] } as unknown as LiveRun;
    const fit = fitResponseGap(run);
    expect(fit.loadGenerator.responseGapUs).toBe(120);
    expect(fit.rmsUs).toBeCloseTo(0, 9);
  });

  it("the responses of one execution share one loaded wait (drawn per execution, exponential with the mean), and a request sent alone waits none", () => {
    // bursts of 4 requests every 20 ms, merged into one execution each; Network+Server 100 µs, nothing else
    const withNet: Profile = {
      ...parseComputeMs("1=1,8=2"),
      requestOverheads: [{ batchSize: 1, clientSendUs: { mean: 0, sd: 0 }, clientRecvUs: { mean: 0, sd: 0 }, networkUs: { mean: 100, sd: 0 }, schedulingUs: { mean: 0, sd: 0 } }],
    };
    const bursts = 400;
    const times = new Float64Array(bursts * 4).map((_, k) => Math.floor(k / 4) * 20_000);
    const done: Done[] = [];
    runSimulation({
      config: makeServerConfig({ maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 100 } }),
      profile: withNet,
      workload: { kind: "trace", timesUs: times, batchSizes: new Int32Array(times.length).fill(1), priorities: new Int32Array(times.length), timeoutsUs: new Float64Array(times.length), loop: false },
      seed: "w",
      measurement: { kind: "duration", warmupUs: 0, durationUs: 1e12 },
      loadedNetworkUs: 300,
      observer: { onRequestDone: (e) => done.push(e) },
    });
    const byExec = new Map<number, Done[]>();
    for (const d of done) byExec.set(d.execStartUs, [...(byExec.get(d.execStartUs) ?? []), d]);
    expect(byExec.size).toBe(bursts);
    const waits: number[] = [];
    for (const group of byExec.values()) {
      const back = group.sort((a, b) => a.id - b.id).map((d) => d.responseEndUs - d.releaseUs);
      expect(back[0]).toBeCloseTo(50, 9); // the first of a burst was sent alone: half the network time back
      for (const x of back.slice(2)) expect(x).toBeCloseTo(back[1]!, 9); // the others share one wait
      waits.push(back[1]! - 50);
    }
    const mean = waits.reduce((a, x) => a + x, 0) / waits.length;
    expect(mean / 300).toBeGreaterThan(0.85);
    expect(mean / 300).toBeLessThan(1.15);
    expect(new Set(waits.map((w) => w.toFixed(6))).size).toBeGreaterThan(bursts * 0.9); // drawn afresh per execution
  });

  it("a request sent while the tool has others in flight waits the loaded network time more on average, drawn exponential; alone it does not", () => {
    // 1 ms per request on four GPUs (an instance each), Network+Server 100 µs, nothing else
    const run = (workload: Workload, loadedNetworkUs: number) => oneMsLatencyUs({ gpus: 4, seed: "l", warmupRequests: 100, requests: 20_000 }, workload, { loadedNetworkUs });
    const one = { kind: "concurrency" as const, concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 };
    expect(run(one, 50).mean).toBeCloseTo(run(one, 0).mean, 9); // never another in flight
    // every 500 µs a request that takes 1.1 ms on one of four GPUs: the one before is always still in
    // flight and nothing queues, so latency is 1.1 ms plus the wait: mean L, median L ln 2, p99 L ln 100
    const rate = { kind: "rate" as const, requestsPerS: 2000, distribution: "constant" as const, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 };
    const base = run(rate, 0);
    expect(base.p99 - base.p50).toBeCloseTo(0, 6);
    const loaded = run(rate, 50);
    expect(loaded.mean - base.mean).toBeGreaterThan(50 * 0.97);
    expect(loaded.mean - base.mean).toBeLessThan(50 * 1.03);
    expect((loaded.p50 - base.p50) / (50 * Math.LN2)).toBeCloseTo(1, 1);
    expect((loaded.p99 - base.p99) / (50 * Math.log(100))).toBeCloseTo(1, 1);
  });

  it("in closed loop a request sent with k others in flight waits k / K of the loaded wait, whole from K others on; the open loop waits it whole", () => {
    // 1 ms per request on eight GPUs (an instance each), Network+Server 100 µs: c clients never queue, so each
    // request is sent with the other c − 1 in flight and its latency is 1.1 ms plus its share of the wait
    const run = (workload: Workload, loadedWaitWholeFrom?: number) =>
      oneMsLatencyUs({ gpus: 8, seed: "k", warmupRequests: 200, requests: 40_000 }, workload, {
        loadedNetworkUs: 200,
        ...(loadedWaitWholeFrom !== undefined ? { loadedWaitWholeFrom } : {}),
      }).mean;
    const closed = (concurrency: number) => ({ kind: "concurrency" as const, concurrency, batchSize: 1, priority: 0, timeoutUs: 0 });
    expect(run(closed(1), 4)).toBeCloseTo(1100, 6); // alone: no wait
    for (const [c, share] of [[2, 1 / 4], [3, 2 / 4], [5, 1], [8, 1]] as const) {
      expect((run(closed(c), 4) - 1100) / (200 * share)).toBeCloseTo(1, 1);
    }
    expect(run(closed(2))).toBeCloseTo(run(closed(2), 1), 9); // without it: the whole wait from one other on
    expect((run(closed(2)) - 1100) / 200).toBeCloseTo(1, 1);
    // the open loop (every 500 µs, one other always in flight) waits it whole either way
    const rate = { kind: "rate" as const, requestsPerS: 2000, distribution: "constant" as const, cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 };
    expect(run(rate, 4)).toBeCloseTo(run(rate), 9);
    expect((run(rate, 4) - 1100) / 200).toBeCloseTo(1, 1);
    expect(() => run(closed(2), 0)).toThrow(/loadedWaitWholeFrom must be an integer >= 1/);
  });
});
