// The scenario a `servesim simulate` (or compare-policies) command line describes: a --scenario file with
// the flags laid over it (flags win; perf_analyzer's names), validated into a ScenarioSpec, and the
// environment that resolves its paths and profiles on the real file system.
import { DEFAULT_PROFILE } from "../compute/builtin.js";
import { withGpuSharing } from "../compute/gpu-sharing.js";
import { parseComputeMs } from "../compute/inline.js";
import type { GpuSharingMode } from "../compute/profile.js";
import { parsePolicySpec } from "../server/policies/parse.js";
import { parseIntList, parseRange } from "../scenario/ranges.js";
import type { ScenarioEnv } from "../scenario/resolve.js";
import { ScenarioSpec, type LoadSpec, type ServerSpec } from "../scenario/scenario.js";
import { InputError, parseOrThrow } from "../validation.js";
import { readTextFile } from "./files.js";
import { loadProfile } from "./profiles.js";
import { loadScenarioFile } from "./scenario-file.js";

export interface SimulateOptions {
  scenario?: string;
  concurrencyRange?: string;
  requestRateRange?: string;
  requestDistribution?: "constant" | "poisson" | "gamma";
  requestCv?: number;
  maxThreads?: number;
  trace?: string;
  requestIntervals?: string;
  batchSize?: number;
  priority?: number;
  requestTimeoutUs?: number;
  percentile?: number;
  latencyReportFile?: string;
  verboseCsv?: boolean;
  json?: boolean;
  modelConfig?: string;
  maxBatchSize?: number;
  dynamicBatching?: boolean;
  preferredBatchSize?: string;
  maxQueueDelayUs?: number;
  priorityLevels?: number;
  defaultPriorityLevel?: number;
  maxQueueSize?: number;
  defaultTimeoutUs?: number;
  timeoutAction?: "REJECT" | "DELAY";
  allowTimeoutOverride?: boolean;
  preserveOrdering?: boolean;
  instances?: number;
  gpus?: number;
  profile?: string;
  gpuSharing?: GpuSharingMode;
  measuredBy?: string;
  hostEpisodes?: boolean;
  computeMs?: string;
  seed?: string;
  requests?: number;
  warmupRequests?: number;
  durationS?: number;
  warmupS?: number;
  policy?: string;
}

