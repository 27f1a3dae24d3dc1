// The calibration procedure: for each model (the same network deployed with k instances) and each batch
// size b, phase A (one client: per-request exact figures at concurrency 1, client costs) then phase B
// (2k clients: k overlapping executions). Errors and Ctrl-C stop it; what was measured is kept.
import { InputError } from "../validation.js";
import { batchSizesFor } from "./batch-sizes.js";
import type { KServeClient, PreparedInfer } from "./client.js";
import { makeInputs } from "./input-tensors.js";
import { KServeError } from "./kserve-error.js";
import { runLoaded, type LoadedResult } from "./loaded-point.js";
import { inspectModel, type ModelInfo } from "./model-info.js";
import { runProbe, type ProbeResult } from "./probe-point.js";

export interface CalibrationSettings {
  /** Explicit sweep (default: powers of two up to max_batch_size, plus 1.5× steps). */
  readonly batchSizes?: readonly number[] | undefined;
  readonly clientsPerInstance: number;
  readonly warmupMs: number;
  readonly windows: number;
  readonly windowMs: number;
  readonly minExecutionsPerWindow: number;
  readonly probeRequests: number;
  readonly probeWarmup: number;
  /** Single-client requests, for this long, before each model's first probe: the client's own code paths
   *  (JIT-compiled JavaScript, the gRPC channel) warm up before its costs are measured. */
  readonly clientWarmupMs: number;
  readonly probeMaxMs: number;
  readonly inferDeadlineMs: number;
  readonly allowDynamicBatching: boolean;
  readonly shapes?: Readonly<Record<string, readonly number[]>> | undefined;
  readonly seqLen?: number | undefined;
}

export const DEFAULT_CALIBRATION: CalibrationSettings = {
  clientsPerInstance: 2,
  warmupMs: 1000,
  windows: 5,
  windowMs: 1000,
  minExecutionsPerWindow: 5,
  probeRequests: 40,
  probeWarmup: 5,
  clientWarmupMs: 300,
  probeMaxMs: 4000,
  inferDeadlineMs: 60_000,
  allowDynamicBatching: false,
};

export interface CalibratedModel {
  readonly name: string;
  readonly maxBatchSize: number;
  readonly instancesPerGpu: number;
  readonly totalInstances: number;
  readonly scheduler: string;
  readonly backend: string;
  readonly platform: string;
  readonly batchSizes: readonly number[];
}

export interface CalibrationResult {
  readonly server: { readonly url: string; readonly name: string; readonly version: string };
  readonly models: readonly CalibratedModel[];
  readonly probes: readonly ProbeResult[];
  readonly loaded: readonly LoadedResult[];
  /** True when interrupted or stopped by an error before every point was measured. */
  readonly partial: boolean;
  /** Why it stopped early (one line), when partial. */
  readonly stoppedBy?: string | undefined;
  readonly startedAt: string;
  readonly finishedAt: string;
}

export type CalibrationEvent =
  /** `maxMs`: the sweep's length when every probe runs to its time cap and no window is extended. */
  | { readonly kind: "plan"; readonly steps: number; readonly maxMs: number }
  | { readonly kind: "step"; readonly model: string; readonly batchSize: number; readonly phase: "probe" | "loaded"; readonly concurrency: number; readonly clients: number }
  | { readonly kind: "probe-done"; readonly result: ProbeResult }
  | { readonly kind: "loaded-done"; readonly result: LoadedResult }
  | { readonly kind: "warning"; readonly message: string };

export interface CalibrationHooks {
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((e: CalibrationEvent) => void) | undefined;
}

