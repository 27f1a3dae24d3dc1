// Turns calibration measurements into a servesim.profile/v1 document: compute points keyed by
// (batch size, executions overlapping on the GPU), per-batch-size request overheads from the
// concurrency-1 probes, how a Python backend's instances take turns on the GPU (gpu-switch.ts), and
// metadata saying what was measured where, how, and whether it is complete.
import { PROFILE_SCHEMA_ID, Profile, type ComputePoint, type RequestOverheadPoint } from "../compute/profile.js";
import { InputError, parseOrThrow } from "../validation.js";
import type { CalibrationResult, CalibrationSettings } from "./calibration.js";
import { fitGpuSwitch } from "./gpu-switch.js";
import type { LoadedResult } from "./loaded-point.js";
import type { ProbeResult } from "./probe-point.js";

export interface ProfileLabels {
  readonly name: string;
  readonly description?: string | undefined;
  readonly gpu?: string | undefined;
  readonly driver?: string | undefined;
  readonly cuda?: string | undefined;
  readonly precision?: string | undefined;
  readonly sequenceLength?: number | undefined;
  /** The network's name (defaults to the Triton model names). */
  readonly model?: string | undefined;
  readonly notes?: string | undefined;
  readonly command: string;
}

/** Per-execution spread is exact in a probe with this many isolated samples. */
const MIN_CLEAN_SAMPLES = 5;

const r1 = (x: number): number => Math.round(x * 10) / 10;
const stat = (mean: number, sd: number): { mean: number; sd: number } => ({ mean: r1(mean), sd: r1(sd) });

type SdMethod = "per-execution" | "window-dispersion" | "none";

function fromLoaded(p: LoadedResult, probe: ProbeResult | undefined): { point: ComputePoint; sdMethod: SdMethod } {
  const exact = p.concurrency === 1 && probe !== undefined && probe.cleanSamples >= MIN_CLEAN_SAMPLES;
  const sdMethod: SdMethod = exact ? "per-execution" : p.computeInferUs.windows >= 2 ? "window-dispersion" : "none";
  return {
    sdMethod,
    point: {
      batchSize: p.batchSize,
      concurrency: p.concurrency,
      computeInputUs: stat(p.computeInputUs.meanUs, exact ? probe.computeInputUs.sd : p.computeInputUs.sdUs),
      computeInferUs: stat(p.computeInferUs.meanUs, exact ? probe.computeInferUs.sd : p.computeInferUs.sdUs),
      computeOutputUs: stat(p.computeOutputUs.meanUs, exact ? probe.computeOutputUs.sd : p.computeOutputUs.sdUs),
      executions: p.executions,
    },
  };
}

function fromProbe(p: ProbeResult): ComputePoint {
  return {
    batchSize: p.batchSize,
    concurrency: 1,
    computeInputUs: stat(p.computeInputUs.mean, p.computeInputUs.sd),
    computeInferUs: stat(p.computeInferUs.mean, p.computeInferUs.sd),
    computeOutputUs: stat(p.computeOutputUs.mean, p.computeOutputUs.sd),
    executions: p.requests,
  };
}

function overheadOf(p: ProbeResult): RequestOverheadPoint {
  return {
    batchSize: p.batchSize,
    clientSendUs: stat(p.clientSendUs.mean, p.clientSendUs.sd),
    clientRecvUs: stat(p.clientRecvUs.mean, p.clientRecvUs.sd),
    networkUs: stat(p.networkUs.mean, p.networkUs.sd),
    schedulingUs: stat(p.queueUs.mean, p.queueUs.sd),
  };
}

