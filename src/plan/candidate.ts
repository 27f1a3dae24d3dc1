// A planner candidate: one point of the search space (GPUs, instances per GPU, max_batch_size, dynamic
// batching with preferred sizes and delay, or a research batching policy in the batcher's place), its
// stable key, and the Triton ServerConfig it stands for.
import { makeServerConfig, type ServerConfig } from "../server/config.js";

export interface Candidate {
  readonly gpus: number;
  readonly instancesPerGpu: number;
  readonly maxBatchSize: number;
  /** null = Triton's default scheduler. */
  readonly dynamic: { readonly preferredBatchSizes: readonly number[]; readonly maxQueueDelayUs: number } | null;
  /** A research batching policy replacing Triton's batcher ("name:key=value,…"; then dynamic is null). */
  readonly policy?: string;
}

export function candidateKey(c: Candidate): string {
  const d = c.dynamic === null ? "static" : `pref[${c.dynamic.preferredBatchSizes.join(",")}]+${c.dynamic.maxQueueDelayUs}us`;
  return `g${c.gpus}/i${c.instancesPerGpu}/b${c.maxBatchSize}/${c.policy !== undefined ? `policy[${c.policy}]` : d}`;
}

/** The candidate as a Triton config. Its instance group lists its GPUs (0 … gpus − 1): without a list
 *  Triton puts `count` instances on every GPU of the server, so a pick of fewer GPUs than the server has,
 *  pasted as it is, would run on all of them. */
export function candidateConfig(c: Candidate, name = "model"): ServerConfig {
  return makeServerConfig({
    name,
    maxBatchSize: c.maxBatchSize,
    dynamicBatching: c.dynamic === null ? null : { preferredBatchSizes: [...c.dynamic.preferredBatchSizes], maxQueueDelayUs: c.dynamic.maxQueueDelayUs },
    instanceGroups: [{ count: c.instancesPerGpu, kind: "KIND_GPU", gpus: Array.from({ length: c.gpus }, (_, g) => g) }],
    gpus: c.gpus,
  });
}

/** One line a person reads: "2 GPUs × 3 instances, max_batch_size 16, dynamic [8,16] 500 µs". */
export function describeCandidate(c: Candidate): string {
  const d =
    c.policy !== undefined
      ? `policy ${c.policy}`
      : c.dynamic === null
      ? "default scheduler"
      : `dynamic batching [${c.dynamic.preferredBatchSizes.join(", ")}], delay ${c.dynamic.maxQueueDelayUs} µs`;
  return `${c.gpus} GPU${c.gpus > 1 ? "s" : ""} × ${c.instancesPerGpu} instance${c.instancesPerGpu > 1 ? "s" : ""}, max_batch_size ${c.maxBatchSize}, ${d}`;
}
