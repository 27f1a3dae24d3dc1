// servesim.live/v1: the JSON that travels with a committed live measurement (calibration/live/<name>.json
// beside <name>.csv, perf_analyzer's CSV). It says what was driven, how, against which model config and
// where. Validated with zod at the edge; modelConfig keeps Triton's snake_case field names.
import { z } from "zod";
import { parseOrThrow } from "../validation.js";
import type { CsvRow } from "../metrics/csv.js";
import type { ServerConfig } from "../server/config.js";
import { fromTritonConfigJson } from "../server/pbtxt.js";

export const LIVE_RUN_SCHEMA_ID = "servesim.live/v1";

const camelKey = /^[a-z]+[A-Z]/;

/** Triton's ModelConfig as JSON (snake_case names, as the server returns them). */
export const LiveModelConfig = z
  .looseObject({
    name: z.string().optional(),
    max_batch_size: z.number().int().nonnegative().optional(),
  })
  .superRefine((cfg, ctx) => {
    for (const key of Object.keys(cfg)) {
      if (camelKey.test(key)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `use Triton's snake_case field names (e.g. max_batch_size), not "${key}"`,
        });
      }
    }
  });

const LiveWindow = z.strictObject({
  durationMs: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  throughputPerS: z.number().nonnegative(),
  latencyUs: z.number().nonnegative(),
});

/** One load level as servesim-loadgen measured it (the RunSummary plus the client's own health). */
export const LiveLevelResult = z.looseObject({
  load: z.number().positive(),
  stable: z.boolean(),
  trials: z.number().int().positive(),
  summary: z.looseObject({
    mode: z.enum(["concurrency", "rate"]),
    load: z.number().positive(),
    throughputPerS: z.number().nonnegative(),
    requests: z.number().int().nonnegative(),
    latencyUs: z.looseObject({ mean: z.number(), p50: z.number(), p90: z.number(), p95: z.number(), p99: z.number() }),
    breakdownUs: z.looseObject({}),
    triton: z.looseObject({}),
  }),
  windows: z.array(LiveWindow),
  client: z.looseObject({
    cpuCores: z.number().nonnegative(),
    /** servesim loadgen's garbage-collection pauses during the level (recorded since phase GC). */
    gcPauses: z.looseObject({ perS: z.number().nonnegative(), meanMs: z.number().nonnegative() }).optional(),
  }),
});
export type LiveLevelResult = z.infer<typeof LiveLevelResult>;

export const LiveRun = z
  .strictObject({
    schema: z.literal(LIVE_RUN_SCHEMA_ID),
    /** File stem: calibration/live/<name>.csv and .json. */
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-' only"),
    /** The Triton model name the load went to. */
    model: z.string().min(1),
    /** Where client and server were: "loopback", "same-host", "lan", a free description. */
    network: z.string().min(1),
    tool: z.enum(["servesim-loadgen", "perf_analyzer"]),
    toolVersion: z.string().min(1),
    load: z.strictObject({
      mode: z.enum(["concurrency", "rate"]),
      /** Arrival distribution of rate mode; null for concurrency (closed loop). "custom": perf_analyzer's
       *  --request-intervals, the gaps in requestIntervalsUs. */
      distribution: z.enum(["constant", "poisson", "gamma", "custom"]).nullable(),
      /** Coefficient of variation of the gaps (gamma only). */
      cv: z.number().positive().optional(),
      /** The custom distribution's gaps in µs, in order (perf_analyzer's --request-intervals file, which it
       *  repeats); the level is perf_analyzer's rate for them, requests over the sum of the gaps. */
      requestIntervalsUs: z.array(z.number().int().nonnegative()).min(1).optional(),
      batchSize: z.number().int().positive(),
      /** Concurrency, or requests per second. */
      levels: z.array(z.number().positive()).min(1),
    }),
    modelConfig: LiveModelConfig,
    measurement: z.strictObject({
      intervalMs: z.number().positive(),
      stabilityPct: z.number().positive(),
      maxTrials: z.number().int().positive().optional(),
      percentile: z.number().gt(0).lt(100).optional(),
      seed: z.string().optional(),
      /** servesim loadgen ran with --busy-poll (its event loop never slept during the levels). */
      busyPoll: z.boolean().optional(),
    }),
    metadata: z.looseObject({
      gpu: z.string().optional(),
      driver: z.string().optional(),
      tritonVersion: z.string().optional(),
      date: z.string().min(1),
      command: z.string().min(1),
      partial: z.boolean().optional(),
    }),
    /** servesim-loadgen writes every level in full; perf_analyzer runs leave this out. */
    results: z.array(LiveLevelResult).optional(),
    /** How fast the server ran during each level against its calibration (execution duration over the
     *  calibration's at the same size, from execution logs: calibration/server/exec_speed.py); validate
     *  reports the speed-conditioned error beside the plain one. */
    serverSpeed: z
      .strictObject({
        measuredFrom: z.string().min(1),
        levels: z
          .array(z.strictObject({ level: z.number().positive(), ratio: z.number().positive(), executions: z.number().int().positive() }))
          .min(1),
      })
      .optional(),
  })
  .superRefine((run, ctx) => {
    if (run.load.mode === "concurrency" && run.load.distribution !== null) {
      ctx.addIssue({ code: "custom", path: ["load", "distribution"], message: "must be null in concurrency mode" });
    }
    if (run.load.mode === "rate" && run.load.distribution === null) {
      ctx.addIssue({ code: "custom", path: ["load", "distribution"], message: "rate mode needs constant, poisson, gamma or custom" });
    }
    if ((run.load.distribution === "custom") !== (run.load.requestIntervalsUs !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["load", "requestIntervalsUs"],
        message: "the custom distribution takes its gaps from requestIntervalsUs, and only it has them",
      });
    }
    if (run.load.requestIntervalsUs !== undefined && !run.load.requestIntervalsUs.some((g) => g > 0)) {
      ctx.addIssue({ code: "custom", path: ["load", "requestIntervalsUs"], message: "the gaps must not all be 0" });
    }
    if (run.load.mode === "concurrency") {
      run.load.levels.forEach((l, i) => {
        if (!Number.isInteger(l)) {
          ctx.addIssue({ code: "custom", path: ["load", "levels", i], message: "concurrency must be an integer" });
        }
      });
    }
  });
