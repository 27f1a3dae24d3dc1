// config.pbtxt and Triton JSON in, config.pbtxt out: Triton's documented examples parse to the ServerConfig
// Triton would schedule with; every problem is one line naming file, line:column and the Triton field path;
// features servesim does not model are refused, never dropped; the JSON form agrees with the text form.
import { toBinary, toJson } from "@bufbuild/protobuf";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { ModelConfigSchema } from "../../src/gen/model_config_pb.js";
import { makeServerConfig, placeInstances, type ServerConfig } from "../../src/server/config.js";
import {
  fromTritonConfigJson,
  parseModelConfigPbtxt,
  parseTritonConfigJson,
  readModelConfigPbtxt,
  writeModelConfigPbtxt,
} from "../../src/server/pbtxt.js";
import { InputError } from "../../src/validation.js";


/** A BERT-Base TensorRT deployment as a user would write it (seq 128, batch ≤ 8, delay 5 ms). */
const BERT_PBTXT = `# BERT-Base, sequence length 128, FP16 TensorRT engine
name: "bert_base_trt"
platform: "tensorrt_plan"
max_batch_size: 8
version_policy: { latest: { num_versions: 1 } }
default_model_filename: "model.plan"
cc_model_filenames [
  { key: "8.0", value: "bert_a100.plan" },
  { key: "9.0", value: "bert_h100.plan" }
]
input [
  {
    name: "input_ids"
    data_type: TYPE_INT32
    dims: [ 128 ]
  },
  {
    name: "segment_ids"
    data_type: TYPE_INT32
    dims: [ 128 ]
  },
  {
    name: "input_mask"
    data_type: TYPE_INT32
    dims: [ 128 ]
    optional: false
  }
]
output [
  {
    name: "cls_squad_logits"
    data_type: TYPE_FP32
    dims: [ 128, 2, 1, 1 ]
    reshape: { shape: [ 128, 2 ] }
  }
]
instance_group [
  {
    name: "bert_gpu"
    count: 1
    kind: KIND_GPU
    gpus: [ 0 ]
    profile: [ "0" ]
  }
]
dynamic_batching {
  preferred_batch_size: [ 4, 8 ]
  max_queue_delay_microseconds: 5000
}
optimization {
  priority: PRIORITY_MAX
  graph: { level: 1 }
  cuda {
    graphs: true
    busy_wait_events: true
    graph_spec [
      {
        batch_size: 8
        input { key: "input_ids" value: { dim: [ 128 ] } }
        input { key: "segment_ids" value: { dim: [ 128 ] } }
        graph_lower_bound { batch_size: 1 input { key: "input_ids" value { dim: [ 128 ] } } }
      }
    ]
    output_copy_stream: true
  }
  input_pinned_memory { enable: true }
  output_pinned_memory { enable: true }
  gather_kernel_buffer_threshold: 0
  eager_batching: true
}
parameters: { key: "kind" value: { string_value: "squad" } }
parameters [ { key: "seq_len", value { string_value: "128" } } ]
metric_tags { key: "team" value: "search" }
model_warmup [
  {
    name: "warmup_bs8"
    batch_size: 8
    count: 2
    inputs { key: "input_ids" value: { data_type: TYPE_INT32 dims: [ 128 ] zero_data: true } }
    inputs { key: "segment_ids" value: { data_type: TYPE_INT32 dims: [ 128 ] random_data: true } }
    inputs { key: "input_mask" value: { data_type: TYPE_INT32 dims: [ 128 ] input_data_file: "mask.bin" } }
  }
]
model_transaction_policy { decoupled: false }
response_cache { enable: false }
model_repository_agents {
  agents [ { name: "checksum", parameters { key: "MD5:model.plan" value: "0123456789abcdef" } } ]
}
`;

/** An ONNX model with the ONNX Runtime TensorRT accelerator (Triton's optimization guide). */
const ONNX_TRT_PBTXT = `name: "densenet_onnx"
platform: "onnxruntime_onnx"
max_batch_size: 0
input [
  {
    name: "data_0"
    data_type: TYPE_FP32
    format: FORMAT_NCHW
    dims: [ 3, 224, 224 ]
    reshape { shape: [ 1, 3, 224, 224 ] }
  }
]
output [
  {
    name: "fc6_1"
    data_type: TYPE_FP32
    dims: [ 1000 ]
    reshape { shape: [ 1, 1000, 1, 1 ] }
    label_filename: "densenet_labels.txt"
  }
]
optimization { execution_accelerators {
  gpu_execution_accelerator : [ {
    name : "tensorrt"
    parameters { key: "precision_mode" value: "FP16" }
    parameters { key: "max_workspace_size_bytes" value: "1073741824" }
    }]
  cpu_execution_accelerator : [ { name : "openvino" } ]
}}
`;

/** Two priority levels with per-level queue policies. */
const PRIORITY_PBTXT = `name: "ranker"
backend: "python"
max_batch_size: 32
dynamic_batching {
  preferred_batch_size: [ 8, 16, 32 ]
  max_queue_delay_microseconds: 2000
  priority_levels: 2
  default_priority_level: 2
  default_queue_policy {
    timeout_action: REJECT
    default_timeout_microseconds: 100000
    allow_timeout_override: true
    max_queue_size: 64
  }
  priority_queue_policy {
    key: 1
    value: {
      timeout_action: DELAY
      default_timeout_microseconds: 10000
      max_queue_size: 16
    }
  }
}
instance_group [ { count: 2, kind: KIND_GPU } ]
parameters: { key: "EXECUTION_ENV_PATH", value: { string_value: "$$TRITON_MODEL_DIRECTORY/env.tar.gz" } }
`;

