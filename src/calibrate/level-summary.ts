// A live load level's report from the windows perf_analyzer's rule merged: throughput over their span,
// latency percentiles, the seven-part breakdown (Network+Server is what the client's mean latency leaves
// after its own send/receive and Triton's queue and compute, never negative) and Triton's statistics.
import type { RunSummary } from "../metrics/summary.js";
import type { LoadgenSettings } from "./loadgen.js";
import { latencySummary, windowStats, type MeasuredWindow } from "./measurement-window.js";
import { meanUs, toTritonStats } from "./stats-snapshot.js";

/** What of a run's settings the report of a level reads. */
export type LevelSettings = Pick<LoadgenSettings, "mode" | "distribution" | "seed" | "batchSize" | "percentile">;

/** The RunSummary of a level from its merged stable windows (perf_analyzer's report of a level). */
export function levelSummary(
  merged: MeasuredWindow,
  s: LevelSettings,
  load: number,
  levelStartMs: number,
  stable: boolean,
  accounting: { arrived: number; completed: number; failed: number },
): RunSummary {
  const d = windowStats(merged);
  const n = merged.requests;
  const latency = latencySummary(merged, s.percentile);
  const send = n > 0 ? merged.sendUsSum / n : 0;
  const recv = n > 0 ? merged.recvUsSum / n : 0;
  const queue = meanUs(d.queue);
  const cin = meanUs(d.computeInput);
  const cinf = meanUs(d.computeInfer);
  const cout = meanUs(d.computeOutput);
  const spanUs = (merged.endMs - merged.startMs) * 1000;
  return {
    mode: s.mode,
    load,
    seed: s.mode === "rate" && s.distribution !== "constant" ? s.seed : "live",
    windowStartUs: (merged.startMs - levelStartMs) * 1000,
    windowEndUs: (merged.endMs - levelStartMs) * 1000,
    requests: n,
    inferences: n * s.batchSize,
    throughputPerS: spanUs > 0 ? (n * s.batchSize * 1e6) / spanUs : 0,
    requestThroughputPerS: spanUs > 0 ? (n * 1e6) / spanUs : 0,
    latencyUs: latency,
    breakdownUs: {
      clientSend: send,
      networkServer: Math.max(0, latency.mean - send - recv - (queue + cin + cinf + cout)),
      serverQueue: queue,
      computeInput: cin,
      computeInfer: cinf,
      computeOutput: cout,
      clientRecv: recv,
    },
    triton: toTritonStats(d),
    instances: [],
    conservation: {
      arrived: accounting.arrived,
      completed: accounting.completed,
      rejected: accounting.failed,
      timedOut: 0,
      inFlight: Math.max(0, accounting.arrived - accounting.completed - accounting.failed),
    },
    stable,
    offeredRequestsPerS: s.mode === "rate" ? load : null,
  };
}
