// `servesim calibrate` and `servesim loadgen` end to end (in process, the live-only CLI the bundle runs):
// files written atomically and valid against their schemas, and every failure one line on stderr.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LIVE_VERSION, liveMain } from "../../src/cli/live-entry.js";
import { Profile } from "../../src/compute/profile.js";
import { checkLiveRunCsv, parseLiveRun } from "../../src/calibrate/live-run.js";
import { parsePerfAnalyzerCsv } from "../../src/metrics/csv.js";
import { startFakeServer, type FakeServer } from "./fake-kserve.js";

const svc = (b: number) => ({ inputUs: 100, inferUs: 1500 + 300 * b, outputUs: 50 });

let fake: FakeServer;
let dir: string;

beforeAll(async () => {
  fake = await startFakeServer([
    { name: "m1", maxBatchSize: 4, instances: 1, serviceUs: svc },
    { name: "m2", maxBatchSize: 4, instances: 2, serviceUs: svc, contention: (r) => 1 + 0.4 * (r - 1) },
    { name: "loading", maxBatchSize: 4, instances: 1, serviceUs: svc, ready: false },
    { name: "dies", maxBatchSize: 4, instances: 1, serviceUs: svc, failAfter: 25 },
    {
      name: "oom",
      maxBatchSize: 4,
      instances: 1,
      serviceUs: svc,
      failInfer: { code: grpc.status.RESOURCE_EXHAUSTED, details: "out of memory" },
    },
    { name: "varlen", maxBatchSize: 4, instances: 1, serviceUs: svc, inputDims: [-1] },
  ]);
  dir = mkdtempSync(join(tmpdir(), "servesim-cli-"));
});

afterAll(async () => {
  await fake.close();
});

/** Run the CLI, capturing stderr and stdout. */
async function run(...args: string[]): Promise<{ code: number; stderr: string; stdout: string; ms: number }> {
  let stderr = "";
  let stdout = "";
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const t0 = Date.now();
  process.exitCode = undefined;
  try {
    const code = await liveMain(["node", "servesim", ...args]);
    return { code, stderr, stdout, ms: Date.now() - t0 };
  } finally {
    e.mockRestore();
    o.mockRestore();
    process.exitCode = undefined;
  }
}

// no client warm-up: "dies" fails after 30 requests, which a warm-up would spend before anything is measured
const FAST = ["--windows", "3", "--window-ms", "60", "--warmup-ms", "30", "--probe-requests", "8", "--min-executions", "3", "--client-warmup-ms", "0", "-q"];

