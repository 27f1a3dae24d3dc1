// From a parsed Triton ModelConfig message to servesim's ServerConfig. Scheduling features servesim
// does not model (sequence batcher, ensembles, rate-limiter resources, KIND_MODEL, passive instances,
// the response cache) are refused with a message naming the field, never silently dropped.
import {
  ModelInstanceGroup_Kind,
  ModelQueuePolicy_TimeoutAction,
  type ModelConfig,
  type ModelQueuePolicy,
} from "../gen/model_config_pb.js";
import { makeServerConfig, type InstanceKind, type QueuePolicy, type ServerConfig, type ServerConfigInput } from "./config.js";

/** Raise a problem at a Triton field path (`dynamic_batching.priority_levels`). */
export type Fail = (path: string, message: string) => never;

/** The backend Triton derives when `backend` is empty (platform or default model file name). */
export function effectiveBackend(backend: string, platform: string, defaultModelFilename = ""): string {
  if (backend !== "") return backend;
  if (platform === "tensorflow_graphdef" || platform === "tensorflow_savedmodel") return "tensorflow";
  if (platform === "onnxruntime_onnx" || defaultModelFilename === "model.onnx") return "onnxruntime";
  if (defaultModelFilename === "model.savedmodel" || defaultModelFilename === "model.graphdef") return "tensorflow";
  return "";
}

/** Triton's instance count when a group gives none (core SetDefaultInstanceCount): 2 for KIND_CPU on the
 *  TensorFlow and ONNX Runtime backends, else 1. */
export function defaultInstanceCount(kind: InstanceKind, backend: string): number {
  return kind === "KIND_CPU" && (backend === "tensorflow" || backend === "onnxruntime") ? 2 : 1;
}

const KINDS: Partial<Record<number, InstanceKind>> = {
  [ModelInstanceGroup_Kind.AUTO]: "KIND_AUTO",
  [ModelInstanceGroup_Kind.GPU]: "KIND_GPU",
  [ModelInstanceGroup_Kind.CPU]: "KIND_CPU",
};

function safeNumber(value: bigint, path: string, fail: Fail): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(path, `${value} is too large (servesim takes integers up to 2^53 − 1)`);
  return Number(value);
}

function queuePolicy(p: ModelQueuePolicy, path: string, fail: Fail): QueuePolicy {
  let timeoutAction: QueuePolicy["timeoutAction"];
  if (p.timeoutAction === ModelQueuePolicy_TimeoutAction.REJECT) timeoutAction = "REJECT";
  else if (p.timeoutAction === ModelQueuePolicy_TimeoutAction.DELAY) timeoutAction = "DELAY";
  else return fail(`${path}.timeout_action`, `must be REJECT or DELAY, got ${p.timeoutAction}`);
  return {
    timeoutAction,
    defaultTimeoutUs: safeNumber(p.defaultTimeoutMicroseconds, `${path}.default_timeout_microseconds`, fail),
    allowTimeoutOverride: p.allowTimeoutOverride,
    maxQueueSize: p.maxQueueSize,
  };
}

const NOT_MODELLED = "servesim does not model";

/** Refuse what servesim cannot simulate faithfully; map the rest onto ServerConfigInput. */
export function serverConfigInput(mc: ModelConfig, gpus: number, fail: Fail): ServerConfigInput {
  const scheduling = mc.schedulingChoice;
  if (scheduling.case === "sequenceBatching") {
    fail(
      "sequence_batching",
      `${NOT_MODELLED} the sequence batcher (stateful models); it simulates Triton's default scheduler and dynamic batcher`,
    );
  }
  if (scheduling.case === "ensembleScheduling" || mc.platform === "ensemble") {
    fail(
      scheduling.case === "ensembleScheduling" ? "ensemble_scheduling" : "platform",
      `${NOT_MODELLED} ensembles (every step is a model with its own scheduler); simulate the step models one at a time`,
    );
  }
  if (mc.responseCache?.enable === true) {
    fail("response_cache.enable", `${NOT_MODELLED} the response cache (a cache hit skips the queue and the instances)`);
  }
  const backend = effectiveBackend(mc.backend, mc.platform, mc.defaultModelFilename);

  const instanceGroups = mc.instanceGroup.map((g, i) => {
    const at = `instance_group[${i}]`;
    if (g.kind === ModelInstanceGroup_Kind.MODEL) {
      fail(`${at}.kind`, `${NOT_MODELLED} KIND_MODEL instances (the backend places them itself); use KIND_GPU or KIND_CPU`);
    }
    const kind = KINDS[g.kind];
    if (kind === undefined) return fail(`${at}.kind`, `unknown instance kind ${g.kind}`);
    if ((g.rateLimiter?.resources.length ?? 0) > 0) {
      fail(
        `${at}.rate_limiter.resources`,
        `${NOT_MODELLED} the rate limiter (tritonserver --rate-limit=execution_count); remove the resources to simulate the default --rate-limit=off`,
      );
    }
    if (g.passive) fail(`${at}.passive`, `${NOT_MODELLED} passive instances (Triton's scheduler sends them no requests)`);
    return {
      // Triton replaces a count below 1 (absent) with its default.
      count: g.count >= 1 ? g.count : defaultInstanceCount(kind, backend),
      kind,
      gpus: g.gpus.length > 0 ? [...g.gpus] : null,
    };
  });

  let dynamicBatching: ServerConfigInput["dynamicBatching"] = null;
  if (scheduling.case === "dynamicBatching") {
    const db = scheduling.value;
    const at = "dynamic_batching";
    const priorityQueuePolicy: Record<string, QueuePolicy> = {};
    for (const [key, p] of Object.entries(db.priorityQueuePolicy)) {
      priorityQueuePolicy[key] = queuePolicy(p, `${at}.priority_queue_policy[${key}]`, fail);
    }
    dynamicBatching = {
      preferredBatchSizes: [...db.preferredBatchSize],
      maxQueueDelayUs: safeNumber(db.maxQueueDelayMicroseconds, `${at}.max_queue_delay_microseconds`, fail),
      preserveOrdering: db.preserveOrdering,
      priorityLevels: safeNumber(db.priorityLevels, `${at}.priority_levels`, fail),
      defaultPriorityLevel: safeNumber(db.defaultPriorityLevel, `${at}.default_priority_level`, fail),
      ...(db.defaultQueuePolicy === undefined
        ? {}
        : { defaultQueuePolicy: queuePolicy(db.defaultQueuePolicy, `${at}.default_queue_policy`, fail) }),
      priorityQueuePolicy,
    };
  }

  return {
    ...(mc.name === "" ? {} : { name: mc.name }),
    maxBatchSize: mc.maxBatchSize,
    dynamicBatching,
    instanceGroups,
    gpus,
  };
}

/** ServerConfig from a ModelConfig message: refusals via `fail`, Triton's checks via makeServerConfig. */
export function serverConfigFromModelConfig(mc: ModelConfig, where: string, gpus: number, fail: Fail): ServerConfig {
  return makeServerConfig(serverConfigInput(mc, gpus, fail), where);
}
