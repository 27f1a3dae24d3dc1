// What servesim needs to know about a served model before driving it: readiness (telling "not found"
// from "not ready"), its config and metadata, the scheduler in use, and how many executions can run at
// once on one GPU (instance_group counts).
import { KServeError } from "./kserve-error.js";
import type { KServeClient } from "./client.js";
import type { ModelConfig, ModelMetadataResponse } from "./kserve-types.js";

export type SchedulerKind = "default" | "dynamic" | "sequence" | "ensemble";

export interface ModelInfo {
  readonly name: string;
  readonly config: ModelConfig;
  readonly metadata: ModelMetadataResponse;
  readonly maxBatchSize: number;
  readonly scheduler: SchedulerKind;
  /** Executions that can run at once on one GPU: Σ instance_group count (one instance when none). */
  readonly instancesPerGpu: number;
  /** Instances in all: count × number of listed GPUs (1 when no list; KIND_GPU without a list places
   *  `count` on every GPU, which the server does not tell us, so this is a lower bound then). */
  readonly totalInstances: number;
  readonly warnings: readonly string[];
}

/** The scheduler block set in a config. */
export function schedulerOf(config: ModelConfig): SchedulerKind {
  const choice = config.scheduling_choice;
  if (choice === "dynamic_batching" || (config.dynamic_batching !== undefined && config.dynamic_batching !== null)) {
    return "dynamic";
  }
  if (choice === "sequence_batching") return "sequence";
  if (choice === "ensemble_scheduling") return "ensemble";
  return "default";
}

/** Instances on the busiest GPU and in total, from instance_group (a group without a `gpus` list is
 *  counted on every GPU; KIND_CPU/KIND_MODEL groups, e.g. PyTriton's, count as sharing one GPU). */
export function instanceCounts(config: ModelConfig): { perGpu: number; total: number } {
  const groups = config.instance_group;
  if (groups.length === 0) return { perGpu: 1, total: 1 };
  let everywhere = 0;
  const onGpu = new Map<number, number>();
  let total = 0;
  for (const g of groups) {
    const count = Math.max(1, g.count);
    if (g.gpus.length === 0) {
      everywhere += count;
      total += count;
    } else {
      for (const gpu of g.gpus) onGpu.set(gpu, (onGpu.get(gpu) ?? 0) + count);
      total += count * g.gpus.length;
    }
  }
  const perGpu = everywhere + Math.max(0, ...onGpu.values());
  return { perGpu, total };
}

/** Check the model is there and ready, then read its config and metadata. */
export async function inspectModel(client: KServeClient, name: string): Promise<ModelInfo> {
  const ready = await client.modelReady(name);
  if (!ready) {
    // ModelReady says false both for unknown and for loading models; the config call tells them apart.
    try {
      await client.modelConfig(name);
    } catch (err) {
      if (err instanceof KServeError && err.kind === "model-not-found") throw err;
    }
    throw new KServeError(
      `model "${name}" on server ${client.url} is not ready (still loading, failed to load, or unloaded)`,
      "model-not-ready",
      -1,
    );
  }
  const [config, metadata] = await Promise.all([client.modelConfig(name), client.modelMetadata(name)]);
  // Statistics are the measurement: fail now, not after warm-up, if the server restricts them.
  await client.modelStatistics(name);
  const { perGpu, total } = instanceCounts(config);
  const warnings: string[] = [];
  if (config.model_transaction_policy?.decoupled === true) {
    warnings.push(`model "${name}" is decoupled; unary ModelInfer may not work with it`);
  }
  if (config.response_cache?.enable === true) {
    warnings.push(`model "${name}" has the response cache enabled; repeated identical requests will hit it`);
  }
  return {
    name,
    config,
    metadata,
    maxBatchSize: config.max_batch_size,
    scheduler: schedulerOf(config),
    instancesPerGpu: perGpu,
    totalInstances: total,
    warnings,
  };
}
