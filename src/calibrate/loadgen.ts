// The live load generator: drives a real server at each load level (closed-loop concurrency or
// open-loop request rate), measures like perf_analyzer (windows of 1.2 × interval until three agree),
// and reports each level as a RunSummary plus the client's own health (CPU, event-loop delay, garbage-
// collection pauses, send lag).
import { monitorEventLoopDelay, performance as perfHooks } from "node:perf_hooks";
import type { LoadMode, RunSummary } from "../metrics/summary.js";
import type { KServeClient, PreparedInfer } from "./client.js";
import { startClosedLoop } from "./closed-loop.js";
import { GcPauseRecorder, gcPausesOf, type GcPauses } from "./gc-pauses.js";
import { levelSummary } from "./level-summary.js";
import { startBusyPoll } from "./busy-poll.js";
import {
  collectWindow,
  isStable,
  mergeWindows,
  STABILITY_WINDOWS,
  windowLatency,
  windowThroughput,
  type MeasuredWindow,
} from "./measurement-window.js";
import { startOpenLoop, type RateDistribution, type SendLag } from "./open-loop.js";
import { RequestLog } from "./request-log.js";
import { sleepMs } from "./sleep.js";
import { snapshotOf, type StatsSnapshot } from "./stats-snapshot.js";

/** perf_analyzer's window length relative to --measurement-interval. */
export const WINDOW_FACTOR = 1.2;

export interface LoadgenSettings {
  readonly mode: Exclude<LoadMode, "trace">;
  /** Concurrency, or requests per second (perf_analyzer's request rate; each request carries batchSize). */
  readonly levels: readonly number[];
  readonly distribution: RateDistribution;
  /** Coefficient of variation of gamma gaps. */
  readonly cv: number;
  readonly batchSize: number;
  readonly intervalMs: number;
  readonly stabilityPct: number;
  readonly maxTrials: number;
  readonly percentile?: number | undefined;
  readonly seed: string;
  readonly inferDeadlineMs: number;
  readonly maxInFlight: number;
  /** Keep the event loop spinning during each level (startBusyPoll) instead of sleeping between responses. */
  readonly busyPoll?: boolean | undefined;
}

export interface ClientHealth {
  /** Client process CPU time over wall time during the level (1.0 = one core busy). */
  readonly cpuCores: number;
  /** Share of the level's wall time the main thread (the event loop, where every request and response
   *  is handled) was busy: Node's event-loop utilization. */
  readonly eventLoopUtilization: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** The client's garbage-collection pauses during the level (V8 stops the event loop for each, so a
   *  response that arrives during one is timed late). */
  readonly gcPauses?: GcPauses | undefined;
  /** Open loop only: how late sends were against the schedule. */
  readonly sendLag?: SendLag | undefined;
}

export interface WindowReport {
  readonly durationMs: number;
  readonly requests: number;
  readonly throughputPerS: number;
  /** The stability statistic (mean latency, or the --percentile value), µs. */
  readonly latencyUs: number;
}

export interface LevelResult {
  readonly load: number;
  readonly summary: RunSummary;
  readonly stable: boolean;
  readonly trials: number;
  readonly windows: readonly WindowReport[];
  readonly client: ClientHealth;
}

export type LoadgenEvent =
  | { readonly kind: "level"; readonly load: number; readonly index: number; readonly total: number }
  | { readonly kind: "window"; readonly load: number; readonly trial: number; readonly report: WindowReport }
  | { readonly kind: "level-done"; readonly result: LevelResult }
  | { readonly kind: "warning"; readonly message: string };

export interface LoadgenOutcome {
  readonly levels: readonly LevelResult[];
  readonly partial: boolean;
  readonly stoppedBy?: string | undefined;
}

export interface LoadgenHooks {
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((e: LoadgenEvent) => void) | undefined;
}