const read = (text: string, gpus = 1): ServerConfig => readModelConfigPbtxt(text, "model.pbtxt", gpus);

/** The InputError message `read(text)` throws; asserts it is one line. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const message = (e as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error("expected an InputError");
}
const readError = (text: string, gpus = 1): string => errorOf(() => read(text, gpus));

describe("Triton's documented examples", () => {
  it("the minimal model configuration uses the default scheduler and one instance per GPU", () => {
    const c = read(`
  platform: "tensorrt_plan"
  max_batch_size: 8
  input [
    {
      name: "input0"
      data_type: TYPE_FP32
      dims: [ 16 ]
    },
    {
      name: "input1"
      data_type: TYPE_FP32
      dims: [ 16 ]
    }
  ]
  output [
    {
      name: "output0"
      data_type: TYPE_FP32
      dims: [ 16 ]
    }
  ]
  version_policy: { all { }}
`, 2);
    expect(c).toEqual({ name: "model", maxBatchSize: 8, dynamicBatching: null, instanceGroups: [], gpus: 2 });
    expect([...placeInstances(c)]).toEqual([0, 1]);
  });

  it("dynamic_batching { } batches up to max_batch_size without waiting", () => {
    const c = read("max_batch_size: 16\n  dynamic_batching { }\n");
    expect(c.dynamicBatching).toEqual({
      preferredBatchSizes: [16],
      maxQueueDelayUs: 0,
      preserveOrdering: false,
      priorityLevels: 0,
      defaultPriorityLevel: 0,
      defaultQueuePolicy: { timeoutAction: "REJECT", defaultTimeoutUs: 0, allowTimeoutOverride: false, maxQueueSize: 0 },
      priorityQueuePolicy: {},
    });
  });

  it("preferred sizes [4, 8] and a 100 µs delay", () => {
    expect(read("max_batch_size: 8\n  dynamic_batching {\n    preferred_batch_size: [ 4, 8 ]\n  }\n").dynamicBatching?.preferredBatchSizes).toEqual([4, 8]);
    const delayed = read("max_batch_size: 8\n  dynamic_batching {\n    max_queue_delay_microseconds: 100\n  }\n").dynamicBatching;
    expect(delayed?.maxQueueDelayUs).toBe(100);
    expect(delayed?.preferredBatchSizes).toEqual([8]);
  });

  it("preferred sizes may be repeated fields rather than a list, in any order", () => {
    const c = read("max_batch_size: 8 dynamic_batching { preferred_batch_size: 8 preferred_batch_size: 4 }");
    expect(c.dynamicBatching?.preferredBatchSizes).toEqual([4, 8]);
  });

  it("two instances on every GPU", () => {
    const c = read("max_batch_size: 8\n  instance_group [\n    {\n      count: 2\n      kind: KIND_GPU\n    }\n  ]\n", 2);
    expect(c.instanceGroups).toEqual([{ count: 2, kind: "KIND_GPU", gpus: null }]);
    expect([...placeInstances(c)]).toEqual([0, 0, 1, 1]);
  });

  it("one instance on GPU 0 and two on GPUs 1 and 2", () => {
    const c = read(
      `instance_group [
    {
      count: 1
      kind: KIND_GPU
      gpus: [ 0 ]
    },
    {
      count: 2
      kind: KIND_GPU
      gpus: [ 1, 2 ]
    }
  ]`,
      3,
    );
    expect(c.instanceGroups).toEqual([
      { count: 1, kind: "KIND_GPU", gpus: [0] },
      { count: 2, kind: "KIND_GPU", gpus: [1, 2] },
    ]);
    expect([...placeInstances(c)]).toEqual([0, 1, 1, 2, 2]);
  });

  it("CPU instances, with host policy", () => {
    const c = read(`instance_group [\n    {\n      count: 2\n      kind: KIND_CPU\n      host_policy: "policy_0"\n    }\n  ]`);
    expect(c.instanceGroups).toEqual([{ count: 2, kind: "KIND_CPU", gpus: null }]);
    expect([...placeInstances(c)]).toEqual([0, 0]);
  });

  it("a KIND_CPU group without count gets Triton's backend default (2 for ONNX Runtime and TensorFlow, else 1)", () => {
    const group = "instance_group [ { kind: KIND_CPU } ]";
    expect(read(`backend: "onnxruntime" ${group}`).instanceGroups[0]?.count).toBe(2);
    expect(read(`platform: "onnxruntime_onnx" ${group}`).instanceGroups[0]?.count).toBe(2);
    expect(read(`platform: "tensorflow_savedmodel" ${group}`).instanceGroups[0]?.count).toBe(2);
    expect(read(`default_model_filename: "model.onnx" ${group}`).instanceGroups[0]?.count).toBe(2);
    expect(read(`backend: "python" ${group}`).instanceGroups[0]?.count).toBe(1);
    expect(read(`backend: "onnxruntime" instance_group [ { kind: KIND_GPU } ]`).instanceGroups[0]?.count).toBe(1);
    expect(read(`backend: "onnxruntime" instance_group [ { kind: KIND_CPU count: 1 } ]`).instanceGroups[0]?.count).toBe(1);
  });

  it("a group without kind is KIND_AUTO (a GPU group on a GPU server)", () => {
    const c = read("instance_group [ { count: 3 } ]", 2);
    expect(c.instanceGroups).toEqual([{ count: 3, kind: "KIND_AUTO", gpus: null }]);
    expect([...placeInstances(c)]).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it("rate_limiter with a priority only is accepted (Triton ignores it with --rate-limit=off)", () => {
    const c = read("instance_group [ { count: 1 kind: KIND_GPU rate_limiter { priority: 2 } } ]");
    expect(c.instanceGroups).toEqual([{ count: 1, kind: "KIND_GPU", gpus: null }]);
  });

  it("priority levels with a default and a per-level queue policy", () => {
    const c = read(PRIORITY_PBTXT);
    expect(c).toEqual({
      name: "ranker",
      maxBatchSize: 32,
      dynamicBatching: {
        preferredBatchSizes: [8, 16, 32],
        maxQueueDelayUs: 2000,
        preserveOrdering: false,
        priorityLevels: 2,
        defaultPriorityLevel: 2,
        defaultQueuePolicy: { timeoutAction: "REJECT", defaultTimeoutUs: 100000, allowTimeoutOverride: true, maxQueueSize: 64 },
        priorityQueuePolicy: {
          "1": { timeoutAction: "DELAY", defaultTimeoutUs: 10000, allowTimeoutOverride: false, maxQueueSize: 16 },
        },
      },
      instanceGroups: [{ count: 2, kind: "KIND_GPU", gpus: null }],
      gpus: 1,
    });
  });

  it("a full BERT config: every section parses, the scheduling part becomes the ServerConfig", () => {
    const c = read(BERT_PBTXT);
    expect(c).toEqual(
      makeServerConfig({
        name: "bert_base_trt",
        maxBatchSize: 8,
        dynamicBatching: { preferredBatchSizes: [4, 8], maxQueueDelayUs: 5000 },
        instanceGroups: [{ count: 1, kind: "KIND_GPU", gpus: [0] }],
      }),
    );
    const m = parseModelConfigPbtxt(BERT_PBTXT, "bert.pbtxt");
    expect(m.input.map((i) => i.name)).toEqual(["input_ids", "segment_ids", "input_mask"]);
    expect(m.output[0]?.reshape?.shape).toEqual([128n, 2n]);
    expect(m.ccModelFilenames).toEqual({ "8.0": "bert_a100.plan", "9.0": "bert_h100.plan" });
    expect(m.optimization?.cuda?.graphs).toBe(true);
    expect(m.optimization?.cuda?.graphSpec[0]?.input["segment_ids"]?.dim).toEqual([128n]);
    expect(m.optimization?.cuda?.graphSpec[0]?.graphLowerBound?.batchSize).toBe(1);
    expect(m.optimization?.inputPinnedMemory?.enable).toBe(true);
    expect(m.optimization?.eagerBatching).toBe(true);
    expect(m.optimization?.graph?.level).toBe(1);
    expect(m.parameters["kind"]?.stringValue).toBe("squad");
    expect(m.parameters["seq_len"]?.stringValue).toBe("128");
    expect(m.modelWarmup[0]?.inputs["input_mask"]?.inputDataType).toEqual({ case: "inputDataFile", value: "mask.bin" });
    expect(m.modelRepositoryAgents?.agents[0]?.parameters["MD5:model.plan"]).toBe("0123456789abcdef");
    expect(m.versionPolicy?.policyChoice.case).toBe("latest");
    expect(m.metricTags).toEqual({ team: "search" });
  });

  it("ONNX with execution accelerators and their parameter maps", () => {
    const m = parseModelConfigPbtxt(ONNX_TRT_PBTXT, "densenet.pbtxt");
    const gpu = m.optimization?.executionAccelerators?.gpuExecutionAccelerator[0];
    expect(gpu?.name).toBe("tensorrt");
    expect(gpu?.parameters).toEqual({ precision_mode: "FP16", max_workspace_size_bytes: "1073741824" });
    expect(m.optimization?.executionAccelerators?.cpuExecutionAccelerator[0]?.name).toBe("openvino");
    expect(read(ONNX_TRT_PBTXT)).toEqual({ name: "densenet_onnx", maxBatchSize: 0, dynamicBatching: null, instanceGroups: [], gpus: 1 });
  });

  it("the other text-format spellings: <> blocks, ; and , separators, comments, single quotes, adjacent strings", () => {
    const c = read(`# comment
name: 'my' "_model"; max_batch_size: 0x10, # hex
dynamic_batching < max_queue_delay_microseconds: 010 >  # octal 8
input { name: "in" data_type: TYPE_BOOL dims: -1 is_shape_tensor: True }
input: [ { name: "in2" data_type: 13 dims: [ 1 ] reshape: { shape: [ ] } } ]
`);
    expect(c.name).toBe("my_model");
    expect(c.maxBatchSize).toBe(16);
    expect(c.dynamicBatching?.maxQueueDelayUs).toBe(8);
  });

  it("batch_input / batch_output (ragged batching), shape tensors, non-linear IO", () => {
    const m = parseModelConfigPbtxt(
      `max_batch_size: 8
input [ { name: "x" data_type: TYPE_FP32 dims: [ -1 ] allow_ragged_batch: true is_non_linear_format_io: true } ]
batch_input [ { kind: BATCH_ACCUMULATED_ELEMENT_COUNT target_name: "idx" data_type: TYPE_FP32 source_input: "x" } ]
batch_output [ { target_name: "y" kind: BATCH_SCATTER_WITH_INPUT_SHAPE source_input: "x" } ]`,
      "ragged.pbtxt",
    );
    expect(m.batchInput[0]?.targetName).toEqual(["idx"]);
    expect(m.input[0]?.allowRaggedBatch).toBe(true);
  });
});

describe("scheduling features servesim does not model are refused, naming the field", () => {
  const cases: [string, string, RegExp][] = [
    ["sequence batcher", "max_batch_size: 8\nsequence_batching {\n  max_sequence_idle_microseconds: 5000000\n  direct { }\n}\n", /^model\.pbtxt:2:1: sequence_batching: servesim does not model the sequence batcher/],
    ["iterative sequences", "sequence_batching {\n  iterative_sequence: true\n}", /^model\.pbtxt:1:1: sequence_batching: servesim does not model/],
    [
      "ensembles",
      `name: "pipe"\nplatform: "ensemble"\nmax_batch_size: 8\nensemble_scheduling {\n  step [ { model_name: "pre" model_version: -1 input_map { key: "IN" value: "RAW" } output_map { key: "OUT" value: "x" } } ]\n}`,
      /^model\.pbtxt:4:1: ensemble_scheduling: servesim does not model ensembles/,
    ],
    ["platform ensemble", `platform: "ensemble"`, /^model\.pbtxt:1:1: platform: servesim does not model ensembles/],
    [
      "rate-limiter resources",
      `instance_group [
    {
      count: 1
      kind: KIND_GPU
      gpus: [ 0, 1, 2 ]
      rate_limiter {
        resources [
          {
            name: "R1"
            count: 4
          },
          {
            name: "R2"
            global: True
            count: 2
          }
        ]
        priority: 2
      }
    }
  ]`,
      /^model\.pbtxt:7:9: instance_group\[0\]\.rate_limiter\.resources: servesim does not model the rate limiter/,
    ],
    ["KIND_MODEL", "instance_group [\n  { count: 1 kind: KIND_GPU },\n  { kind: KIND_MODEL }\n]", /^model\.pbtxt:3:5: instance_group\[1\]\.kind: servesim does not model KIND_MODEL/],
    ["passive instances", "instance_group [ { count: 1 kind: KIND_GPU passive: true } ]", /^model\.pbtxt:1:44: instance_group\[0\]\.passive: servesim does not model passive instances/],
    ["the response cache", "max_batch_size: 8\nresponse_cache {\n  enable: true\n}", /^model\.pbtxt:3:3: response_cache\.enable: servesim does not model the response cache/],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      expect(readError(text, 3)).toMatch(expected);
    });
  }

  it("the JSON form refuses them too", () => {
    expect(errorOf(() => fromTritonConfigJson({ sequence_batching: {} }, "rpc"))).toMatch(/^rpc: sequence_batching: servesim does not model/);
  });
});

describe("Triton's validation rules, reported at the field with its path", () => {
  const cases: [string, string, string][] = [
    ["negative max_batch_size", "name: \"m\"\nmax_batch_size: -1", "model.pbtxt:2:1: max_batch_size: must be a non-negative integer"],
    ["preferred size 0", "max_batch_size: 8\ndynamic_batching { preferred_batch_size: [ 4, 0 ] }", "model.pbtxt:2:47: dynamic_batching.preferred_batch_size[1]: must be a positive integer"],
    ["preferred size above max_batch_size", "max_batch_size: 8\ndynamic_batching {\n  preferred_batch_size: [ 4, 16 ]\n}", "model.pbtxt:3:30: dynamic_batching.preferred_batch_size[1]: must be ≤ max_batch_size (8)"],
    ["preferred sizes without batching", "dynamic_batching { preferred_batch_size: 1 }", "model.pbtxt:1:42: dynamic_batching.preferred_batch_size[0]: must be ≤ max_batch_size (0)"],
    ["default priority level missing", "max_batch_size: 8\ndynamic_batching {\n  priority_levels: 3\n}", "model.pbtxt:2:1: dynamic_batching.default_priority_level: must lie in [1, 3] (priority_levels), got 0"],
    ["default priority level too high", "max_batch_size: 8\ndynamic_batching {\n  priority_levels: 3\n  default_priority_level: 5\n}", "model.pbtxt:4:3: dynamic_batching.default_priority_level: must lie in [1, 3] (priority_levels), got 5"],
    [
      "queue policy for a level that does not exist",
      "max_batch_size: 8\ndynamic_batching {\n  priority_levels: 2\n  default_priority_level: 1\n  priority_queue_policy { key: 3 value { max_queue_size: 4 } }\n}",
      "model.pbtxt:5:25: dynamic_batching.priority_queue_policy[3]: priority level must lie in [1, 2] (priority_levels)",
    ],
    [
      "queue policy without priority levels",
      "max_batch_size: 8\ndynamic_batching {\n  priority_queue_policy { key: 1 value { } }\n}",
      "model.pbtxt:3:25: dynamic_batching.priority_queue_policy[1]: priority level must lie in [1, 0] (priority_levels)",
    ],
    [
      "preserve_ordering with two priority levels",
      "max_batch_size: 8\ndynamic_batching {\n  preserve_ordering: true\n  priority_levels: 2\n  default_priority_level: 1\n}",
      "model.pbtxt:3:3: dynamic_batching.preserve_ordering: allows only one priority level",
    ],
    [
      "preserve_ordering with a DELAY default policy",
      "max_batch_size: 8\ndynamic_batching {\n  preserve_ordering: true\n  default_queue_policy { timeout_action: DELAY default_timeout_microseconds: 100 }\n}",
      "model.pbtxt:3:3: dynamic_batching.preserve_ordering: forbids timeout_action DELAY",
    ],
    [
      "preserve_ordering with a DELAY level policy",
      "max_batch_size: 8\ndynamic_batching {\n  preserve_ordering: true\n  priority_levels: 1\n  default_priority_level: 1\n  priority_queue_policy { key: 1 value { timeout_action: DELAY default_timeout_microseconds: 100 } }\n}",
      "model.pbtxt:3:3: dynamic_batching.preserve_ordering: forbids timeout_action DELAY",
    ],
    ["KIND_CPU with GPUs", "instance_group [ { kind: KIND_CPU gpus: [ 0 ] } ]", "model.pbtxt:1:35: instance_group[0].gpus: a KIND_CPU group cannot list GPUs"],
    ["a GPU the server lacks", "instance_group [\n  { count: 1 kind: KIND_GPU gpus: [ 0, 2 ] }\n]", "model.pbtxt:2:40: instance_group[0].gpus[1]: GPU 2 does not exist (server has 2)"],
    ["a negative GPU", "instance_group [ { gpus: [ -1 ] } ]", "model.pbtxt:1:28: instance_group[0].gpus[0]: GPU -1 does not exist (server has 2)"],
    [
      "a uint64 beyond 2^53",
      "max_batch_size: 8\ndynamic_batching { max_queue_delay_microseconds: 18446744073709551615 }",
      "model.pbtxt:2:20: dynamic_batching.max_queue_delay_microseconds: 18446744073709551615 is too large (servesim takes integers up to 2^53 − 1)",
    ],
    [
      "an enum number with no name",
      "max_batch_size: 8\ndynamic_batching { default_queue_policy { timeout_action: 7 } }",
      "model.pbtxt:2:43: dynamic_batching.default_queue_policy.timeout_action: must be REJECT or DELAY, got 7",
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      expect(readError(text, 2)).toBe(expected);
    });
  }

  it("preserve_ordering is fine with one level and with DELAY when there is no timeout", () => {
    const c = read(
      "max_batch_size: 8 dynamic_batching { preserve_ordering: true priority_levels: 1 default_priority_level: 1 default_queue_policy { timeout_action: DELAY } }",
    );
    expect(c.dynamicBatching?.preserveOrdering).toBe(true);
  });

  it("a count below 1 takes Triton's default, as Triton does", () => {
    expect(read("instance_group [ { count: 0 kind: KIND_GPU } ]").instanceGroups[0]?.count).toBe(1);
    expect(read("instance_group [ { count: -3 kind: KIND_GPU } ]").instanceGroups[0]?.count).toBe(1);
  });

  it("the server GPU count must be positive", () => {
    expect(readError("max_batch_size: 1", 0)).toBe("model.pbtxt: gpus: must be a positive integer");
  });

  it("makeServerConfig keeps every value inside the proto field it is written to", () => {
    const bad: [Parameters<typeof makeServerConfig>[0], string][] = [
      [{ maxBatchSize: 2 ** 31 }, "x: max_batch_size: must be ≤ 2147483647"],
      [{ maxBatchSize: 1.5 }, "x: max_batch_size: must be a non-negative integer"],
      [{ maxBatchSize: 8, dynamicBatching: { defaultPriorityLevel: -1 } }, "x: dynamic_batching.default_priority_level: must be a non-negative integer"],
      [{ maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 2 ** 60 } }, "x: dynamic_batching.max_queue_delay_microseconds: must be a non-negative integer"],
      [
        { maxBatchSize: 8, dynamicBatching: { defaultQueuePolicy: { maxQueueSize: 2 ** 32 } } },
        "x: dynamic_batching.default_queue_policy.max_queue_size: must be ≤ 4294967295",
      ],
      [{ maxBatchSize: 8, instanceGroups: [{ count: 2 ** 31 }] }, "x: instance_group[0].count: must be a positive integer (≤ 2147483647)"],
      [{ maxBatchSize: 8, instanceGroups: [{ kind: "KIND_CPU", gpus: [0] }] }, "x: instance_group[0].gpus: a KIND_CPU group cannot list GPUs"],
    ];
    for (const [input, message] of bad) expect(errorOf(() => makeServerConfig(input, "x"))).toBe(message);
  });
});

describe("syntax errors and unknown fields: one line with file, line:column and field path", () => {
  const cases: [string, string, string][] = [
    [
      "a misspelt field",
      `name: "bert"
max_batch_size: 8
input [
  { name: "x" data_type: TYPE_FP32 dims: [ 1 ] }
]
dynamic_batching {
  prefered_batch_size: [ 4, 8 ]
}`,
      'model.pbtxt:7:3: unknown field "prefered_batch_size" in dynamic_batching (did you mean "preferred_batch_size"?)',
    ],
    ["an unknown top-level field", "max_batch_size: 8\nmax_queue_delay_microseconds: 100", 'model.pbtxt:2:1: unknown field "max_queue_delay_microseconds" in ModelConfig'],
    [
      "an unknown field inside a list element",
      "instance_group [\n  { count: 1 },\n  { count: 1 gpu: [ 0 ] }\n]",
      'model.pbtxt:3:14: unknown field "gpu" in instance_group[1] (did you mean "gpus"?)',
    ],
    [
      "an unknown field inside a map value",
      "dynamic_batching { priority_levels: 1 default_priority_level: 1\n  priority_queue_policy { key: 1 value { max_queue: 4 } }\n}",
      'model.pbtxt:2:42: unknown field "max_queue" in dynamic_batching.priority_queue_policy[1]',
    ],
    ["an unclosed block", "max_batch_size: 8\ndynamic_batching {\n  preferred_batch_size: [ 4, 8 ]\n", 'model.pbtxt:2:18: dynamic_batching: "{" opened here is never closed'],
    ["an unclosed list", "instance_group [\n  { count: 1 }\n", 'model.pbtxt:1:16: instance_group: "[" opened here is never closed'],
    ["a stray brace", "max_batch_size: 8\n}\n", 'model.pbtxt:2:1: expected a field name, got "}" (no "{" is open)'],
    ["an unterminated string", 'name: "bert\nmax_batch_size: 8', "model.pbtxt:1:7: string is not closed before the end of the line"],
    ["a bad escape", 'name: "a\\qb"', 'model.pbtxt:1:9: invalid escape "\\q" in string'],
    ["a missing colon", "max_batch_size 8", 'model.pbtxt:1:16: max_batch_size: expected ":" before the value, got "8"'],
    ["a string for an integer", 'max_batch_size: "8"', 'model.pbtxt:1:17: max_batch_size: expected an integer, got string "8"'],
    ["a float for an integer", "max_batch_size: 8.5", 'model.pbtxt:1:17: max_batch_size: expected an integer, got "8.5"'],
    ["an int32 overflow", "max_batch_size: 4294967296", "model.pbtxt:1:17: max_batch_size: 4294967296 is out of range [-2147483648, 2147483647]"],
    ["a negative unsigned", "dynamic_batching { max_queue_delay_microseconds: -5 }", "model.pbtxt:1:50: dynamic_batching.max_queue_delay_microseconds: must not be negative, got -5"],
    [
      "an unknown enum value",
      "instance_group [ { kind: KIND_GPUS } ]",
      "model.pbtxt:1:26: instance_group[0].kind: unknown value KIND_GPUS (one of KIND_AUTO, KIND_GPU, KIND_CPU, KIND_MODEL); did you mean KIND_GPU?",
    ],
    ["a bool spelt wrong", "dynamic_batching { preserve_ordering: yes }", 'model.pbtxt:1:39: dynamic_batching.preserve_ordering: expected true or false, got "yes"'],
    ["a field set twice", "max_batch_size: 8\nname: \"a\"\nmax_batch_size: 4", "model.pbtxt:3:1: max_batch_size: set twice (first at line 1)"],
    [
      "two schedulers",
      "dynamic_batching { }\nsequence_batching { }",
      "model.pbtxt:2:1: sequence_batching: cannot be set together with dynamic_batching (only one of dynamic_batching, sequence_batching, ensemble_scheduling)",
    ],
    ["an invalid character", "max_batch_size: 8 @", 'model.pbtxt:1:19: unexpected character "@"'],
    ["a malformed number", "max_batch_size: 08", 'model.pbtxt:1:17: invalid number "08"'],
    ["a list without commas", "dynamic_batching { preferred_batch_size: [ 4 8 ] }", 'model.pbtxt:1:46: dynamic_batching.preferred_batch_size: expected "," or "]" in the list, got "8"'],
    ["a map entry with a stray field", 'metric_tags { key: "a" val: "b" }', 'model.pbtxt:1:24: metric_tags[a]: expected "key" or "value" in a map entry, got "val"'],
    ["a message given a scalar", "dynamic_batching: 5", 'model.pbtxt:1:19: dynamic_batching: expected "{", got "5"'],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      expect(readError(text)).toBe(expected);
    });
  }

  it("parseModelConfigPbtxt reports the same way", () => {
    expect(errorOf(() => parseModelConfigPbtxt("foo: 1", "cfg/bert/config.pbtxt"))).toBe(
      'cfg/bert/config.pbtxt:1:1: unknown field "foo" in ModelConfig',
    );
  });

  it("columns count from 1 and tabs count as one column", () => {
    expect(readError("\n\tmax_batch_size: x")).toBe('model.pbtxt:2:18: max_batch_size: expected an integer, got "x"');
  });
});

describe("writeModelConfigPbtxt", () => {
  it("writes Triton's text syntax, omitting defaults", () => {
    const c = read(PRIORITY_PBTXT, 2);
    expect(writeModelConfigPbtxt(c)).toBe(`name: "ranker"
max_batch_size: 32
dynamic_batching {
  preferred_batch_size: [ 8, 16, 32 ]
  max_queue_delay_microseconds: 2000
  priority_levels: 2
  default_priority_level: 2
  default_queue_policy {
    default_timeout_microseconds: 100000
    allow_timeout_override: true
    max_queue_size: 64
  }
  priority_queue_policy {
    key: 1
    value {
      timeout_action: DELAY
      default_timeout_microseconds: 10000
      max_queue_size: 16
    }
  }
}
instance_group [
  {
    count: 2
    kind: KIND_GPU
  }
]
`);
  });

  it("a default-scheduler config is one line; the placeholder name is left out", () => {
    expect(writeModelConfigPbtxt(makeServerConfig({ maxBatchSize: 0 }))).toBe("max_batch_size: 0\n");
  });

  it("empty messages and implied preferred sizes stay minimal", () => {
    const c = makeServerConfig({
      name: "m",
      maxBatchSize: 8,
      dynamicBatching: { priorityLevels: 2, defaultPriorityLevel: 1, priorityQueuePolicy: { "2": {} } },
      instanceGroups: [{ kind: "KIND_AUTO" }, { kind: "KIND_CPU", count: 4 }, { gpus: [1, 0] }],
      gpus: 2,
    });
    const text = writeModelConfigPbtxt(c);
    expect(text).toBe(`name: "m"
max_batch_size: 8
dynamic_batching {
  priority_levels: 2
  default_priority_level: 1
  priority_queue_policy {
    key: 2
    value { }
  }
}
instance_group [
  { },
  {
    count: 4
    kind: KIND_CPU
  },
  {
    kind: KIND_GPU
    gpus: [ 1, 0 ]
  }
]
`);
    expect(read(text, 2)).toEqual(c);
    expect(writeModelConfigPbtxt(makeServerConfig({ maxBatchSize: 4, dynamicBatching: {} }))).toBe("max_batch_size: 4\ndynamic_batching { }\n");
  });

  it("adds name, platform, backend, inputs and outputs from extras (KServe type names accepted)", () => {
    const c = makeServerConfig({ maxBatchSize: 8, instanceGroups: [{ kind: "KIND_CPU", count: 2 }] });
    const text = writeModelConfigPbtxt(c, {
      name: "densenet_onnx",
      platform: "onnxruntime_onnx",
      inputs: [{ name: "data_0", dataType: "FP32", dims: [3, 224, 224], reshape: [1, 3, 224, 224], optional: true }],
      outputs: [
        { name: "fc6_1", dataType: "TYPE_FP32", dims: [1000] },
        { name: "label", dataType: "BYTES", dims: [-1], isShapeTensor: false },
      ],
    });
    expect(text).toBe(`name: "densenet_onnx"
platform: "onnxruntime_onnx"
max_batch_size: 8
input [
  {
    name: "data_0"
    data_type: TYPE_FP32
    dims: [ 3, 224, 224 ]
    reshape { shape: [ 1, 3, 224, 224 ] }
    optional: true
  }
]
output [
  {
    name: "fc6_1"
    data_type: TYPE_FP32
    dims: [ 1000 ]
  },
  {
    name: "label"
    data_type: TYPE_STRING
    dims: [ -1 ]
  }
]
instance_group [
  {
    kind: KIND_CPU
  }
]
`);
    // ONNX Runtime's KIND_CPU default is 2 instances, so the count is implied; reading restores it.
    expect(read(text)).toEqual({ ...c, name: "densenet_onnx" });
    expect(errorOf(() => writeModelConfigPbtxt(c, { inputs: [{ name: "x", dataType: "FLOAT", dims: [1] }] }))).toBe(
      "input[0].data_type: unknown data type FLOAT",
    );
    expect(errorOf(() => writeModelConfigPbtxt(c, { outputs: [{ name: "y", dataType: "FP32", dims: [1], optional: true }] }))).toBe(
      "output[0].optional: only inputs can be optional",
    );
  });

  it("escapes names so they read back unchanged", () => {
    for (const name of ['a"b', "back\\slash", "line\nbreak\ttab\r", "ctl\u0001\u007f", "héllo ✓ 模型 🚀", "", "'single'"]) {
      const c = makeServerConfig({ name, maxBatchSize: 1 });
      expect(read(writeModelConfigPbtxt(c))).toEqual(c);
    }
  });
});

describe("the JSON form (ModelConfig RPC, HTTP config endpoint) gives the same ServerConfig as the text", () => {
  const texts = { BERT_PBTXT, PRIORITY_PBTXT, ONNX_TRT_PBTXT };
  const root = new protobuf.Root().loadSync("src/server/model_config.proto", { keepCase: true });
  const ModelConfigType = root.lookupType("inference.ModelConfig");
  // What @grpc/proto-loader hands back for each common option set.
  const protoLoaderForms: [string, protobuf.IConversionOptions][] = [
    ["keepCase, longs String, enums String, defaults, oneofs", { longs: String, enums: String, defaults: true, oneofs: true }],
    ["longs Number, enum numbers, defaults", { longs: Number, defaults: true }],
    ["Long objects, hashed uint64 map keys", { enums: String }],
  ];

  for (const [label, text] of Object.entries(texts)) {
    it(`${label}: proto-loader objects`, () => {
      const expected = read(text, 2);
      const bytes = toBinary(ModelConfigSchema, parseModelConfigPbtxt(text, label));
      for (const [, options] of protoLoaderForms) {
        const obj = ModelConfigType.toObject(ModelConfigType.decode(bytes), options);
        expect(fromTritonConfigJson(obj, "rpc", 2)).toEqual(expected);
        expect(fromTritonConfigJson({ config: obj }, "rpc", 2)).toEqual(expected);
      }
    });

    it(`${label}: proto3 JSON, camelCase and snake_case`, () => {
      const expected = read(text, 2);
      const message = parseModelConfigPbtxt(text, label);
      expect(fromTritonConfigJson(toJson(ModelConfigSchema, message), "json", 2)).toEqual(expected);
      expect(fromTritonConfigJson(toJson(ModelConfigSchema, message, { useProtoFieldName: true }), "json", 2)).toEqual(expected);
    });
  }

  it("Triton's HTTP config response (normalised: names, kinds, GPU lists, numbers for int64)", () => {
    const http = {
      name: "bert",
      platform: "tensorrt_plan",
      backend: "tensorrt",
      version_policy: { latest: { num_versions: 1 } },
      max_batch_size: 8,
      input: [{ name: "input_ids", data_type: "TYPE_INT32", format: "FORMAT_NONE", dims: [128], is_shape_tensor: false, allow_ragged_batch: false, optional: false }],
      output: [{ name: "logits", data_type: "TYPE_FP32", dims: [2], label_filename: "", is_shape_tensor: false }],
      batch_input: [],
      batch_output: [],
      optimization: { priority: "PRIORITY_DEFAULT", input_pinned_memory: { enable: true }, output_pinned_memory: { enable: true }, gather_kernel_buffer_threshold: 0, eager_batching: false },
      dynamic_batching: {
        preferred_batch_size: [4, 8],
        max_queue_delay_microseconds: 5000,
        preserve_ordering: false,
        priority_levels: 0,
        default_priority_level: 0,
        priority_queue_policy: {},
      },
      instance_group: [{ name: "bert_0", kind: "KIND_GPU", count: 1, gpus: [0, 1], secondary_devices: [], profile: [], passive: false, host_policy: "" }],
      default_model_filename: "model.plan",
      cc_model_filenames: {},
      metric_tags: {},
      parameters: {},
      model_warmup: [],
    };
    const fromJson = fromTritonConfigJson(http, "http", 2);
    const fromText = read(
      `name: "bert" platform: "tensorrt_plan" max_batch_size: 8
       dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 5000 }
       instance_group [ { kind: KIND_GPU count: 1 gpus: [ 0, 1 ] } ]`,
      2,
    );
    expect(fromJson).toEqual(fromText);
    // Triton lists every GPU in a normalised group; unlisted (every GPU) places the same instances.
    expect([...placeInstances(fromJson)]).toEqual([...placeInstances(read("instance_group [ { kind: KIND_GPU } ]", 2))]);
  });

  it("JSON problems name the field path", () => {
    expect(errorOf(() => fromTritonConfigJson({ max_batch_size: 8, dynamic_batching: { prefered_batch_size: [4] } }, "rpc"))).toBe(
      'rpc: unknown field "prefered_batch_size" in dynamic_batching',
    );
    expect(errorOf(() => fromTritonConfigJson({ max_batch_size: "eight" }, "rpc"))).toBe('rpc: max_batch_size: expected an integer, got "eight"');
    expect(errorOf(() => fromTritonConfigJson({ instance_group: [{}, { kind: "KIND_GPUS" }] }, "rpc"))).toBe(
      "rpc: instance_group[1].kind: unknown value KIND_GPUS (one of KIND_AUTO, KIND_GPU, KIND_CPU, KIND_MODEL)",
    );
    expect(errorOf(() => fromTritonConfigJson({ dynamic_batching: {}, sequence_batching: {} }, "rpc"))).toBe(
      "rpc: sequence_batching: cannot be set together with dynamic_batching",
    );
    expect(errorOf(() => fromTritonConfigJson({ max_batch_size: 8, dynamic_batching: { preferred_batch_size: [16] } }, "rpc"))).toBe(
      "rpc: dynamic_batching.preferred_batch_size[0]: must be ≤ max_batch_size (8)",
    );
    expect(errorOf(() => fromTritonConfigJson([1], "rpc"))).toBe("rpc: ModelConfig: expected an object, got [1]");
    expect(errorOf(() => fromTritonConfigJson({ nme: "x" }, "rpc"))).toBe('rpc: unknown field "nme" in ModelConfig');
    expect(errorOf(() => fromTritonConfigJson({ input: { name: "x" } }, "rpc"))).toBe('rpc: input: expected a list, got {"name":"x"}');
    expect(errorOf(() => fromTritonConfigJson({ dynamic_batching: { max_queue_delay_microseconds: -1 } }, "rpc"))).toBe(
      "rpc: dynamic_batching.max_queue_delay_microseconds: must not be negative, got -1",
    );
  });

  it("parseTritonConfigJson returns the full message", () => {
    const m = parseTritonConfigJson({ name: "x", input: [{ name: "a", data_type: "TYPE_FP16", dims: ["3", 4] }] }, "rpc");
    expect(m.input[0]?.dims).toEqual([3n, 4n]);
  });
});
