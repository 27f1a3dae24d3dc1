// Laws of the config.pbtxt writer: for every valid ServerConfig, reading what was written gives it back
// (with or without extras), writing is deterministic and a fixed point, and the JSON form of the same
// message reads to the same ServerConfig.
import { toJson } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelConfigSchema } from "../../src/gen/model_config_pb.js";
import { makeServerConfig, type InstanceKind, type QueuePolicy, type ServerConfig, type ServerConfigInput } from "../../src/server/config.js";
import {
  fromTritonConfigJson,
  parseModelConfigPbtxt,
  readModelConfigPbtxt,
  writeModelConfigPbtxt,
} from "../../src/server/pbtxt.js";

const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

const bigOrSmall = (small: number, max: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: small }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max }) });
const uint64 = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat());

const names = fc.oneof(
  fc.constant("model"),
  fc.constantFrom("bert", "resnet50_trt", 'we"ird\\name', "tab\there\nnewline", "ünïcødé ✓ 🚀", ""),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary-ascii", maxLength: 12 }),
);

const policy = fc.record({
  timeoutAction: fc.constantFrom("REJECT" as const, "DELAY" as const),
  defaultTimeoutUs: uint64,
  allowTimeoutOverride: fc.boolean(),
  maxQueueSize: bigOrSmall(100, UINT32_MAX),
});

/** Loose inputs that makeServerConfig accepts: values within Triton's rules and proto field ranges. */
const validInput: fc.Arbitrary<ServerConfigInput> = fc
  .record({ gpus: fc.integer({ min: 1, max: 8 }), maxBatchSize: bigOrSmall(64, INT32_MAX), name: names })
  .chain(({ gpus, maxBatchSize, name }) => {
    const preferred =
      maxBatchSize === 0
        ? fc.constant([] as number[])
        : fc.uniqueArray(fc.integer({ min: 1, max: maxBatchSize }), { maxLength: 5 });
    const levels = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));
    const dynamicBatching = fc.option(
      levels.chain((priorityLevels) =>
        fc
          .record({
            preferredBatchSizes: preferred,
            maxQueueDelayUs: uint64,
            priorityLevels: fc.constant(priorityLevels),
            defaultPriorityLevel:
              priorityLevels === 0 ? fc.oneof(fc.constant(0), uint64) : fc.integer({ min: 1, max: priorityLevels }),
            defaultQueuePolicy: fc.option(policy, { nil: undefined }),
            priorityQueuePolicy:
              priorityLevels === 0
                ? fc.constant<Record<string, QueuePolicy>>({})
                : fc.dictionary(
                    fc.integer({ min: 1, max: priorityLevels }).map(String),
                    policy,
                    { maxKeys: 4 },
                  ),
            wantsOrdering: fc.boolean(),
          })
          .map(({ wantsOrdering, ...db }) => {
            const policies = [db.defaultQueuePolicy, ...Object.values(db.priorityQueuePolicy)];
            const delays = policies.some((p) => p !== undefined && p.timeoutAction === "DELAY" && p.defaultTimeoutUs !== 0);
            return { ...db, preserveOrdering: wantsOrdering && priorityLevels <= 1 && !delays };
          }),
      ),
      { nil: null },
    );
    const group = fc.constantFrom<InstanceKind>("KIND_GPU", "KIND_CPU", "KIND_AUTO").chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        count: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: INT32_MAX }) }),
        gpus:
          kind === "KIND_CPU"
            ? fc.constant(null)
            : fc.option(fc.array(fc.integer({ min: 0, max: gpus - 1 }), { minLength: 1, maxLength: 4 }), { nil: null }),
      }),
    );
    return fc.record({
      name: fc.constant(name),
      maxBatchSize: fc.constant(maxBatchSize),
      gpus: fc.constant(gpus),
      dynamicBatching,
      instanceGroups: fc.array(group, { maxLength: 4 }),
    });
  });

const validConfig: fc.Arbitrary<ServerConfig> = validInput.map((input) => makeServerConfig(input, "generated"));

const extras = fc.record(
  {
    platform: fc.constantFrom("tensorrt_plan", "onnxruntime_onnx", "tensorflow_savedmodel", "pytorch_libtorch"),
    backend: fc.constantFrom("onnxruntime", "tensorflow", "python", "tensorrt", "pytorch"),
    inputs: fc.array(
      fc.record({
        name: fc.string({ maxLength: 8 }),
        dataType: fc.constantFrom("FP32", "TYPE_INT32", "BYTES", "BF16"),
        dims: fc.array(fc.integer({ min: -1, max: 512 }), { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

describe("writeModelConfigPbtxt / readModelConfigPbtxt", () => {
  it("read(write(c)) deep-equals c for every valid ServerConfig", () => {
    fc.assert(
      fc.property(validConfig, (c) => {
        expect(readModelConfigPbtxt(writeModelConfigPbtxt(c), "written.pbtxt", c.gpus)).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips with extras too (platform, backend and inputs do not disturb the scheduling part)", () => {
    fc.assert(
      fc.property(validConfig, extras, (c, x) => {
        expect(readModelConfigPbtxt(writeModelConfigPbtxt(c, x), "written.pbtxt", c.gpus)).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it("writing is deterministic and a fixed point of write∘read", () => {
    fc.assert(
      fc.property(validConfig, (c) => {
        const text = writeModelConfigPbtxt(c);
        expect(writeModelConfigPbtxt(c)).toBe(text);
        expect(writeModelConfigPbtxt(readModelConfigPbtxt(text, "w.pbtxt", c.gpus))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("the JSON form of the written config reads to the same ServerConfig", () => {
    fc.assert(
      fc.property(validConfig, fc.boolean(), (c, protoNames) => {
        const message = parseModelConfigPbtxt(writeModelConfigPbtxt(c), "w.pbtxt");
        const json = toJson(ModelConfigSchema, message, { useProtoFieldName: protoNames });
        expect(fromTritonConfigJson(json, "w.json", c.gpus)).toEqual(c);
      }),
      { numRuns: 200 },
    );
  });
});