async function measureLevel(
  client: KServeClient,
  model: string,
  request: PreparedInfer,
  s: LoadgenSettings,
  load: number,
  hooks: LoadgenHooks,
): Promise<{ result?: LevelResult; error?: unknown }> {
  const emit = hooks.onEvent ?? (() => {});
  const snap = async (): Promise<StatsSnapshot> => snapshotOf(model, await client.modelStatistics(model));
  const log = new RequestLog();
  const failed = new AbortController();
  const signal = AbortSignal.any([failed.signal, ...(hooks.signal !== undefined ? [hooks.signal] : [])]);
  const elDelay = monitorEventLoopDelay({ resolution: 5 });
  const stopPolling = s.busyPoll === true ? startBusyPoll() : null;
  const levelStartMs = performance.now();
  const driver =
    s.mode === "concurrency"
      ? startClosedLoop({ client, request, concurrency: load, log, deadlineMs: s.inferDeadlineMs, onError: () => failed.abort() })
      : startOpenLoop({
          client,
          request,
          requestsPerS: load,
          distribution: s.distribution,
          cv: s.cv,
          seed: s.seed,
          log,
          maxInFlight: s.maxInFlight,
          deadlineMs: s.inferDeadlineMs,
          onError: () => failed.abort(),
        });
  const windows: MeasuredWindow[] = [];
  let stable = false;
  let cpuStart = process.cpuUsage();
  let eluStart = perfHooks.eventLoopUtilization();
  let wallStart = performance.now();
  let error: unknown;
  const gc = new GcPauseRecorder();
  try {
    elDelay.enable();
    let startMs = performance.now();
    let startStats = await snap();
    cpuStart = process.cpuUsage();
    eluStart = perfHooks.eventLoopUtilization();
    wallStart = performance.now();
    gc.from(wallStart);
    for (let trial = 1; trial <= s.maxTrials && !signal.aborted; trial++) {
      await sleepMs(startMs + WINDOW_FACTOR * s.intervalMs - performance.now(), signal);
      if (signal.aborted) break;
      const endMs = performance.now();
      const endStats = await snap();
      const w = collectWindow(log, startMs, endMs, startStats, endStats);
      windows.push(w);
      emit({
        kind: "window",
        load,
        trial,
        report: {
          durationMs: endMs - startMs,
          requests: w.requests,
          throughputPerS: windowThroughput(w, s.batchSize),
          latencyUs: windowLatency(w, s.percentile),
        },
      });
      startMs = endMs;
      startStats = endStats;
      if (isStable(windows, s.batchSize, s.stabilityPct, s.percentile)) {
        stable = true;
        break;
      }
    }
  } catch (err) {
    error = err;
  } finally {
    elDelay.disable();
    stopPolling?.();
  }
  const cpu = process.cpuUsage(cpuStart);
  const elu = perfHooks.eventLoopUtilization(eluStart).utilization;
  const wallMs = performance.now() - wallStart;
  const gcEntries = gc.stop(wallStart + wallMs);
  await driver.stop();
  error ??= driver.error();
  // Even a failed or interrupted level reports the windows it completed.
  if (windows.length === 0) return { error };
  const merged = mergeWindows(windows.slice(-STABILITY_WINDOWS));
  const summary = levelSummary(merged, s, load, levelStartMs, stable, {
    arrived: log.sent,
    completed: log.length,
    failed: log.failed,
  });
  const result: LevelResult = {
    load,
    summary,
    stable,
    trials: windows.length,
    windows: windows.map((w) => ({
      durationMs: w.endMs - w.startMs,
      requests: w.requests,
      throughputPerS: windowThroughput(w, s.batchSize),
      latencyUs: windowLatency(w, s.percentile),
    })),
    client: {
      cpuCores: wallMs > 0 ? (cpu.user + cpu.system) / 1000 / wallMs : 0,
      eventLoopUtilization: Number.isFinite(elu) ? elu : 0,
      eventLoopDelayP99Ms: elDelay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: elDelay.max / 1e6,
      gcPauses: gcPausesOf(gcEntries, wallMs),
      ...("lag" in driver ? { sendLag: driver.lag() } : {}),
    },
  };
  return error !== undefined ? { result, error } : { result };
}

export async function runLoadgen(
  client: KServeClient,
  model: string,
  request: PreparedInfer,
  settings: LoadgenSettings,
  hooks: LoadgenHooks = {},
): Promise<LoadgenOutcome> {
  const emit = hooks.onEvent ?? (() => {});
  const levels: LevelResult[] = [];
  let stoppedBy: string | undefined;
  const aborted = (): boolean => hooks.signal?.aborted === true;
  for (const [index, load] of settings.levels.entries()) {
    if (aborted()) break;
    emit({ kind: "level", load, index, total: settings.levels.length });
    const { result, error } = await measureLevel(client, model, request, settings, load, hooks);
    if (result !== undefined && error === undefined && !aborted()) {
      levels.push(result);
      emit({ kind: "level-done", result });
      if (!result.stable) {
        emit({
          kind: "warning",
          message:
            `${settings.mode === "concurrency" ? "concurrency" : "request rate"} ${load}: no stable measurement within ` +
            `${settings.maxTrials} windows (±${settings.stabilityPct} %); reporting the last ${STABILITY_WINDOWS}`,
        });
      }
      if (result.client.cpuCores > 0.85) {
        emit({
          kind: "warning",
          message:
            `load ${load}: the load generator used ${(result.client.cpuCores * 100).toFixed(0)} % of a core; ` +
            "figures may reflect the client, not the server",
        });
      }
      const lag = result.client.sendLag;
      if (lag !== undefined && (lag.dropped > 0 || lag.meanMs > 1)) {
        emit({
          kind: "warning",
          message:
            `request rate ${load}: sends were ${lag.meanMs.toFixed(2)} ms late on average (max ${lag.maxMs.toFixed(1)} ms)` +
            (lag.dropped > 0 ? `, ${lag.dropped} skipped at ${settings.maxInFlight} in flight` : ""),
        });
      }
    }
    if (error !== undefined) {
      stoppedBy = error instanceof Error ? error.message : String(error);
      break;
    }
  }
  if (stoppedBy === undefined && aborted()) stoppedBy = "interrupted";
  return { levels, partial: stoppedBy !== undefined, stoppedBy };
}
