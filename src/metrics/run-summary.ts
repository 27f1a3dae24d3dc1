// A run's summary from what its measurement reported (the whole window, or perf_analyzer's three
// windows) and the recorder's tallies of executions and instances: percentiles, the latency breakdown
// (perf_analyzer's columns), Triton's statistics and per-instance utilisation. Pure.
import { percentileIndex } from "./percentile.js";
import { selectMany } from "./select.js";
import type { BatchStat, InstanceSummary, LoadMode, RunSummary } from "./summary.js";
import type { Reported } from "./window-protocol.js";
import { perSecond } from "../units.js";

/** What the caller knows about the run that the recorder does not. */
export interface SummaryArgs {
  readonly mode: LoadMode;
  readonly load: number;
  readonly seed: string;
  readonly extraPercentiles: readonly number[];
  readonly instanceDevices: Int32Array;
  readonly conservation: RunSummary["conservation"];
  readonly offeredRequestsPerS: number | null;
}

/** What the recorder counted besides the reported requests. */
export interface Tallies {
  readonly windowStartUs: number;
  readonly windowEndUs: number;
  readonly executions: number;
  readonly failed: number;
  /** By batch size: executions and their summed compute phases. */
  readonly batchCount: Float64Array;
  readonly batchInput: Float64Array;
  readonly batchInfer: Float64Array;
  readonly batchOutput: Float64Array;
  /** By instance: busy time and executions at the window's edges. */
  readonly busyAtStart: Float64Array;
  readonly busyAtEnd: Float64Array;
  readonly execsAtStart: Float64Array;
  readonly execsAtEnd: Float64Array;
  readonly stable: boolean;
}

export function runSummary(rep: Reported, t: Tallies, args: SummaryArgs): RunSummary {
  const span = t.windowEndUs - t.windowStartUs;
  const n = rep.requests;
  const wanted = [0, 50, 90, 95, 99, 100, ...args.extraPercentiles];
  const values = n > 0 ? selectMany(rep.latencies, wanted.map((p) => percentileIndex(p, n))) : [];
  const byPct = new Map<number, number>();
  wanted.forEach((p, i) => byPct.set(p, values[i] ?? Number.NaN));
  const pct = (p: number): number => byPct.get(p) ?? Number.NaN;
  const mean = (sum: number): number => (n > 0 ? sum / n : 0);
  const avgLatency = mean(rep.latency);
  const avgSend = mean(rep.send);
  const avgRecv = mean(rep.recv);
  const avgQueue = mean(rep.queue);
  const avgInput = mean(rep.input);
  const avgInfer = mean(rep.infer);
  const avgOutput = mean(rep.output);
  const networkServer = Math.max(0, avgLatency - avgSend - avgRecv - (avgQueue + avgInput + avgInfer + avgOutput));
  const extra: Record<string, number> = {};
  for (const p of args.extraPercentiles) extra[String(p)] = pct(p);

  const batchStats: BatchStat[] = [];
  for (let b = 0; b < t.batchCount.length; b++) {
    const c = t.batchCount[b]!;
    if (c > 0) {
      batchStats.push({
        batchSize: b,
        count: c,
        computeInputUs: t.batchInput[b]!,
        computeInferUs: t.batchInfer[b]!,
        computeOutputUs: t.batchOutput[b]!,
      });
    }
  }
  const instances: InstanceSummary[] = [];
  for (let i = 0; i < t.busyAtStart.length; i++) {
    instances.push({
      instance: i,
      gpu: args.instanceDevices[i]!,
      executions: t.execsAtEnd[i]! - t.execsAtStart[i]!,
      utilization: span > 0 ? (t.busyAtEnd[i]! - t.busyAtStart[i]!) / span : 0,
    });
  }
  return {
    mode: args.mode,
    load: args.load,
    seed: args.seed,
    windowStartUs: t.windowStartUs,
    windowEndUs: t.windowEndUs,
    requests: n,
    inferences: rep.samples,
    throughputPerS: perSecond(rep.samples, rep.spanUs),
    requestThroughputPerS: perSecond(n, rep.spanUs),
    latencyUs: {
      mean: avgLatency,
      min: pct(0),
      max: pct(100),
      p50: pct(50),
      p90: pct(90),
      p95: pct(95),
      p99: pct(99),
      extra,
    },
    breakdownUs: {
      clientSend: avgSend,
      networkServer,
      serverQueue: avgQueue,
      computeInput: avgInput,
      computeInfer: avgInfer,
      computeOutput: avgOutput,
      clientRecv: avgRecv,
    },
    triton: {
      inferenceCount: rep.samples,
      executionCount: t.executions,
      success: { count: n, totalUs: rep.success },
      fail: { count: t.failed, totalUs: 0 },
      queue: { count: n, totalUs: rep.queue },
      computeInput: { count: n, totalUs: rep.input },
      computeInfer: { count: n, totalUs: rep.infer },
      computeOutput: { count: n, totalUs: rep.output },
      batchStats,
    },
    instances,
    conservation: args.conservation,
    stable: t.stable,
    offeredRequestsPerS: args.offeredRequestsPerS,
  };
}
