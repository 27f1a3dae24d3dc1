// servesim loadgen's own cost, measured on calibration-only runs: its event loop handles every request
// and response on one thread, and Node's event-loop utilization (ELU, recorded per level) says how busy
// that thread was. The slope of ELU against request throughput over the levels is the thread's time per
// request; the intercept is the background (timers, statistics reads). Its send and receive times are
// the levels' medians, and its fixed network time is the lightest closed-loop level's Network+Server
// less that per-request time (one request in flight waits for nothing else). These are measured, not
// fitted to latencies.
import { linearRegression, median } from "simple-statistics";
import type { LoadGenerator } from "../compute/profile.js";
import type { LiveRun } from "./live-run.js";

interface Level {
  readonly closed: boolean;
  readonly requestsPerS: number;
  readonly elu: number;
  readonly sendUs: number;
  readonly recvUs: number;
  readonly networkUs: number;
}

export interface ClientCost {
  readonly loadGenerator: LoadGenerator;
  /** ELU of the thread with no requests (the regression's intercept). */
  readonly backgroundElu: number;
  readonly levels: number;
}

export function clientCost(runs: readonly LiveRun[]): ClientCost {
  if (runs.length === 0) throw new Error("no load-generator run given");
  const tool = runs[0]!.tool;
  const levels: Level[] = [];
  for (const run of runs) {
    if (run.tool !== tool) throw new Error(`${run.name}: measured by ${run.tool}, the others by ${tool}`);
    for (const r of run.results ?? []) {
      const elu = (r.client as { eventLoopUtilization?: unknown }).eventLoopUtilization;
      if (typeof elu !== "number") throw new Error(`${run.name}: level ${r.summary.load} has no client.eventLoopUtilization (measured by an older servesim loadgen?)`);
      const b = r.summary.breakdownUs;
      levels.push({
        closed: run.load.mode === "concurrency",
        requestsPerS: r.summary.throughputPerS / run.load.batchSize,
        elu,
        sendUs: Number(b.clientSend),
        recvUs: Number(b.clientRecv),
        networkUs: Number(b.networkServer),
      });
    }
  }
  if (levels.length < 3) throw new Error(`the load generator's cost needs at least 3 load levels, got ${levels.length}`);
  const fit = linearRegression(levels.map((l) => [l.requestsPerS, l.elu]));
  const cpuUsPerRequest = Math.max(0, fit.m * 1e6);
  const closed = levels.filter((l) => l.closed);
  const lightest = (closed.length > 0 ? closed : levels).reduce((a, l) => (l.requestsPerS < a.requestsPerS ? l : a));
  return {
    loadGenerator: {
      tool,
      cpuUsPerRequest: Math.round(cpuUsPerRequest * 10) / 10,
      networkUs: Math.round(Math.max(0, lightest.networkUs - cpuUsPerRequest) * 10) / 10,
      sendUs: Math.round(median(levels.map((l) => l.sendUs)) * 10) / 10,
      recvUs: Math.round(median(levels.map((l) => l.recvUs)) * 10) / 10,
      measuredFrom: runs.map((r) => `${r.name} (${r.model})`).join(", "),
    },
    backgroundElu: fit.b,
    levels: levels.length,
  };
}
