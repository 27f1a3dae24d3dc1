// Turns a validated scenario into concrete runs: server config (config.pbtxt plus overrides,
// validated like Triton), compute profile, one workload per load level, measurement and seed.
// File access goes through the `ScenarioEnv` the caller provides, so this stays pure.
import type { ToolCosts } from "../compute/load-generator.js";
import type { Profile } from "../compute/profile.js";
import { parseComputeMs } from "../compute/inline.js";
import type { Measurement } from "../metrics/recorder.js";
import { makeServerConfig, type ServerConfig, type ServerConfigInput } from "../server/config.js";
import { readModelConfigPbtxt } from "../server/pbtxt.js";
import { parsePolicySpec, type PolicySpec } from "../server/policies/parse.js";
import { InputError } from "../validation.js";
import type { Workload } from "../workload/workload.js";
import { parseRange } from "./ranges.js";
import { mergeLoad, mergeServer, type LoadSpec, type MeasurementSpec, type ScenarioSpec, type ServerSpec, type VariantSpec } from "./scenario.js";
import { parseRequestIntervals, parseTrace } from "./trace.js";

export interface ScenarioEnv {
  /** Read a text file named in the scenario (paths relative to the scenario). */
  readText(path: string, what: string): string;
  /** A built-in profile name or a profile file. */
  loadProfile(nameOrPath: string): Profile;
  /** Name of the built-in default profile. */
  readonly defaultProfile: string;
}

export interface ResolvedRun {
  readonly name: string;
  readonly description: string;
  readonly config: ServerConfig;
  readonly profile: Profile;
  readonly workloads: readonly Workload[];
  readonly measurement: Measurement;
  readonly seed: string;
  readonly percentile: number | undefined;
  /** A research batching policy replacing Triton's batcher (absent = Triton's own). */
  readonly policy?: PolicySpec;
  /** The load generator as the profile measured it (its response gap, loaded wait and network drift; its own
   *  costs are already in `profile`), when the run is simulated as that tool would measure it. */
  readonly tool?: ToolCosts;
  /** Hold the front end during the profile's host episodes (SimulationInput.hostEpisodes). */
  readonly hostEpisodes?: boolean;
}

export const DEFAULT_REQUESTS = 50_000;
export const DEFAULT_MAX_BATCH_SIZE = 8;

export function resolveMeasurement(m: MeasurementSpec | undefined): Measurement {
  if (m?.durationS !== undefined) {
    return { kind: "duration", warmupUs: (m.warmupS ?? 1) * 1e6, durationUs: m.durationS * 1e6 };
  }
  const requests = m?.requests ?? DEFAULT_REQUESTS;
  return { kind: "requests", requests, warmupRequests: m?.warmupRequests ?? Math.max(1000, Math.round(requests / 10)) };
}

export function resolveServer(spec: ServerSpec, env: ScenarioEnv, where: string): ServerConfig {
  const gpus = spec.gpus ?? 1;
  let base: ServerConfig | null = null;
  if (spec.modelConfig !== undefined) {
    base = readModelConfigPbtxt(env.readText(spec.modelConfig, "model config"), spec.modelConfig, gpus);
  }
  const input: ServerConfigInput = {
    name: base?.name ?? "model",
    maxBatchSize: spec.maxBatchSize ?? base?.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
    dynamicBatching:
      spec.dynamicBatching === false
        ? null
        : spec.dynamicBatching === undefined
          ? base?.dynamicBatching ?? null
          : { ...(base?.dynamicBatching ?? {}), ...spec.dynamicBatching },
    instanceGroups:
      spec.instances !== undefined ? [{ count: spec.instances, kind: "KIND_GPU", gpus: null }] : base?.instanceGroups ?? [],
    gpus,
  };
  // preferred sizes inherited from a config whose max_batch_size is overridden are re-derived
  if (spec.maxBatchSize !== undefined && input.dynamicBatching && spec.dynamicBatching === undefined) {
    const pref = input.dynamicBatching.preferredBatchSizes ?? [];
    if (pref.length === 1 && pref[0] === base?.maxBatchSize) {
      (input as { dynamicBatching: { preferredBatchSizes?: number[] } }).dynamicBatching.preferredBatchSizes = [];
    }
  }
  return makeServerConfig(input, where);
}

