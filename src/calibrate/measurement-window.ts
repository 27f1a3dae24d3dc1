// perf_analyzer's measurement rules for live runs: a window holds the requests whose response ended in
// it; the load level is stable when the last three windows agree within ±s % (max/min ≤ 1 + s/100) on
// throughput and on latency (the mean, or the --percentile value); the report merges those windows.
import { percentileOfSorted } from "../metrics/percentile.js";
import { STABILITY_WINDOWS, windowsAgree } from "../metrics/stability.js";
import type { LatencySummaryUs } from "../metrics/summary.js";
import type { RequestLog } from "./request-log.js";
import { statsDelta, type StatsSnapshot } from "./stats-snapshot.js";

export { STABILITY_WINDOWS };

export interface MeasuredWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly requests: number;
  /** Ascending latencies of the requests in the window, µs. */
  readonly latenciesUs: Float64Array;
  readonly sendUsSum: number;
  readonly recvUsSum: number;
  /** Server statistics at the window's start and end (cumulative snapshots). */
  readonly statsStart: StatsSnapshot;
  readonly statsEnd: StatsSnapshot;
}

export function collectWindow(
  log: RequestLog,
  startMs: number,
  endMs: number,
  statsStart: StatsSnapshot,
  statsEnd: StatsSnapshot,
): MeasuredWindow {
  const idx = log.indicesEndingIn(startMs, endMs);
  const lat = new Float64Array(idx.length);
  let send = 0;
  let recv = 0;
  idx.forEach((i, j) => {
    lat[j] = log.latencyUs(i);
    send += log.sendUs(i);
    recv += log.recvUs(i);
  });
  lat.sort();
  return { startMs, endMs, requests: idx.length, latenciesUs: lat, sendUsSum: send, recvUsSum: recv, statsStart, statsEnd };
}

/** Inferences per second in a window (requests × batch size / duration). */
export function windowThroughput(w: MeasuredWindow, batchSize: number): number {
  const s = (w.endMs - w.startMs) / 1000;
  return s > 0 ? (w.requests * batchSize) / s : 0;
}

/** The latency statistic the stability test uses: the mean, or the given percentile. */
export function windowLatency(w: MeasuredWindow, percentile: number | undefined): number {
  if (w.requests === 0) return 0;
  if (percentile !== undefined) return percentileOfSorted(w.latenciesUs, percentile);
  let sum = 0;
  for (const v of w.latenciesUs) sum += v;
  return sum / w.requests;
}

/** perf_analyzer's test over the last three windows. */
export function isStable(
  windows: readonly MeasuredWindow[],
  batchSize: number,
  stabilityPct: number,
  percentile: number | undefined,
): boolean {
  if (windows.length < STABILITY_WINDOWS) return false;
  const last = windows.slice(-STABILITY_WINDOWS);
  return windowsAgree(
    last.map((w) => windowThroughput(w, batchSize)),
    last.map((w) => windowLatency(w, percentile)),
    stabilityPct,
  );
}

/** Merge consecutive windows into one (latencies pooled, server deltas spanning all of them). */
export function mergeWindows(windows: readonly MeasuredWindow[]): MeasuredWindow {
  const first = windows[0];
  const last = windows[windows.length - 1];
  if (first === undefined || last === undefined) throw new Error("mergeWindows: no windows");
  const requests = windows.reduce((a, w) => a + w.requests, 0);
  const lat = new Float64Array(requests);
  let o = 0;
  for (const w of windows) {
    lat.set(w.latenciesUs, o);
    o += w.requests;
  }
  lat.sort();
  return {
    startMs: first.startMs,
    endMs: last.endMs,
    requests,
    latenciesUs: lat,
    sendUsSum: windows.reduce((a, w) => a + w.sendUsSum, 0),
    recvUsSum: windows.reduce((a, w) => a + w.recvUsSum, 0),
    statsStart: first.statsStart,
    statsEnd: last.statsEnd,
  };
}

/** Latency summary of a window, perf_analyzer's percentile rule. */
export function latencySummary(w: MeasuredWindow, extraPercentile: number | undefined): LatencySummaryUs {
  const l = w.latenciesUs;
  const n = w.requests;
  let sum = 0;
  for (const v of l) sum += v;
  const p = (q: number): number => (n > 0 ? percentileOfSorted(l, q) : 0);
  const extra: Record<string, number> = {};
  if (extraPercentile !== undefined && ![50, 90, 95, 99].includes(extraPercentile)) {
    extra[String(extraPercentile)] = p(extraPercentile);
  }
  return {
    mean: n > 0 ? sum / n : 0,
    min: n > 0 ? (l[0] as number) : 0,
    max: n > 0 ? (l[n - 1] as number) : 0,
    p50: p(50),
    p90: p(90),
    p95: p(95),
    p99: p(99),
    extra,
  };
}

/** Server statistics over the window. */
export const windowStats = (w: MeasuredWindow): StatsSnapshot => statsDelta(w.statsStart, w.statsEnd);