/** Load options shared by simulate, plan and validate. */
/** Scenario spec from a --scenario file plus flags (flags win). */
export function specFromOptions(opts: SimulateOptions): { spec: ScenarioSpec; resolvePath: (p: string) => string; where: string } {
  const file = opts.scenario !== undefined ? loadScenarioFile(opts.scenario) : null;
  const base: Partial<ScenarioSpec> = file?.spec ?? {};
  const load: LoadSpec = { ...(base.load ?? {}) };
  const loadModes: (keyof LoadSpec)[] = ["concurrency", "requestRate", "trace", "requestIntervals"];
  const setMode = (key: keyof LoadSpec, value: string): void => {
    for (const k of loadModes) delete load[k];
    (load as Record<string, unknown>)[key] = value;
  };
  const modeFlags = [opts.concurrencyRange, opts.requestRateRange, opts.trace, opts.requestIntervals].filter((x) => x !== undefined);
  if (modeFlags.length > 1) {
    throw new InputError("--concurrency-range, --request-rate-range, --trace and --request-intervals are exclusive; give one");
  }
  if (opts.concurrencyRange !== undefined) {
    parseRange(opts.concurrencyRange, "--concurrency-range", true);
    setMode("concurrency", opts.concurrencyRange);
  }
  if (opts.requestRateRange !== undefined) {
    parseRange(opts.requestRateRange, "--request-rate-range", false);
    setMode("requestRate", opts.requestRateRange);
  }
  if (opts.trace !== undefined) setMode("trace", opts.trace);
  if (opts.requestIntervals !== undefined) setMode("requestIntervals", opts.requestIntervals);
  if (!loadModes.some((k) => load[k] !== undefined)) load.concurrency = 1;
  if (opts.requestDistribution !== undefined) load.distribution = opts.requestDistribution;
  if (opts.requestCv !== undefined) load.cv = opts.requestCv;
  if (opts.maxThreads !== undefined) load.maxThreads = opts.maxThreads;
  if (opts.batchSize !== undefined) load.batchSize = opts.batchSize;
  if (opts.priority !== undefined) load.priority = opts.priority;
  if (opts.requestTimeoutUs !== undefined) load.timeoutUs = opts.requestTimeoutUs;

  const server: ServerSpec = { ...(base.server ?? {}) };
  if (opts.modelConfig !== undefined) server.modelConfig = opts.modelConfig;
  if (opts.maxBatchSize !== undefined) server.maxBatchSize = opts.maxBatchSize;
  if (opts.instances !== undefined) server.instances = opts.instances;
  if (opts.gpus !== undefined) server.gpus = opts.gpus;
  const dbFlags = {
    ...(opts.preferredBatchSize !== undefined ? { preferredBatchSizes: parseIntList(opts.preferredBatchSize, "--preferred-batch-size") } : {}),
    ...(opts.maxQueueDelayUs !== undefined ? { maxQueueDelayUs: opts.maxQueueDelayUs } : {}),
    ...(opts.priorityLevels !== undefined ? { priorityLevels: opts.priorityLevels } : {}),
    ...(opts.defaultPriorityLevel !== undefined ? { defaultPriorityLevel: opts.defaultPriorityLevel } : {}),
    ...(opts.preserveOrdering ? { preserveOrdering: true } : {}),
  };
  const policyFlags = {
    ...(opts.maxQueueSize !== undefined ? { maxQueueSize: opts.maxQueueSize } : {}),
    ...(opts.defaultTimeoutUs !== undefined ? { defaultTimeoutUs: opts.defaultTimeoutUs } : {}),
    ...(opts.timeoutAction !== undefined ? { timeoutAction: opts.timeoutAction } : {}),
    ...(opts.allowTimeoutOverride ? { allowTimeoutOverride: true } : {}),
  };
  const wantsDb = Object.keys(dbFlags).length > 0 || Object.keys(policyFlags).length > 0;
  if (opts.dynamicBatching === false) {
    if (wantsDb) throw new InputError("--no-dynamic-batching conflicts with dynamic batching flags");
    server.dynamicBatching = false;
  } else if (wantsDb || opts.dynamicBatching === true) {
    const prev = server.dynamicBatching === false || server.dynamicBatching === undefined ? {} : server.dynamicBatching;
    server.dynamicBatching = {
      ...prev,
      ...dbFlags,
      ...(Object.keys(policyFlags).length > 0 ? { defaultQueuePolicy: { ...(prev.defaultQueuePolicy ?? {}), ...policyFlags } } : {}),
    };
  }

  const measurement = { ...(base.measurement ?? {}) };
  if (opts.requests !== undefined) measurement.requests = opts.requests;
  if (opts.warmupRequests !== undefined) measurement.warmupRequests = opts.warmupRequests;
  if (opts.durationS !== undefined) measurement.durationS = opts.durationS;
  if (opts.warmupS !== undefined) measurement.warmupS = opts.warmupS;

  if (opts.profile !== undefined && opts.computeMs !== undefined) {
    throw new InputError("--profile and --compute-ms are exclusive; give one");
  }
  const spec: Record<string, unknown> = { ...base, load, server, measurement };
  if (opts.profile !== undefined) {
    spec.profile = opts.profile;
    delete spec.computeMs;
  }
  if (opts.computeMs !== undefined) {
    parseComputeMs(opts.computeMs, "--compute-ms");
    spec.computeMs = opts.computeMs;
    delete spec.profile;
  }
  if (opts.seed !== undefined) spec.seed = opts.seed;
  if (opts.percentile !== undefined) spec.percentile = opts.percentile;
  if (opts.policy !== undefined) {
    parsePolicySpec(opts.policy, "--policy");
    spec.policy = opts.policy;
    // the flag wins over the scenario's variants too
    if (base.variants) spec.variants = base.variants.map(({ policy: _ignored, ...v }) => v);
  }
  const where = file?.path ?? "options";
  const fromFlags = (p: string): string => p;
  return { spec: parseOrThrow(ScenarioSpec, spec, where), resolvePath: file?.resolvePath ?? fromFlags, where };
}

/** Environment for resolving scenarios on the real file system. Flag paths are relative to the cwd,
 *  scenario paths to the scenario file. */
export function fileScenarioEnv(resolvePath: (p: string) => string, gpuSharing?: GpuSharingMode): ScenarioEnv {
  return {
    readText: (p, what) => readTextFile(resolvePath(p), what),
    loadProfile: (name) => withGpuSharing(loadProfile(name.includes("/") || name.endsWith(".json") ? resolvePath(name) : name), gpuSharing),
    defaultProfile: DEFAULT_PROFILE,
  };
}