export function resolveWorkloads(load: LoadSpec, env: ScenarioEnv, where: string): Workload[] {
  const shape = { batchSize: load.batchSize ?? 1, priority: load.priority ?? 0, timeoutUs: load.timeoutUs ?? 0 };
  const modes = (["concurrency", "requestRate", "trace", "requestIntervals"] as const).filter((k) => load[k] !== undefined);
  if (modes.length === 0) throw new InputError(`${where}: load: give one of concurrency, requestRate, trace or requestIntervals`);
  if (modes.length > 1) throw new InputError(`${where}: load: ${modes.join(" and ")} are exclusive; give one`);
  if (load.maxThreads !== undefined && load.requestRate === undefined && load.requestIntervals === undefined) {
    throw new InputError(
      `${where}: load.maxThreads (--max-threads): perf_analyzer's sending threads limit its open loop only; give it with requestRate (--request-rate-range) or requestIntervals (--request-intervals)`,
    );
  }
  const levels = (v: number | number[] | string, flag: string, integer: boolean): number[] => {
    if (typeof v === "string") return parseRange(v, flag, integer);
    const list = Array.isArray(v) ? v : [v];
    list.forEach((x) => {
      if (integer && !Number.isInteger(x)) throw new InputError(`${flag}: ${x} must be a whole number`);
    });
    return list;
  };
  if (load.concurrency !== undefined) {
    return levels(load.concurrency, `${where}: load.concurrency`, true).map((c) => ({ kind: "concurrency", concurrency: c, ...shape }));
  }
  if (load.requestRate !== undefined) {
    const distribution = load.distribution ?? "constant";
    const cv = distribution === "gamma" ? (load.cv ?? 2) : 1;
    return levels(load.requestRate, `${where}: load.requestRate`, false).map((r) => ({
      kind: "rate",
      requestsPerS: r,
      distribution,
      cv,
      ...shape,
      ...(load.maxThreads !== undefined ? { senders: load.maxThreads } : {}),
    }));
  }
  if (load.trace !== undefined) return [parseTrace(env.readText(load.trace, "trace"), load.trace, shape)];
  const intervals = parseRequestIntervals(env.readText(load.requestIntervals!, "request intervals"), load.requestIntervals!, shape);
  return [load.maxThreads !== undefined ? { ...intervals, senders: load.maxThreads } : intervals];
}

function resolveProfile(profile: string | undefined, computeMs: string | undefined, env: ScenarioEnv, where: string): Profile {
  if (profile !== undefined && computeMs !== undefined) {
    throw new InputError(`${where}: profile and computeMs are exclusive; give one`);
  }
  if (computeMs !== undefined) return parseComputeMs(computeMs, `${where}: computeMs`);
  return env.loadProfile(profile ?? env.defaultProfile);
}

/** Triton rejects a request whose batch exceeds max_batch_size, and a model with max_batch_size 0 takes
 *  only unbatched requests; perf_analyzer refuses such a -b before it starts. So does this, for the
 *  concurrency and rate modes, where every request would fail (a trace may mix sizes: those are rejected
 *  one by one, as Triton does). */
function checkBatchFits(config: ServerConfig, workloads: readonly Workload[], where: string): void {
  for (const wl of workloads) {
    if (wl.kind === "trace") continue;
    if (config.maxBatchSize === 0 && wl.batchSize > 1) {
      throw new InputError(`${where}: batch size ${wl.batchSize}: the model does not batch (max_batch_size 0), so every request would be rejected; use 1`);
    }
    if (config.maxBatchSize > 0 && wl.batchSize > config.maxBatchSize) {
      throw new InputError(`${where}: batch size ${wl.batchSize} exceeds max_batch_size ${config.maxBatchSize}: Triton rejects every such request`);
    }
  }
}

/** Every run a scenario describes: the base, or one per variant. */
export function resolveScenario(spec: ScenarioSpec, env: ScenarioEnv, where: string): ResolvedRun[] {
  const seed = String(spec.seed ?? "1");
  const measurement = resolveMeasurement(spec.measurement);
  const variants: readonly VariantSpec[] = spec.variants ?? [{ name: spec.name ?? "run" }];
  return variants.map((v) => {
    const w = spec.variants ? `${where}: variant "${v.name}"` : where;
    const ownCompute = v.profile !== undefined || v.computeMs !== undefined;
    const profile = ownCompute
      ? resolveProfile(v.profile, v.computeMs, env, w)
      : resolveProfile(spec.profile, spec.computeMs, env, w);
    const server = mergeServer(spec.server, v.server);
    const load = mergeLoad(spec.load, v.load);
    const policyText = v.policy ?? spec.policy;
    const policy = policyText === undefined ? undefined : parsePolicySpec(policyText, `${w}: policy`);
    const config = resolveServer(server, env, w);
    const workloads = resolveWorkloads(load, env, w);
    checkBatchFits(config, workloads, w);
    return {
      name: v.name,
      description: v.description ?? spec.description ?? "",
      config,
      profile,
      workloads,
      measurement,
      seed,
      percentile: spec.percentile,
      ...(policy !== undefined && policy.name !== "triton" ? { policy } : {}),
    };
  });
}
