// KServeClient against the fake Triton: every RPC, and every failure as one line naming server and model.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KServeClient } from "../../src/calibrate/client.js";
import { KServeError } from "../../src/calibrate/kserve-error.js";
import { makeInputs } from "../../src/calibrate/input-tensors.js";
import { startFakeServer, type FakeServer } from "./fake-kserve.js";

const svc = (b: number) => ({ inputUs: 100, inferUs: 1000 + 250 * b, outputUs: 50 });

let fake: FakeServer;
let client: KServeClient;

beforeAll(async () => {
  fake = await startFakeServer([
    { name: "bert", maxBatchSize: 8, instances: 2, serviceUs: svc },
    { name: "loading", maxBatchSize: 8, instances: 1, serviceUs: svc, ready: false },
    { name: "stall", maxBatchSize: 8, instances: 1, serviceUs: svc, stallInfer: true },
    {
      name: "full",
      maxBatchSize: 8,
      instances: 1,
      serviceUs: svc,
      failInfer: { code: grpc.status.UNAVAILABLE, details: "Exceeds maximum queue size" },
    },
    {
      name: "oom",
      maxBatchSize: 8,
      instances: 1,
      serviceUs: svc,
      failInfer: { code: grpc.status.RESOURCE_EXHAUSTED, details: "CUDA out of memory" },
    },
  ]);
  client = new KServeClient({ url: fake.url, ssl: false, headers: [["x-test", "1"]] });
});

afterAll(async () => {
  client.close();
  await fake.close();
});

const inputsFor = (b: number) =>
  makeInputs([{ name: "input_ids", datatype: "INT32", shape: [-1, 8] }], "bert", { batchSize: b, batching: true });

async function failure(p: Promise<unknown>): Promise<KServeError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(KServeError);
    const e = err as KServeError;
    expect(e.message).not.toContain("\n");
    return e;
  }
  throw new Error("expected the call to fail");
}

describe("KServeClient", () => {
  it("reads health, metadata, config and statistics", async () => {
    expect(await client.serverLive()).toBe(true);
    expect(await client.serverReady()).toBe(true);
    expect(await client.modelReady("bert")).toBe(true);
    expect(await client.modelReady("loading")).toBe(false);
    expect((await client.serverMetadata()).version).toBe("2.51.0");
    const meta = await client.modelMetadata("bert");
    expect(meta.inputs[0]).toMatchObject({ name: "input_ids", datatype: "INT32", shape: [-1, 8] });
    const config = await client.modelConfig("bert");
    expect(config.max_batch_size).toBe(8);
    expect(config.instance_group[0]).toMatchObject({ count: 2, kind: "KIND_GPU" });
    expect(config.dynamic_batching ?? null).toBeNull();
  });

  it("runs ModelInfer with raw inputs and parameters, and the statistics count it", async () => {
    const before = await client.modelStatistics("bert");
    const res = await client.infer({ model: "bert", inputs: inputsFor(4), priority: 1, timeoutUs: 100_000 });
    expect(res.response.outputs[0]?.shape).toEqual([4, 2]);
    expect(res.response.raw_output_contents[0]?.length).toBe(32);
    expect(res.timing.latencyUs).toBeGreaterThan(1000);
    expect(res.timing.sendUs).toBeGreaterThanOrEqual(0);
    const after = await client.modelStatistics("bert");
    expect((after[0]?.inference_count ?? 0) - (before[0]?.inference_count ?? 0)).toBe(4);
    const b4 = after[0]?.batch_stats.find((b) => b.batch_size === 4);
    expect(b4?.compute_infer?.count).toBe(1);
    expect(b4?.compute_infer?.ns).toBe(2_000_000);
  });

  it("fails fast with one line naming the server when the connection is refused", async () => {
    const dead = new KServeClient({ url: "127.0.0.1:1", ssl: false, headers: [] });
    const t0 = Date.now();
    const e = await failure(dead.serverLive());
    dead.close();
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(e.kind).toBe("unreachable");
    expect(e.message).toContain("127.0.0.1:1");
    expect(e.message).toContain("connection refused");
  });

  it("says so when the port speaks HTTP, not gRPC", async () => {
    const { createServer } = await import("node:http2");
    const h2 = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => h2.listen(0, "127.0.0.1", r));
    const port = (h2.address() as { port: number }).port;
    const c = new KServeClient({ url: `127.0.0.1:${port}`, ssl: false, headers: [] });
    const e = await failure(c.serverLive());
    c.close();
    h2.close();
    expect(e.kind).toBe("unreachable");
    expect(e.message).toBe(
      `cannot reach server 127.0.0.1:${port} over gRPC: it answered HTTP 404, so it is not a gRPC endpoint (a proxy? Triton's HTTP port?)`,
    );
  });

  it("names a missing model", async () => {
    const e = await failure(client.modelConfig("nope"));
    expect(e.kind).toBe("model-not-found");
    expect(e.message).toContain('model "nope" not found on server 127.0.0.1:');
  });

  it("names a model that is not ready", async () => {
    const e = await failure(client.infer({ model: "loading", inputs: inputsFor(1) }));
    expect(e.kind).toBe("model-not-ready");
    expect(e.message).toContain('model "loading"');
  });

  it("reports a deadline", async () => {
    const e = await failure(client.infer({ model: "stall", inputs: inputsFor(1) }, 150));
    expect(e.kind).toBe("deadline");
    expect(e.message).toMatch(/ModelInfer for model "stall" on server 127\.0\.0\.1:\d+: no answer within 150 ms/);
  });

  it("reports UNAVAILABLE from the server", async () => {
    const e = await failure(client.infer({ model: "full", inputs: inputsFor(1) }));
    expect(e.kind).toBe("unavailable");
    expect(e.message).toContain("Exceeds maximum queue size");
  });

  it("reports RESOURCE_EXHAUSTED", async () => {
    const e = await failure(client.infer({ model: "oom", inputs: inputsFor(1) }));
    expect(e.kind).toBe("resource-exhausted");
    expect(e.message).toContain('model "oom"');
    expect(e.message).toContain("CUDA out of memory");
  });

  it("rejects a batch above max_batch_size as an invalid request", async () => {
    const e = await failure(client.infer({ model: "bert", inputs: inputsFor(16) }));
    expect(e.kind).toBe("invalid");
  });
});
