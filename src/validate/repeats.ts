// Repeat pairs: the same configuration and load level measured twice (again later, or by another tool),
// and how far apart the two measurements are — the floor under any prediction error. "The same
// configuration" is the same model name (the network behind it) with the same server config as parsed
// from each run's model config, so two runs of one name with different settings are never paired.
import { liveServerConfig, type LiveRun } from "../calibrate/live-run.js";
import { placeInstances, type ServerConfig } from "../server/config.js";
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

/** The run's server configuration as a key: the batching settings and where the instances run (Triton's
 *  defaults resolved), so model configs that say the same thing differently get the same key. */
function configKeyOf(run: LiveRun, where: string): string {
  return serverConfigKey(liveServerConfig(run, where));
}

/** configKeyOf for a config already parsed (on the GPUs its live run counts: liveGpus). */
export function serverConfigKey(c: ServerConfig): string {
  const kinds = c.instanceGroups.length === 0 ? ["KIND_GPU"] : [...new Set(c.instanceGroups.map((g) => g.kind))].sort();
  return JSON.stringify({ maxBatchSize: c.maxBatchSize, dynamicBatching: c.dynamicBatching, devices: Array.from(placeInstances(c)), kinds });
}

/** Every pair of live points with the same model and server configuration, load mode, client batch size
 *  and level. `configKeys` (run name → serverConfigKey) spares parsing configs the caller already parsed. */
export function repeatPairs(runs: readonly LiveRunData[], configKeys?: ReadonlyMap<string, string>): RepeatPair[] {
  const byKey = new Map<string, { run: LiveRun; m: PointMetrics; load: number }[]>();
  for (const { run, rows, where } of runs) {
    const col = loadColumn(run);
    const config = configKeys?.get(run.name) ?? configKeyOf(run, where);
    for (const row of rows) {
      const key = `${run.model}|${config}|${run.load.mode}|${run.load.batchSize}|${row[col]}`;
      const entry = { run, m: measuredOf(row), load: row[col]! };
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [entry]);
      else list.push(entry);
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