describe("servesim calibrate", () => {
  it("writes a valid profile (k = 1 points from the probes, k = 2 loaded) and the metadata asked for", async () => {
    const out = join(dir, "p.json");
    const r = await run(
      "calibrate", "--url", fake.url, "-m", "m2", "--batch-sizes", "1,4", "-o", out,
      "--gpu-name", "Fake GPU", "--precision", "fp16", "--seq-len", "8", "--model-label", "bert-base", "--clients-per-instance", "4", ...FAST,
    );
    expect(r.stderr).toContain(`wrote profile ${out}`);
    expect(r.code).toBe(0);
    const profile = Profile.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(profile.name).toBe("bert-base");
    expect(profile.metadata).toMatchObject({ gpu: "Fake GPU", precision: "fp16", sequenceLength: 8, model: "bert-base", tritonVersion: "2.51.0", partial: false });
    expect(profile.compute.map((c) => `${c.batchSize}/${c.concurrency}`)).toEqual(["1/1", "4/1", "1/2", "4/2"]);
    const c42 = profile.compute.find((c) => c.batchSize === 4 && c.concurrency === 2)!;
    expect(Math.abs(c42.computeInferUs.mean / ((1500 + 1200) * 1.4) - 1)).toBeLessThan(0.05);
  });

  it("fails within 15 s with one line naming the server when nothing listens", async () => {
    const r = await run("calibrate", "--url", "127.0.0.1:1", "--model", "x");
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("127.0.0.1:1");
  });

  it.each([
    ["missing", /model "missing" not found on server 127\.0\.0\.1:\d+/],
    ["loading", /model "loading" on server 127\.0\.0\.1:\d+ is not ready/],
    ["oom", /ModelInfer for model "oom" on server 127\.0\.0\.1:\d+: resource exhausted: out of memory/],
    ["varlen", /input "input_ids" of model "varlen" has a variable dimension .*--shape input_ids:N or --seq-len N/],
  ])("reports model %s as one line", async (model, pattern) => {
    const r = await run("calibrate", "--url", fake.url, "-m", model, "--batch-sizes", "1", ...FAST);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it("writes a partial profile when the server fails mid-run", async () => {
    const out = join(dir, "partial.json");
    const r = await run("calibrate", "--url", fake.url, "-m", "dies", "--batch-sizes", "1,2,4", "-o", out, ...FAST);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/servesim: error: ModelInfer for model "dies" .*Server is shutting down \(partial profile written\)/);
    const profile = Profile.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(profile.metadata.partial).toBe(true);
  });

  it("rejects bad flags with one line", async () => {
    expect((await run("calibrate", "--url", "http://x:1", "-m", "a")).stderr).toMatch(/give HOST:PORT without a scheme/);
    expect((await run("calibrate", "--url", fake.url, "-m", "m1", "-H", "novalue")).stderr).toMatch(/expected "Name: value"/);
    expect((await run("calibrate", "--url", fake.url)).stderr).toMatch(/at least one --model/);
  });
});

describe("servesim loadgen", () => {
  it("writes perf_analyzer's CSV and a servesim.live/v1 JSON that agree", async () => {
    const csv = join(dir, "run.csv");
    const json = join(dir, "run.json");
    const r = await run(
      "loadgen", "--url", fake.url, "-m", "m2", "-b", "2", "--concurrency-range", "1:3:2", "-p", "60", "-s", "50",
      "--max-trials", "4", "--percentile", "95", "-f", csv, "--json", json, "--network", "loopback", "-q",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { header, rows } = parsePerfAnalyzerCsv(readFileSync(csv, "utf8"));
    expect(header).toContain("p95 latency");
    const doc = parseLiveRun(JSON.parse(readFileSync(json, "utf8")), json);
    expect(doc).toMatchObject({
      schema: "servesim.live/v1",
      name: "run",
      model: "m2",
      network: "loopback",
      tool: "servesim-loadgen",
      toolVersion: LIVE_VERSION,
      load: { mode: "concurrency", distribution: null, batchSize: 2, levels: [1, 3] },
      measurement: { intervalMs: 60, stabilityPct: 50, percentile: 95 },
    });
    expect(doc.modelConfig).toMatchObject({ name: "m2", max_batch_size: 4, instance_group: [{ count: 2, kind: "KIND_GPU" }] });
    expect(doc.modelConfig).not.toHaveProperty("scheduling_choice");
    expect(doc.results).toHaveLength(2);
    expect(checkLiveRunCsv(doc, header, rows)).toEqual([]);
  });

  it("runs open loop with gamma arrivals (requests/s) and records the seed and cv", async () => {
    const json = join(dir, "rate.json");
    const r = await run(
      "loadgen", "--url", fake.url, "-m", "m1", "-b", "2", "--request-rate-range", "100", "--request-distribution", "gamma", "--request-cv", "1.5",
      "--seed", "42", "-p", "60", "-s", "80", "--max-trials", "3", "--json", json, "-q",
    );
    expect(r.code).toBe(0);
    const doc = parseLiveRun(JSON.parse(readFileSync(json, "utf8")), json);
    expect(doc.load).toEqual({ mode: "rate", distribution: "gamma", cv: 1.5, batchSize: 2, levels: [100] });
    expect(doc.measurement.seed).toBe("42");
    expect(doc.results?.[0]?.client).toHaveProperty("sendLag");
  });

  it("fails with one line and writes nothing when the first level fails", async () => {
    const csv = join(dir, "none.csv");
    const r = await run("loadgen", "--url", fake.url, "-m", "oom", "-p", "100", "-f", csv, "-q");
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/resource exhausted: out of memory/);
    expect(existsSync(csv)).toBe(false);
  });

  it("refuses a batch size above max_batch_size", async () => {
    const r = await run("loadgen", "--url", fake.url, "-m", "m1", "-b", "8", "-q");
    expect(r.stderr).toMatch(/-b 8: model "m1" has max_batch_size 4/);
  });
});