export function buildProfile(result: CalibrationResult, settings: CalibrationSettings, labels: ProfileLabels): Profile {
  const probeFor = (model: string, b: number): ProbeResult | undefined =>
    result.probes.find((p) => p.model === model && p.batchSize === b) ?? result.probes.find((p) => p.batchSize === b);

  // One loaded point per (b, k): the one averaging the most executions.
  const best = new Map<string, LoadedResult>();
  for (const p of result.loaded) {
    const key = `${p.batchSize}/${p.concurrency}`;
    const have = best.get(key);
    if (have === undefined || p.executions > have.executions) best.set(key, p);
  }
  const compute: ComputePoint[] = [];
  const pointNotes: Record<string, unknown>[] = [];
  for (const p of best.values()) {
    const { point, sdMethod } = fromLoaded(p, probeFor(p.model, p.batchSize));
    compute.push(point);
    pointNotes.push({
      model: p.model,
      batchSize: p.batchSize,
      concurrency: p.concurrency,
      phase: "loaded",
      clients: p.clients,
      executions: p.executions,
      windows: p.computeInferUs.windows,
      sdMethod,
      computeInferWindowSdUs: r1(p.computeInferUs.windowSdUs),
      queueUs: r1(p.queueUs),
      successUs: r1(p.successUs),
      serverOverheadUs: r1(p.serverOverheadUs),
      meanBatch: Math.round(p.meanBatch * 1000) / 1000,
      busyFraction: Math.round(p.busyFraction * 1000) / 1000,
      throughputPerS: r1(p.throughputPerS),
    });
  }
  // Concurrency-1 points from the probes where no k = 1 model was measured loaded.
  for (const p of result.probes) {
    if (compute.some((c) => c.batchSize === p.batchSize && c.concurrency === 1)) continue;
    compute.push(fromProbe(p));
    pointNotes.push({
      model: p.model,
      batchSize: p.batchSize,
      concurrency: 1,
      phase: "probe",
      clients: 1,
      executions: p.requests,
      sdMethod: p.cleanSamples >= 2 ? "per-execution" : "none",
      queueUs: r1(p.queueUs.mean),
      successUs: r1(p.successUs.mean),
      serverOverheadUs: r1(p.serverOverheadUs.mean),
    });
  }
  compute.sort((a, b) => a.concurrency - b.concurrency || a.batchSize - b.batchSize);

  const overheads = new Map<number, RequestOverheadPoint>();
  for (const p of result.probes) if (!overheads.has(p.batchSize)) overheads.set(p.batchSize, overheadOf(p));

  if (compute.length === 0) {
    throw new InputError(`nothing was measured${result.stoppedBy !== undefined ? ` (${result.stoppedBy})` : ""}`);
  }
  if (!compute.some((c) => c.concurrency === 1)) {
    throw new InputError("no point at concurrency 1 was measured, so no profile can be written");
  }

  const backends = [...new Set(result.models.map((m) => m.backend || m.platform).filter((s) => s !== ""))];
  // Python-backend instances are separate processes, each with its own CUDA context: they take turns on
  // the GPU, and the probes of the k-instance models measure the switch between them.
  const turns = backends.length === 1 && backends[0] === "python" ? fitGpuSwitch([result], `probes of ${labels.name}`) : null;
  const doc = {
    schema: PROFILE_SCHEMA_ID,
    name: labels.name,
    ...(labels.description !== undefined ? { description: labels.description } : {}),
    metadata: {
      source: "measured" as const,
      ...(labels.gpu !== undefined ? { gpu: labels.gpu } : {}),
      ...(labels.driver !== undefined ? { driver: labels.driver } : {}),
      ...(labels.cuda !== undefined ? { cuda: labels.cuda } : {}),
      tritonVersion: result.server.version,
      ...(backends.length > 0 ? { backend: backends.join(",") } : {}),
      model: labels.model ?? result.models.map((m) => m.name).join(","),
      ...(labels.precision !== undefined ? { precision: labels.precision } : {}),
      ...(labels.sequenceLength !== undefined ? { sequenceLength: labels.sequenceLength } : {}),
      date: result.startedAt,
      command: labels.command,
      ...(labels.notes !== undefined ? { notes: labels.notes } : {}),
      partial: result.partial,
      ...(result.stoppedBy !== undefined ? { stoppedBy: result.stoppedBy } : {}),
      calibration: {
        tool: "servesim calibrate",
        server: result.server,
        models: result.models,
        settings: {
          clientsPerInstance: settings.clientsPerInstance,
          warmupMs: settings.warmupMs,
          windows: settings.windows,
          windowMs: settings.windowMs,
          minExecutionsPerWindow: settings.minExecutionsPerWindow,
          probeRequests: settings.probeRequests,
        },
        finishedAt: result.finishedAt,
        points: pointNotes,
      },
    },
    compute,
    requestOverheads: [...overheads.values()].sort((a, b) => a.batchSize - b.batchSize),
    ...(turns !== null ? { gpuSharing: turns.sharing } : {}),
  };
  return parseOrThrow(Profile, doc, "calibrated profile");
}
