// Scenario files (YAML or JSON, schema servesim.scenario/v1): everything `simulate`'s flags can say —
// profile, server config (inline or a config.pbtxt), load sweep, measurement, seed — plus named
// variants that override parts of the base (for side-by-side experiments). Validated with zod.
import { z } from "zod";

const PositiveInt = z.number().int().positive();
const NonNegInt = z.number().int().nonnegative();

export const QueuePolicySpec = z.strictObject({
  timeoutAction: z.enum(["REJECT", "DELAY"]).optional(),
  defaultTimeoutUs: NonNegInt.optional(),
  allowTimeoutOverride: z.boolean().optional(),
  maxQueueSize: NonNegInt.optional(),
});

export const DynamicBatchingSpec = z.strictObject({
  preferredBatchSizes: z.array(PositiveInt).optional(),
  maxQueueDelayUs: NonNegInt.optional(),
  preserveOrdering: z.boolean().optional(),
  priorityLevels: NonNegInt.optional(),
  defaultPriorityLevel: NonNegInt.optional(),
  defaultQueuePolicy: QueuePolicySpec.optional(),
  priorityQueuePolicy: z.record(z.string(), QueuePolicySpec).optional(),
});

export const ServerSpec = z.strictObject({
  /** Path to a Triton config.pbtxt (relative to the scenario file); the fields below override it. */
  modelConfig: z.string().optional(),
  maxBatchSize: NonNegInt.optional(),
  /** false = default scheduler; an object = dynamic batching with these settings. */
  dynamicBatching: z.union([z.literal(false), DynamicBatchingSpec]).optional(),
  /** instance_group count (instances on every GPU). */
  instances: PositiveInt.optional(),
  gpus: PositiveInt.optional(),
});
export type ServerSpec = z.infer<typeof ServerSpec>;

const Levels = z.union([z.number().positive(), z.array(z.number().positive()).min(1), z.string()]);

export const LoadSpec = z.strictObject({
  /** Closed loop: a level, a list, or "start:end:step". */
  concurrency: Levels.optional(),
  /** Open loop, requests/s: a level, a list, or "start:end:step". */
  requestRate: Levels.optional(),
  distribution: z.enum(["constant", "poisson", "gamma"]).optional(),
  /** Coefficient of variation of gaps for the gamma distribution. */
  cv: z.number().positive().optional(),
  /** Open loop (requestRate or requestIntervals): perf_analyzer's synchronous sending threads
   *  (--max-threads); absent: no limit. */
  maxThreads: PositiveInt.optional(),
  /** Replay file: "time_us[,batch_size[,priority[,timeout_us]]]" per line. */
  trace: z.string().optional(),
  /** perf_analyzer --request-intervals file: one gap in µs per line. */
  requestIntervals: z.string().optional(),
  batchSize: PositiveInt.optional(),
  priority: NonNegInt.optional(),
  timeoutUs: z.number().nonnegative().optional(),
});
export type LoadSpec = z.infer<typeof LoadSpec>;

export const MeasurementSpec = z.strictObject({
  requests: PositiveInt.optional(),
  warmupRequests: NonNegInt.optional(),
  durationS: z.number().positive().optional(),
  warmupS: z.number().nonnegative().optional(),
});
export type MeasurementSpec = z.infer<typeof MeasurementSpec>;

const VariantSpec = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  profile: z.string().optional(),
  computeMs: z.string().optional(),
  server: ServerSpec.optional(),
  load: LoadSpec.optional(),
  /** Batching policy replacing Triton's batcher: "name[:key=value,…]" (see `--policy`). */
  policy: z.string().optional(),
});
export type VariantSpec = z.infer<typeof VariantSpec>;

export const SCENARIO_SCHEMA_ID = "servesim.scenario/v1";

export const ScenarioSpec = z.strictObject({
  schema: z.literal(SCENARIO_SCHEMA_ID).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Built-in profile name or a profile JSON path (relative to the scenario file). */
  profile: z.string().optional(),
  /** Inline deterministic compute-infer times, e.g. "1=8.38,8=15.46" (instead of a profile). */
  computeMs: z.string().optional(),
  server: ServerSpec.optional(),
  load: LoadSpec,
  /** Batching policy replacing Triton's batcher: "name[:key=value,…]"; "triton" (default) = Triton's own. */
  policy: z.string().optional(),
  measurement: MeasurementSpec.optional(),
  seed: z.union([z.string(), z.number()]).optional(),
  percentile: z.number().positive().max(100).optional(),
  variants: z.array(VariantSpec).min(1).optional(),
  /** Figures the scenario is meant to reproduce (documentation; golden tests check them). */
  expected: z.record(z.string(), z.unknown()).optional(),
});
export type ScenarioSpec = z.infer<typeof ScenarioSpec>;

/** Field-wise override: variant fields replace base fields (dynamicBatching objects merge). */
export function mergeServer(base: ServerSpec | undefined, over: ServerSpec | undefined): ServerSpec {
  const b = base ?? {};
  const o = over ?? {};
  const db =
    o.dynamicBatching === undefined
      ? b.dynamicBatching
      : o.dynamicBatching === false || b.dynamicBatching === undefined || b.dynamicBatching === false
        ? o.dynamicBatching
        : { ...b.dynamicBatching, ...o.dynamicBatching };
  return { ...b, ...o, ...(db === undefined ? {} : { dynamicBatching: db }) };
}

export function mergeLoad(base: LoadSpec, over: LoadSpec | undefined): LoadSpec {
  if (over === undefined) return base;
  const modeKeys = ["concurrency", "requestRate", "trace", "requestIntervals"] as const;
  const overridesMode = modeKeys.some((k) => over[k] !== undefined);
  const kept: LoadSpec = { ...base };
  if (overridesMode) for (const k of modeKeys) delete kept[k];
  return { ...kept, ...over };
}
