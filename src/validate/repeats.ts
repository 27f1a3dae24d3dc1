// Repeat pairs: the same configuration and load level measured twice (again later, or by another tool),
// and how far apart the two measurements are — the floor under any prediction error.
import type { LiveRun } from "../calibrate/live-run.js";
import { signedPctError, tableOf } from "./errors.js";
import { isStable, isSteady, loadColumn, measuredOf, type PointMetrics } from "./measured.js";
import type { ErrorTable, LiveRunData } from "./validate.js";

export interface RepeatPair {
  readonly model: string;
  readonly mode: "concurrency" | "rate";
  readonly load: number;
  readonly runA: string;
  readonly runB: string;
  readonly toolA: string;
  readonly toolB: string;
  /** Both are measurements: steady (closed loop, or an open loop that kept up with its rate) and stable. */
  readonly steady: boolean;
  readonly diffPct: { readonly throughput: number; readonly p50: number; readonly p99: number };
}

/** Every pair of live points with the same model, load mode, client batch size and load level. */
export function repeatPairs(runs: readonly LiveRunData[]): RepeatPair[] {
  const byKey = new Map<string, { run: LiveRun; m: PointMetrics; load: number }[]>();
  for (const { run, rows } of runs) {
    const col = loadColumn(run);
    for (const row of rows) {
      const key = `${run.model}|${run.load.mode}|${run.load.batchSize}|${row[col]}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { run, m: measuredOf(row), load: row[col]! }]);
    }
  }
  const valid = (x: { run: LiveRun; m: PointMetrics; load: number }): boolean => isSteady(x.run, x.m, x.load) && isStable(x.run, x.load);
  const out: RepeatPair[] = [];
  for (const list of byKey.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        out.push({
          model: a.run.model,
          mode: a.run.load.mode,
          load: a.load,
          runA: a.run.name,
          runB: b.run.name,
          toolA: a.run.tool,
          toolB: b.run.tool,
          steady: valid(a) && valid(b),
          diffPct: {
            throughput: signedPctError(b.m.throughputPerS, a.m.throughputPerS),
            p50: signedPctError(b.m.p50Us, a.m.p50Us),
            p99: signedPctError(b.m.p99Us, a.m.p99Us),
          },
        });
      }
    }
  }
  return out.sort((x, y) => (x.runA < y.runA ? -1 : x.runA > y.runA ? 1 : x.load - y.load));
}

/** Summaries of |difference| over pairs (p90 is not compared: empty). */
export function spreadOf(pairs: readonly RepeatPair[]): ErrorTable {
  return tableOf(pairs.map((p) => ({ ...p.diffPct, p90: Number.NaN })));
}
