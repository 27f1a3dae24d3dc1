// ServerConfig: the part of a Triton model configuration that shapes scheduling, normalised and
// validated the way Triton does it (core model_config_utils): empty preferred sizes become
// [max_batch_size], sizes are checked against max_batch_size, priority and ordering rules enforced.
import { InputError } from "../validation.js";

export type TimeoutAction = "REJECT" | "DELAY";

export interface QueuePolicy {
  readonly timeoutAction: TimeoutAction;
  /** 0 = requests never time out. */
  readonly defaultTimeoutUs: number;
  /** A request may shorten (never lengthen) its timeout. */
  readonly allowTimeoutOverride: boolean;
  /** 0 = unbounded. */
  readonly maxQueueSize: number;
}

export interface DynamicBatching {
  /** Ascending, unique, each in (0, maxBatchSize]; never empty after normalisation. */
  readonly preferredBatchSizes: readonly number[];
  readonly maxQueueDelayUs: number;
  readonly preserveOrdering: boolean;
  /** 0 = no priority levels (one FIFO). */
  readonly priorityLevels: number;
  readonly defaultPriorityLevel: number;
  readonly defaultQueuePolicy: QueuePolicy;
  /** Per-level overrides, keyed by level (1 = highest). */
  readonly priorityQueuePolicy: Readonly<Record<string, QueuePolicy>>;
}

export type InstanceKind = "KIND_GPU" | "KIND_CPU" | "KIND_AUTO";

export interface InstanceGroup {
  readonly count: number;
  readonly kind: InstanceKind;
  /** GPUs to place `count` instances on each of; null = every GPU of the server. */
  readonly gpus: readonly number[] | null;
}

export interface ServerConfig {
  readonly name: string;
  /** 0 = the model does not batch (each request is one sample). */
  readonly maxBatchSize: number;
  /** null = Triton's default scheduler. */
  readonly dynamicBatching: DynamicBatching | null;
  /** Empty = one instance per GPU (Triton's default). */
  readonly instanceGroups: readonly InstanceGroup[];
  /** GPUs in the server. */
  readonly gpus: number;
}

export const DEFAULT_QUEUE_POLICY: QueuePolicy = {
  timeoutAction: "REJECT",
  defaultTimeoutUs: 0,
  allowTimeoutOverride: false,
  maxQueueSize: 0,
};

/** Loose input accepted by `makeServerConfig`; absent fields take Triton's defaults. */
export interface ServerConfigInput {
  readonly name?: string;
  readonly maxBatchSize: number;
  readonly dynamicBatching?: Partial<Omit<DynamicBatching, "defaultQueuePolicy" | "priorityQueuePolicy">> & {
    readonly defaultQueuePolicy?: Partial<QueuePolicy>;
    readonly priorityQueuePolicy?: Readonly<Record<string, Partial<QueuePolicy>>>;
  } | null;
  readonly instanceGroups?: readonly (Partial<InstanceGroup> & { readonly count?: number })[];
  readonly gpus?: number;
}

// Integers must fit the proto field they come from (uint64 fields: exactly representable in a double).
const isNonNegInt = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

function policyOf(p: Partial<QueuePolicy> | undefined, where: string): QueuePolicy {
  const q = { ...DEFAULT_QUEUE_POLICY, ...(p ?? {}) };
  if (q.timeoutAction !== "REJECT" && q.timeoutAction !== "DELAY") {
    throw new InputError(`${where}.timeout_action: must be REJECT or DELAY, got ${String(q.timeoutAction)}`);
  }
  if (!isNonNegInt(q.defaultTimeoutUs)) {
    throw new InputError(`${where}.default_timeout_microseconds: must be a non-negative integer`);
  }
  if (!isNonNegInt(q.maxQueueSize)) throw new InputError(`${where}.max_queue_size: must be a non-negative integer`);
  if (q.maxQueueSize > UINT32_MAX) throw new InputError(`${where}.max_queue_size: must be ≤ ${UINT32_MAX}`);
  return q;
}

