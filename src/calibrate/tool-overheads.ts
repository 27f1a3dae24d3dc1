// A load generator's own per-request costs, from a closed-loop run it measured on a calibration-only
// model: at its lightest concurrency level (one request in flight, nothing to queue behind), its Client
// Send, Client Recv and Network+Server columns are what it adds to every request of batch 1.
import type { LoadGenerator } from "../compute/profile.js";
import type { CsvRow } from "../metrics/csv.js";
import type { LiveRun } from "./live-run.js";

export function toolOverheads(run: LiveRun, rows: readonly CsvRow[]): Omit<LoadGenerator, "responseGapUs"> {
  if (run.load.mode !== "concurrency") throw new Error(`${run.name}: the tool's overheads need a closed-loop (concurrency) run`);
  if (run.load.batchSize !== 1) throw new Error(`${run.name}: the tool's overheads need single-sample requests (-b 1)`);
  const lightest = [...rows].sort((a, b) => (a.Concurrency ?? Infinity) - (b.Concurrency ?? Infinity))[0];
  if (lightest === undefined) throw new Error(`${run.name}: no rows`);
  const col = (name: string): number => {
    const v = lightest[name];
    if (v === undefined || !Number.isFinite(v)) throw new Error(`${run.name}: no "${name}" column`);
    return v;
  };
  return {
    tool: run.tool,
    sendUs: col("Client Send"),
    recvUs: col("Client Recv"),
    networkUs: col("Network+Server Send/Recv"),
    measuredFrom: `${run.name} (${run.model}, concurrency ${lightest.Concurrency})`,
  };
}
