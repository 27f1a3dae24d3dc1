// The calibration procedure against the fake Triton recovers its service-time curve (alone and with two
// executions overlapping) and the GPU switch between instances, measures client costs, refuses unsuitable
// models, and keeps partial results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KServeClient } from "../../src/calibrate/client.js";
import { DEFAULT_CALIBRATION, runCalibration, type CalibrationSettings } from "../../src/calibrate/calibration.js";
import { buildProfile } from "../../src/calibrate/profile-builder.js";
import { defaultBatchSizes } from "../../src/calibrate/batch-sizes.js";
import { estimateSpread } from "../../src/calibrate/window-spread.js";
import { KServeError } from "../../src/calibrate/kserve-error.js";
import { InputError } from "../../src/validation.js";
import { startFakeServer, type FakeServer } from "./fake-kserve.js";
import fc from "fast-check";

const inferUs = (b: number): number => 1500 + 500 * b;
const svc = (b: number) => ({ inputUs: 200, inferUs: inferUs(b), outputUs: 100 });
const contention = (running: number): number => 1 + 0.5 * (running - 1);
const SWITCH_US = 600;

const FAST: CalibrationSettings = {
  ...DEFAULT_CALIBRATION,
  batchSizes: [1, 4],
  warmupMs: 30,
  windows: 3,
  windowMs: 60,
  minExecutionsPerWindow: 3,
  probeRequests: 12,
  probeWarmup: 2,
  clientWarmupMs: 0, // its own test below; "dies" fails after 30 requests, which a warm-up would spend
  probeMaxMs: 1000,
  inferDeadlineMs: 5000,
  // more clients than the default 2 per instance, so that even on a starved test machine the fake's queue
  // never runs dry and every loaded execution overlaps with the other instance's
  clientsPerInstance: 4,
};

let fake: FakeServer;
let client: KServeClient;

beforeAll(async () => {
  fake = await startFakeServer([
    { name: "bert_k1", maxBatchSize: 4, instances: 1, serviceUs: svc, contention, jitter: 0.2 },
    { name: "bert_k2", maxBatchSize: 4, instances: 2, serviceUs: svc, contention, jitter: 0.2, switchUs: SWITCH_US },
    { name: "dyn", maxBatchSize: 4, instances: 1, serviceUs: svc, dynamicBatching: true },
    { name: "dies", maxBatchSize: 4, instances: 1, serviceUs: svc, failAfter: 30 },
  ]);
  client = new KServeClient({ url: fake.url, ssl: false, headers: [] });
});

afterAll(async () => {
  client.close();
  await fake.close();
});

const within = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThan(rel);
};