/** Build a validated, normalised ServerConfig; errors name the Triton field (`where` prefixes them). */
export function makeServerConfig(input: ServerConfigInput, where = "model config"): ServerConfig {
  const at = (field: string): string => `${where}: ${field}`;
  const maxBatchSize = input.maxBatchSize;
  if (!isNonNegInt(maxBatchSize)) throw new InputError(`${at("max_batch_size")}: must be a non-negative integer`);
  if (maxBatchSize > INT32_MAX) throw new InputError(`${at("max_batch_size")}: must be ≤ ${INT32_MAX}`);
  const gpus = input.gpus ?? 1;
  if (!Number.isInteger(gpus) || gpus < 1) throw new InputError(`${where}: gpus: must be a positive integer`);

  let dynamicBatching: DynamicBatching | null = null;
  const db = input.dynamicBatching;
  if (db !== undefined && db !== null) {
    const given = db.preferredBatchSizes ?? [];
    given.forEach((size, i) => {
      if (!Number.isInteger(size) || size <= 0) {
        throw new InputError(`${at(`dynamic_batching.preferred_batch_size[${i}]`)}: must be a positive integer`);
      }
      if (size > maxBatchSize) {
        throw new InputError(
          `${at(`dynamic_batching.preferred_batch_size[${i}]`)}: must be ≤ max_batch_size (${maxBatchSize})`,
        );
      }
    });
    const preferred = given.length > 0 ? [...new Set(given)].sort((a, b) => a - b) : maxBatchSize > 0 ? [maxBatchSize] : [];
    const maxQueueDelayUs = db.maxQueueDelayUs ?? 0;
    if (!isNonNegInt(maxQueueDelayUs)) {
      throw new InputError(`${at("dynamic_batching.max_queue_delay_microseconds")}: must be a non-negative integer`);
    }
    const priorityLevels = db.priorityLevels ?? 0;
    if (!isNonNegInt(priorityLevels)) {
      throw new InputError(`${at("dynamic_batching.priority_levels")}: must be a non-negative integer`);
    }
    const defaultPriorityLevel = db.defaultPriorityLevel ?? 0;
    if (!isNonNegInt(defaultPriorityLevel)) {
      throw new InputError(`${at("dynamic_batching.default_priority_level")}: must be a non-negative integer`);
    }
    if (priorityLevels !== 0 && (defaultPriorityLevel < 1 || defaultPriorityLevel > priorityLevels)) {
      throw new InputError(
        `${at("dynamic_batching.default_priority_level")}: must lie in [1, ${priorityLevels}] (priority_levels), got ${defaultPriorityLevel}`,
      );
    }
    const defaultQueuePolicy = policyOf(db.defaultQueuePolicy, at("dynamic_batching.default_queue_policy"));
    const priorityQueuePolicy: Record<string, QueuePolicy> = {};
    for (const [key, p] of Object.entries(db.priorityQueuePolicy ?? {})) {
      const level = Number(key);
      const w = at(`dynamic_batching.priority_queue_policy[${key}]`);
      if (!Number.isInteger(level) || level < 1 || level > priorityLevels) {
        throw new InputError(`${w}: priority level must lie in [1, ${priorityLevels}] (priority_levels)`);
      }
      priorityQueuePolicy[String(level)] = policyOf(p, w);
    }
    const preserveOrdering = db.preserveOrdering ?? false;
    if (preserveOrdering) {
      if (priorityLevels > 1) {
        throw new InputError(`${at("dynamic_batching.preserve_ordering")}: allows only one priority level`);
      }
      const delayPolicies = [defaultQueuePolicy, ...Object.values(priorityQueuePolicy)].filter(
        (p) => p.defaultTimeoutUs !== 0 && p.timeoutAction === "DELAY",
      );
      if (delayPolicies.length > 0) {
        throw new InputError(`${at("dynamic_batching.preserve_ordering")}: forbids timeout_action DELAY`);
      }
    }
    dynamicBatching = {
      preferredBatchSizes: preferred,
      maxQueueDelayUs,
      preserveOrdering,
      priorityLevels,
      defaultPriorityLevel,
      defaultQueuePolicy,
      priorityQueuePolicy,
    };
  }

  const instanceGroups: InstanceGroup[] = (input.instanceGroups ?? []).map((g, i) => {
    const count = g.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > INT32_MAX) {
      throw new InputError(`${at(`instance_group[${i}].count`)}: must be a positive integer (≤ ${INT32_MAX})`);
    }
    const kind = g.kind ?? "KIND_GPU";
    const list = g.gpus ?? null;
    if (kind === "KIND_CPU" && list !== null && list.length > 0) {
      throw new InputError(`${at(`instance_group[${i}].gpus`)}: a KIND_CPU group cannot list GPUs`);
    }
    if (list !== null) {
      list.forEach((gpu, j) => {
        if (!Number.isInteger(gpu) || gpu < 0 || gpu >= gpus || gpu > INT32_MAX) {
          throw new InputError(`${at(`instance_group[${i}].gpus[${j}]`)}: GPU ${gpu} does not exist (server has ${gpus})`);
        }
      });
    }
    return { count, kind, gpus: list === null || list.length === 0 ? null : [...list] };
  });

  // An empty name means "unnamed", as in Triton (where the directory then names the model).
  const name = input.name === undefined || input.name === "" ? "model" : input.name;
  return { name, maxBatchSize, dynamicBatching, instanceGroups, gpus };
}

/** Device index of every instance, in instance order. KIND_CPU instances share device 0 (the host; with
 *  PyTriton, whose proxies are KIND_CPU, the callables drive GPU 0). */
export function placeInstances(config: ServerConfig): Int32Array {
  const out: number[] = [];
  if (config.instanceGroups.length === 0) {
    for (let g = 0; g < config.gpus; g++) out.push(g);
  }
  for (const group of config.instanceGroups) {
    if (group.kind === "KIND_CPU") {
      for (let i = 0; i < group.count; i++) out.push(0);
      continue;
    }
    const list = group.gpus ?? Array.from({ length: config.gpus }, (_, g) => g);
    for (const g of list) for (let i = 0; i < group.count; i++) out.push(g);
  }
  return Int32Array.from(out);
}

/** Prefetch mode (Triton's PriorityQueue::SupportPrefetching): only without priority levels and with a
 *  default policy that has no timeout, no override and no queue limit. */
export function supportsPrefetch(db: DynamicBatching): boolean {
  return (
    db.priorityLevels === 0 &&
    db.defaultQueuePolicy.defaultTimeoutUs === 0 &&
    !db.defaultQueuePolicy.allowTimeoutOverride &&
    db.defaultQueuePolicy.maxQueueSize === 0
  );
}

/** Queue policy for a priority level (level 0 = the single queue when there are no levels). */
export function policyForLevel(db: DynamicBatching, level: number): QueuePolicy {
  return db.priorityQueuePolicy[String(level)] ?? db.defaultQueuePolicy;
}