/** Check every model up front (fail before spending GPU time), then sweep. */
export async function runCalibration(
  client: KServeClient,
  modelNames: readonly string[],
  settings: CalibrationSettings,
  hooks: CalibrationHooks = {},
): Promise<CalibrationResult> {
  const startedAt = new Date().toISOString();
  const emit = hooks.onEvent ?? (() => {});
  const live = await client.serverLive(Math.min(10_000, settings.inferDeadlineMs));
  if (!live) throw new KServeError(`server ${client.url} answers but is not live`, "unavailable", -1);
  const meta = await client.serverMetadata();
  const infos: ModelInfo[] = [];
  for (const name of modelNames) infos.push(await inspectModel(client, name));

  const plans = infos.map((info) => {
    if (info.scheduler !== "default" && !(info.scheduler === "dynamic" && settings.allowDynamicBatching)) {
      throw new InputError(
        `model "${info.name}" uses ${info.scheduler === "dynamic" ? "dynamic batching" : `the ${info.scheduler} scheduler`}; ` +
          "calibration needs Triton's default scheduler (no dynamic_batching block) so each request is one execution" +
          (info.scheduler === "dynamic" ? " (or pass --allow-dynamic-batching)" : ""),
      );
    }
    for (const w of info.warnings) emit({ kind: "warning", message: w });
    const { sizes, skipped } = batchSizesFor(info.name, info.maxBatchSize, settings.batchSizes);
    if (skipped.length > 0) {
      emit({ kind: "warning", message: `model "${info.name}": skipping batch sizes ${skipped.join(",")} (max_batch_size ${info.maxBatchSize})` });
    }
    const requests = new Map(
      sizes.map((b) => [
        b,
        client.prepareInfer({
          model: info.name,
          inputs: makeInputs(info.metadata.inputs, info.name, {
            batchSize: b,
            batching: info.maxBatchSize > 0,
            shapes: settings.shapes,
            seqLen: settings.seqLen,
          }),
          outputs: info.metadata.outputs.map((t) => t.name),
        }),
      ]),
    );
    return { info, sizes, requests };
  });

  const steps = plans.reduce((a, p) => a + p.sizes.length * 2, 0);
  const perPointMs = settings.warmupMs + settings.windows * settings.windowMs + settings.probeMaxMs;
  emit({ kind: "plan", steps, maxMs: plans.reduce((a, p) => a + p.sizes.length, 0) * perPointMs });

  const probes: ProbeResult[] = [];
  const loaded: LoadedResult[] = [];
  let stoppedBy: string | undefined;
  const aborted = (): boolean => hooks.signal?.aborted === true;
  try {
    outer: for (const { info, sizes, requests } of plans) {
      for (const [i, b] of sizes.entries()) {
        if (aborted()) break outer;
        const request = requests.get(b)!;
        if (i === 0) await warmClient(client, request, settings.clientWarmupMs, settings.inferDeadlineMs, aborted);
        emit({ kind: "step", model: info.name, batchSize: b, phase: "probe", concurrency: 1, clients: 1 });
        const probe = await runProbe({
          client,
          model: info.name,
          batchSize: b,
          request,
          warmupRequests: settings.probeWarmup,
          requests: settings.probeRequests,
          maxMs: settings.probeMaxMs,
          minRequests: Math.min(settings.probeRequests, 5),
          inferDeadlineMs: settings.inferDeadlineMs,
          signal: hooks.signal,
        });
        if (probe !== undefined && !aborted()) {
          probes.push(probe);
          emit({ kind: "probe-done", result: probe });
        }
        if (aborted()) break outer;
        const k = info.instancesPerGpu;
        const clients = Math.max(1, settings.clientsPerInstance * info.totalInstances);
        emit({ kind: "step", model: info.name, batchSize: b, phase: "loaded", concurrency: k, clients });
        const point = await runLoaded({
          client,
          model: info.name,
          batchSize: b,
          concurrency: k,
          totalInstances: info.totalInstances,
          clients,
          request,
          warmupMs: settings.warmupMs,
          windows: settings.windows,
          windowMs: settings.windowMs,
          minExecutionsPerWindow: settings.minExecutionsPerWindow,
          inferDeadlineMs: settings.inferDeadlineMs,
          signal: hooks.signal,
        });
        if (point !== undefined) {
          loaded.push(point);
          emit({ kind: "loaded-done", result: point });
          if (point.busyFraction < 0.8) {
            emit({
              kind: "warning",
              message:
                `model "${info.name}" b=${b}: instances were computing only ${(point.busyFraction * 100).toFixed(0)} % of the ` +
                `time, so fewer than ${k} executions overlapped; try more --clients-per-instance`,
            });
          }
          if (point.otherFraction > 0.01) {
            emit({
              kind: "warning",
              message:
                `model "${info.name}" b=${b}: ${(point.otherFraction * 100).toFixed(1)}% of executions had another batch size ` +
                `(mean batch ${point.meanBatch.toFixed(2)}); only batch-${b} executions are used`,
            });
          }
        }
      }
    }
  } catch (err) {
    stoppedBy = err instanceof Error ? err.message : String(err);
  }
  if (stoppedBy === undefined && aborted()) stoppedBy = "interrupted";
  return {
    server: { url: client.url, name: meta.name, version: meta.version },
    models: plans.map(({ info, sizes }) => ({
      name: info.name,
      maxBatchSize: info.maxBatchSize,
      instancesPerGpu: info.instancesPerGpu,
      totalInstances: info.totalInstances,
      scheduler: info.scheduler,
      backend: info.config.backend,
      platform: info.config.platform || info.metadata.platform,
      batchSizes: sizes,
    })),
    probes,
    loaded,
    partial: stoppedBy !== undefined,
    stoppedBy,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}

/** Sequential requests for `ms`, results discarded (the client's first requests are slower: its code is
 *  not yet compiled; the committed profiles' first batch-1 probes measured 108–117 µs of client send
 *  against 35 µs at batch 2). */
async function warmClient(client: KServeClient, request: PreparedInfer, ms: number, deadlineMs: number, aborted: () => boolean): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms && !aborted()) await client.infer(request, deadlineMs);
}
