// What a live run measured at one load level, read from its perf_analyzer-format CSV row, and whether
// that level counts as a measurement: steady (an open loop that kept up with its offered rate) and
// stable (perf_analyzer's rule: the last windows agreed within ±stabilityPct; perf_analyzer writes no
// row for a level that never met it, servesim loadgen writes the row and flags it in its JSON).
import type { LiveRun } from "../calibrate/live-run.js";
import type { CsvRow } from "../metrics/csv.js";
import type { BreakdownUs } from "../metrics/summary.js";

export interface PointMetrics {
  readonly throughputPerS: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly breakdownUs: BreakdownUs;
}

const BREAKDOWN_COLUMNS: readonly [keyof BreakdownUs, string][] = [
  ["clientSend", "Client Send"],
  ["networkServer", "Network+Server Send/Recv"],
  ["serverQueue", "Server Queue"],
  ["computeInput", "Server Compute Input"],
  ["computeInfer", "Server Compute Infer"],
  ["computeOutput", "Server Compute Output"],
  ["clientRecv", "Client Recv"],
];

export function measuredOf(row: CsvRow): PointMetrics {
  const b = {} as Record<keyof BreakdownUs, number>;
  for (const [k, col] of BREAKDOWN_COLUMNS) b[k] = row[col] ?? Number.NaN;
  return {
    throughputPerS: row["Inferences/Second"] ?? Number.NaN,
    p50Us: row["p50 latency"] ?? Number.NaN,
    p90Us: row["p90 latency"] ?? Number.NaN,
    p99Us: row["p99 latency"] ?? Number.NaN,
    breakdownUs: b,
  };
}

/** The CSV column that holds a row's load level. */
export function loadColumn(run: LiveRun): "Concurrency" | "Request Rate" {
  return run.load.mode === "concurrency" ? "Concurrency" : "Request Rate";
}

/** A closed-loop point, or an open-loop one whose throughput kept up with the offered rate. */
export function isSteady(run: LiveRun, m: PointMetrics, load: number): boolean {
  return run.load.mode !== "rate" || m.throughputPerS >= 0.97 * load * run.load.batchSize;
}

/** Did the tool measure this level stably? servesim loadgen records it per level (`results[].stable`);
 *  a perf_analyzer row exists only for a stable level, as does a loadgen level without a record. */
export function isStable(run: LiveRun, load: number): boolean {
  const r = (run.results ?? []).find((x) => Math.abs(x.load - load) < 0.5);
  return r === undefined || r.stable;
}
