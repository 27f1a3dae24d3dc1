// Pure pieces of the harness: statistics snapshots and deltas, synthetic inputs, endpoint parsing.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { snapshotOf, statsDelta, StatsWentBackwards } from "../../src/calibrate/stats-snapshot.js";
import { fillTensor, makeInputs, resolveShape } from "../../src/calibrate/input-tensors.js";
import { parseHeader, parseUrl } from "../../src/calibrate/endpoint.js";
import { instanceCounts, schedulerOf } from "../../src/calibrate/model-info.js";
import type { ModelConfig, ModelStatistics } from "../../src/calibrate/kserve-types.js";

const d = (count: number, ns: number) => ({ count, ns });
const stat = (version: string, n: number): ModelStatistics => ({
  name: "m",
  version,
  last_inference: 0,
  inference_count: 4 * n,
  execution_count: n,
  inference_stats: {
    success: d(n, 10 * n),
    fail: d(0, 0),
    queue: d(n, n),
    compute_input: d(n, 2 * n),
    compute_infer: d(n, 5 * n),
    compute_output: d(n, n),
    cache_hit: null,
    cache_miss: null,
  },
  batch_stats: [{ batch_size: 4, compute_input: d(n, 2 * n), compute_infer: d(n, 5 * n), compute_output: d(n, n) }],
});

describe("statistics snapshots", () => {
  it("sum every version of the model and ignore other models", () => {
    const s = snapshotOf("m", [stat("1", 3), stat("2", 5), { ...stat("1", 100), name: "other" }]);
    expect(s.executionCount).toBe(8);
    expect(s.batches).toEqual([{ batchSize: 4, count: 8, computeInputNs: 16, computeInferNs: 40, computeOutputNs: 8 }]);
  });

  it("deltas are additive: (a→b) + (b→c) = (a→c)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (x, y, z) => {
        const [a, b, c] = [x, x + y, x + y + z].map((n) => snapshotOf("m", [stat("1", n)])) as [
          ReturnType<typeof snapshotOf>, ReturnType<typeof snapshotOf>, ReturnType<typeof snapshotOf>,
        ];
        const ab = statsDelta(a, b);
        const bc = statsDelta(b, c);
        const ac = statsDelta(a, c);
        return ab.executionCount + bc.executionCount === ac.executionCount && ab.computeInfer.ns + bc.computeInfer.ns === ac.computeInfer.ns;
      }),
    );
  });

  it("a counter going backwards is reported as a restart", () => {
    expect(() => statsDelta(snapshotOf("m", [stat("1", 5)]), snapshotOf("m", [stat("1", 2)]))).toThrow(StatsWentBackwards);
  });
});

describe("synthetic inputs", () => {
  it("sets the batch dimension and fills variable dims from --shape or --seq-len", () => {
    const meta = { name: "input_ids", datatype: "INT32", shape: [-1, -1] };
    expect(resolveShape(meta, "m", { batchSize: 4, batching: true, seqLen: 128 })).toEqual([4, 128]);
    expect(resolveShape(meta, "m", { batchSize: 2, batching: true, shapes: { input_ids: [64] } })).toEqual([2, 64]);
    expect(resolveShape({ ...meta, shape: [3, 224, 224] }, "m", { batchSize: 1, batching: false })).toEqual([3, 224, 224]);
    expect(() => resolveShape(meta, "m", { batchSize: 1, batching: true })).toThrow(/--shape input_ids:N or --seq-len N/);
    expect(() => resolveShape({ ...meta, shape: [-1, 8] }, "m", { batchSize: 1, batching: true, shapes: { input_ids: [9] } })).toThrow(
      /fixed at 8/,
    );
  });

  it("uses valid token ids, masks of 1 and type ids of 0", () => {
    const ids = new Int32Array(fillTensor("input_ids", "INT32", [2, 16]).buffer.slice(0));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(100);
    expect([...new Int32Array(fillTensor("attention_mask", "INT32", [1, 4]).buffer.slice(0))]).toEqual([1, 1, 1, 1]);
    expect([...new Int32Array(fillTensor("token_type_ids", "INT32", [1, 4]).buffer.slice(0))]).toEqual([0, 0, 0, 0]);
    const ids64 = fillTensor("input_ids", "INT64", [1, 4]);
    expect(ids64.length).toBe(32);
  });

  it("encodes every datatype with its width, BYTES length-prefixed", () => {
    const sizes = makeInputs(
      ["BOOL", "UINT8", "INT16", "FP16", "BF16", "FP32", "FP64", "BYTES"].map((t, i) => ({ name: `x${i}`, datatype: t, shape: [-1, 3] })),
      "m",
      { batchSize: 2, batching: true },
    ).map((t) => t.data.length);
    expect(sizes).toEqual([6, 6, 12, 12, 12, 24, 48, 30]);
    const half = Buffer.from(fillTensor("x", "FP16", [4]));
    for (let i = 0; i < 4; i++) expect(half.readUInt16LE(i * 2) & 0x7c00).toBeLessThan(0x3c00 + 1); // finite, < 1.0
  });
});

describe("endpoint and config", () => {
  it("parses HOST:PORT and headers", () => {
    expect(parseUrl("localhost:8001")).toBe("localhost:8001");
    expect(parseUrl("[::1]:8001")).toBe("[::1]:8001");
    expect(() => parseUrl("localhost")).toThrow(/expected HOST:PORT/);
    expect(() => parseUrl("grpc://h:1")).toThrow(/without a scheme/);
    expect(parseHeader("Authorization: Bearer a:b")).toEqual(["authorization", "Bearer a:b"]);
    expect(() => parseHeader("grpc-timeout: 1")).toThrow(/reserved/);
  });

  it("counts instances per GPU and in all, and names the scheduler", () => {
    const base = { instance_group: [], scheduling_choice: undefined } as unknown as ModelConfig;
    expect(instanceCounts(base)).toEqual({ perGpu: 1, total: 1 });
    const two = { ...base, instance_group: [{ count: 2, gpus: [0, 1], kind: "KIND_GPU" }] } as unknown as ModelConfig;
    expect(instanceCounts(two)).toEqual({ perGpu: 2, total: 4 });
    const split = {
      ...base,
      instance_group: [
        { count: 2, gpus: [0], kind: "KIND_GPU" },
        { count: 1, gpus: [1], kind: "KIND_GPU" },
      ],
    } as unknown as ModelConfig;
    expect(instanceCounts(split)).toEqual({ perGpu: 2, total: 3 });
    expect(schedulerOf(base)).toBe("default");
    expect(schedulerOf({ ...base, scheduling_choice: "dynamic_batching" } as ModelConfig)).toBe("dynamic");
  });
});