export type LiveRun = z.infer<typeof LiveRun>;

export function parseLiveRun(data: unknown, where: string): LiveRun {
  return parseOrThrow(LiveRun, data, where);
}

/** The GPUs a live run's server had, as far as its model can tell: one more than the highest GPU index its
 *  instance groups list (Triton's returned config lists every GPU a KIND_GPU group runs on), else 1. GPUs
 *  the model does not use change nothing in its simulation. */
export function liveGpus(run: LiveRun): number {
  const groups = (run.modelConfig as { instance_group?: unknown }).instance_group;
  let top = 0;
  if (Array.isArray(groups)) {
    for (const g of groups) {
      const gpus = (g as { gpus?: unknown } | null)?.gpus;
      if (!Array.isArray(gpus)) continue;
      for (const x of gpus) {
        const n = Number(x);
        if (Number.isInteger(n) && n >= 0) top = Math.max(top, n + 1);
      }
    }
  }
  return Math.max(1, top);
}

/** The server configuration a live run measured: its model config on the GPUs liveGpus counts. */
export function liveServerConfig(run: LiveRun, where: string): ServerConfig {
  return fromTritonConfigJson(run.modelConfig, `${where}: modelConfig`, liveGpus(run));
}

/** Problems pairing a live-run JSON with its CSV (same mode and the same load levels), as one-liners. */
export function checkLiveRunCsv(run: LiveRun, header: readonly string[], rows: readonly CsvRow[]): string[] {
  const problems: string[] = [];
  const first = run.load.mode === "concurrency" ? "Concurrency" : "Request Rate";
  if (header[0] !== first) problems.push(`CSV first column is "${header[0]}", the JSON says ${run.load.mode} mode`);
  const csvLevels = rows.map((r) => r[first]).filter((v): v is number => v !== undefined);
  const missing = run.load.levels.filter((l) => !csvLevels.some((c) => Math.abs(c - l) <= 1e-6 * Math.max(1, l)));
  if (missing.length > 0) problems.push(`CSV has no row for load level(s) ${missing.join(", ")}`);
  return problems;
}

/** A decoded ModelConfig made JSON-clean: no nulls for absent messages, no decoder-only oneof keys. */
export function modelConfigJson(config: unknown): Record<string, unknown> {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (v !== null && typeof v === "object" && !Buffer.isBuffer(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (x === null || x === undefined) continue;
        if (k === "scheduling_choice" || k === "parameter_choice") continue;
        out[k] = clean(x);
      }
      return out;
    }
    return v;
  };
  return clean(config) as Record<string, unknown>;
}
