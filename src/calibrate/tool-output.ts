// A load generator's extra output time per merged request. The profile's merged-request costs come from the
// composition run (servesim loadgen's closed loop); perf_analyzer's tool run on the same calibration-only model
// shows Triton's Server Compute Output growing faster with the requests an execution answers (which part of the
// response path costs more under it was not measured; its threads each hold a connection). In an execution of n requests each request reports the
// execution's output time, so a cost x per request beyond the first adds x × (n − 1) to it, and the column's mean
// over requests gains x × (E[n] − 1), E[n] the request-weighted requests per execution. x is the least-squares
// solution over the tool run's loaded levels, the simulation repeated with it until it settles (the batches move a
// little with it). Only calibration data enter; the live runs stay held out.
import type { LoadGenerator, Profile } from "../compute/profile.js";
import type { CsvRow } from "../metrics/csv.js";
import type { RunSummary } from "../metrics/summary.js";
import { liveServerConfig, type LiveRun } from "./live-run.js";
import { closedLoop, loadedLevels } from "./tool-gap.js";

export interface ToolOutputFit {
  readonly outputPerRequestUs: number;
  /** The levels fitted: concurrency, Server Compute Output measured and simulated with the fit (µs), and the
   *  simulated request-weighted requests per execution. */
  readonly levels: readonly { readonly concurrency: number; readonly measuredUs: number; readonly simulatedUs: number; readonly requestsPerExecution: number }[];
}

/** Request-weighted requests per execution of single-sample requests: Σ b² × count / Σ b × count. */
export function requestWeightedRequests(summary: RunSummary): number {
  let num = 0;
  let den = 0;
  for (const s of summary.triton.batchStats) {
    num += s.batchSize * s.batchSize * s.count;
    den += s.batchSize * s.count;
  }
  return den > 0 ? num / den : 1;
}

export function fitToolOutput(
  profile: Profile,
  lg: LoadGenerator,
  run: LiveRun,
  rows: readonly CsvRow[],
  opts: { readonly requests?: number; readonly iterations?: number } = {},
): ToolOutputFit {
  const loaded = loadedLevels(rows).flatMap((l) => (l.outputUs !== undefined && Number.isFinite(l.outputUs) ? [{ concurrency: l.concurrency, measuredUs: l.outputUs }] : []));
  if (loaded.length === 0) throw new Error(`${run.name}: the tool's output time needs a level above concurrency 1 with its "Server Compute Output" column`);
  const config = liveServerConfig(run, run.name);
  const requests = opts.requests ?? 10_000;
  const simulate = (x: number) => loaded.map((l) => closedLoop(profile, { ...lg, outputPerRequestUs: x }, config, l.concurrency, 1000, requests));
  let x = 0;
  let runs = simulate(x);
  for (let it = 0; it < (opts.iterations ?? 3); it++) {
    let num = 0;
    let den = 0;
    runs.forEach((r, i) => {
      const k = requestWeightedRequests(r) - 1;
      num += (loaded[i]!.measuredUs - r.breakdownUs.computeOutput) * k;
      den += k * k;
    });
    if (!(den > 0)) break; // no level merged requests: nothing to fit
    const next = Math.round((x + num / den) * 10) / 10;
    if (next === x) break;
    x = next;
    runs = simulate(x);
  }
  return {
    outputPerRequestUs: x,
    levels: loaded.map((l, i) => ({
      concurrency: l.concurrency,
      measuredUs: l.measuredUs,
      simulatedUs: runs[i]!.breakdownUs.computeOutput,
      requestsPerExecution: requestWeightedRequests(runs[i]!),
    })),
  };
}