describe("calibration", () => {
  it("recovers the service-time curve at concurrency 1 and 2, and the client costs", async () => {
    const result = await runCalibration(client, ["bert_k1", "bert_k2"], FAST);
    expect(result.partial).toBe(false);
    expect(result.models.map((m) => m.instancesPerGpu)).toEqual([1, 2]);
    const profile = buildProfile(result, FAST, { name: "fake-bert", command: "servesim calibrate ...", gpu: "fake" });
    expect(profile.metadata.tritonVersion).toBe("2.51.0");
    for (const b of [1, 4]) {
      const c1 = profile.compute.find((c) => c.batchSize === b && c.concurrency === 1);
      const c2 = profile.compute.find((c) => c.batchSize === b && c.concurrency === 2);
      within(c1!.computeInferUs.mean, inferUs(b), 0.05);
      within(c2!.computeInferUs.mean, inferUs(b) * contention(2) + SWITCH_US, 0.05);
      within(c1!.computeInputUs.mean, 200, 0.03);
      within(c2!.computeOutputUs.mean, 100 * contention(2), 0.03);
      // jitter ±20 % uniform ⇒ per-execution sd = 0.2/√3 of the mean; exact samples at concurrency 1
      within(c1!.computeInferUs.sd, (0.2 / Math.sqrt(3)) * inferUs(b), 0.45);
      expect(c2!.computeInferUs.sd).toBeGreaterThan(0);
    }
    expect(profile.requestOverheads.map((o) => o.batchSize)).toEqual([1, 4]);
    for (const o of profile.requestOverheads) {
      expect(o.clientSendUs.mean).toBeGreaterThan(0);
      expect(o.networkUs.mean).toBeGreaterThanOrEqual(0);
      expect(o.schedulingUs.mean).toBeLessThan(2000);
    }
    expect(fake.executions("bert_k2").get(4)).toBeGreaterThan(20);
    // a Python-backend model takes turns on the GPU; the probes of the 2-instance model measure the switch
    expect(profile.gpuSharing?.mode).toBe("turns");
    within(profile.gpuSharing!.switchUs, SWITCH_US, 0.3);
    // both instances computed nearly all the time in the loaded phase (the premise of a k = 2 point)
    for (const p of result.loaded) expect(p.busyFraction).toBeGreaterThan(0.6);
  });

  it("warms the client with single requests before each model's first probe, outside every measurement", async () => {
    const warmed = async (clientWarmupMs: number): Promise<number> => {
      const before = fake.executions("bert_k1").get(1) ?? 0;
      let atProbe = -1;
      const ctl = new AbortController();
      await runCalibration(client, ["bert_k1"], { ...FAST, batchSizes: [1], clientWarmupMs }, {
        signal: ctl.signal,
        onEvent: (e) => {
          if (e.kind === "step" && e.phase === "probe" && atProbe < 0) {
            atProbe = fake.executions("bert_k1").get(1) ?? 0;
            ctl.abort();
          }
        },
      });
      return atProbe - before;
    };
    expect(await warmed(0)).toBe(0);
    expect(await warmed(100)).toBeGreaterThan(5);
  });

  it("refuses a model with dynamic batching unless allowed", async () => {
    await expect(runCalibration(client, ["dyn"], FAST)).rejects.toBeInstanceOf(InputError);
    await expect(runCalibration(client, ["dyn"], FAST)).rejects.toThrow(/default scheduler/);
  });

  it("checks every model before measuring anything", async () => {
    const err = await runCalibration(client, ["bert_k1", "missing"], FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KServeError);
    expect((err as KServeError).message).toMatch(/model "missing" not found on server 127\.0\.0\.1:\d+/);
  });

  it("keeps what was measured when a request fails mid-run", async () => {
    const result = await runCalibration(client, ["dies"], { ...FAST, batchSizes: [1, 2, 4] });
    expect(result.partial).toBe(true);
    expect(result.stoppedBy).toMatch(/ModelInfer for model "dies" on server .*: server unavailable: Server is shutting down/);
    expect(result.probes.length).toBeGreaterThan(0);
  });

  it("stops on abort and marks the result partial", async () => {
    const ctl = new AbortController();
    const result = await runCalibration(
      client,
      ["bert_k1"],
      { ...FAST, batchSizes: [1, 2, 4] },
      { signal: ctl.signal, onEvent: (e) => e.kind === "probe-done" && e.result.batchSize === 2 && ctl.abort() },
    );
    expect(result.partial).toBe(true);
    expect(result.stoppedBy).toBe("interrupted");
    const profile = buildProfile(result, FAST, { name: "p", command: "x" });
    expect(profile.metadata.partial).toBe(true);
    // b = 1 measured fully, b = 2 only by its probe (the abort came right after it)
    expect(result.loaded.map((p) => p.batchSize)).toEqual([1]);
    expect(profile.compute.map((c) => c.batchSize)).toEqual([1, 2]);
  });
});

describe("batch sizes and spreads", () => {
  it("sweeps powers of two plus 1.5× steps, ending at max_batch_size", () => {
    expect(defaultBatchSizes(8)).toEqual([1, 2, 3, 4, 6, 8]);
    expect(defaultBatchSizes(0)).toEqual([1]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1024 }), (max) => {
        const s = defaultBatchSizes(max);
        return s[0] === 1 && s[s.length - 1] === max && s.every((b, i) => i === 0 || b > (s[i - 1] as number));
      }),
    );
  });

  it("estimates per-execution sd from window means (σ²/n law)", () => {
    // windows of n executions whose means differ by ±σ/√n reproduce σ
    const sigma = 300;
    const n = 25;
    const windows = [-1, 1, -1, 1].map((s) => ({ count: n, totalUs: n * (1000 + (s * sigma) / Math.sqrt(n)) }));
    const est = estimateSpread(windows);
    expect(est.meanUs).toBeCloseTo(1000, 9);
    within(est.sdUs, sigma * Math.sqrt(4 / 3), 1e-9);
  });
});
