// Phase B of a calibration point: 2k synchronous clients keep all k instances busy with requests of
// exactly batch b (default scheduler ⇒ one request = one execution), so k executions overlap on the GPU.
// After a warm-up, statistics snapshots bound several windows; the deltas give compute means and spreads.
import { nsToUs } from "../units.js";
import type { KServeClient, PreparedInfer } from "./client.js";
import { startClosedLoop } from "./closed-loop.js";
import { RequestLog } from "./request-log.js";
import { sleepMs } from "./sleep.js";
import { snapshotOf, statsDelta, type StatsSnapshot } from "./stats-snapshot.js";
import { estimateSpread, type SpreadEstimate } from "./window-spread.js";

export interface LoadedWindow {
  readonly durationMs: number;
  /** Executions of batch b completed in the window. */
  readonly executions: number;
  /** Executions of other sizes (non-zero only when a batcher merged requests). */
  readonly otherExecutions: number;
  readonly inferences: number;
  readonly computeInputUs: number;
  readonly computeInferUs: number;
  readonly computeOutputUs: number;
  readonly queueUs: number;
  readonly successUs: number;
  readonly requests: number;
  /** Summed compute time of every execution in the window (all batch sizes), µs. */
  readonly busyUs: number;
}

export interface LoadedResult {
  readonly model: string;
  readonly batchSize: number;
  /** Executions overlapping on one GPU (instances per GPU). */
  readonly concurrency: number;
  readonly clients: number;
  readonly executions: number;
  readonly computeInputUs: SpreadEstimate;
  readonly computeInferUs: SpreadEstimate;
  readonly computeOutputUs: SpreadEstimate;
  /** Per-request means over all windows. */
  readonly queueUs: number;
  readonly successUs: number;
  readonly serverOverheadUs: number;
  /** Δinference_count / Δexecution_count (should equal batchSize). */
  readonly meanBatch: number;
  readonly throughputPerS: number;
  /** Fraction of executions whose size was not batchSize. */
  readonly otherFraction: number;
  /** Compute time over instances × wall time: near 1 when every instance was kept busy (the premise of
   *  the point); well below 1 means the clients could not keep k executions overlapping. */
  readonly busyFraction: number;
  readonly windows: readonly LoadedWindow[];
}

export interface LoadedOptions {
  readonly client: KServeClient;
  readonly model: string;
  readonly batchSize: number;
  readonly concurrency: number;
  /** All instances of the model (on every GPU), for the busy fraction. */
  readonly totalInstances: number;
  readonly clients: number;
  readonly request: PreparedInfer;
  readonly warmupMs: number;
  readonly windows: number;
  readonly windowMs: number;
  /** A window is extended (up to 5×) until it holds this many executions of batch b. */
  readonly minExecutionsPerWindow: number;
  readonly inferDeadlineMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** Executions of batch b (a non-batching model may report its executions under batch size 0). */
const isMine = (size: number, b: number): boolean => size === b || (b === 1 && size === 0);

function windowOf(d: StatsSnapshot, b: number, durationMs: number): LoadedWindow {
  let executions = 0;
  let inputNs = 0;
  let inferNs = 0;
  let outputNs = 0;
  let other = 0;
  for (const x of d.batches) {
    if (isMine(x.batchSize, b)) {
      executions += x.count;
      inputNs += x.computeInputNs;
      inferNs += x.computeInferNs;
      outputNs += x.computeOutputNs;
    } else {
      other += x.count;
    }
  }
  return {
    durationMs,
    executions,
    otherExecutions: other,
    inferences: d.inferenceCount,
    computeInputUs: nsToUs(inputNs),
    computeInferUs: nsToUs(inferNs),
    computeOutputUs: nsToUs(outputNs),
    queueUs: nsToUs(d.queue.ns),
    successUs: nsToUs(d.success.ns),
    requests: d.success.count,
    busyUs: nsToUs(d.batches.reduce((a, x) => a + x.computeInputNs + x.computeInferNs + x.computeOutputNs, 0)),
  };
}

/** Returns undefined when interrupted before any window completed; rethrows the first request error. */
export async function runLoaded(o: LoadedOptions): Promise<LoadedResult | undefined> {
  const { client, model, batchSize: b } = o;
  const snap = async (): Promise<StatsSnapshot> => snapshotOf(model, await client.modelStatistics(model));
  const log = new RequestLog();
  const stopLoop = new AbortController();
  const loop = startClosedLoop({
    client,
    request: o.request,
    concurrency: o.clients,
    log,
    deadlineMs: o.inferDeadlineMs,
    onError: () => stopLoop.abort(),
  });
  const signal = AbortSignal.any([stopLoop.signal, ...(o.signal !== undefined ? [o.signal] : [])]);
  const windows: LoadedWindow[] = [];
  try {
    await sleepMs(o.warmupMs, signal);
    let prev = await snap();
    let prevAt = performance.now();
    while (windows.length < o.windows && !signal.aborted) {
      await sleepMs(o.windowMs, signal);
      let now = await snap();
      let d = statsDelta(prev, now);
      let extra = 0;
      while (windowOf(d, b, 0).executions < o.minExecutionsPerWindow && extra < 4 && !signal.aborted) {
        await sleepMs(o.windowMs, signal);
        now = await snap();
        d = statsDelta(prev, now);
        extra += 1;
      }
      if (signal.aborted) break;
      const at = performance.now();
      windows.push(windowOf(d, b, at - prevAt));
      prev = now;
      prevAt = at;
    }
  } finally {
    await loop.stop();
  }
  const err = loop.error();
  if (err !== undefined) throw err;
  if (windows.length === 0 || (o.signal?.aborted === true && windows.length < o.windows)) return undefined;
  const sum = (f: (w: LoadedWindow) => number): number => windows.reduce((a, w) => a + f(w), 0);
  const requests = sum((w) => w.requests);
  const executions = sum((w) => w.executions);
  const others = sum((w) => w.otherExecutions);
  const input = estimateSpread(windows.map((w) => ({ count: w.executions, totalUs: w.computeInputUs })));
  const infer = estimateSpread(windows.map((w) => ({ count: w.executions, totalUs: w.computeInferUs })));
  const output = estimateSpread(windows.map((w) => ({ count: w.executions, totalUs: w.computeOutputUs })));
  const queueUs = requests > 0 ? sum((w) => w.queueUs) / requests : 0;
  const successUs = requests > 0 ? sum((w) => w.successUs) / requests : 0;
  const allExec = executions + others;
  return {
    model,
    batchSize: b,
    concurrency: o.concurrency,
    clients: o.clients,
    executions,
    computeInputUs: input,
    computeInferUs: infer,
    computeOutputUs: output,
    queueUs,
    successUs,
    serverOverheadUs: Math.max(0, successUs - queueUs - input.meanUs - infer.meanUs - output.meanUs),
    meanBatch: allExec > 0 ? sum((w) => w.inferences) / allExec : 0,
    throughputPerS: sum((w) => w.inferences) / (sum((w) => w.durationMs) / 1000),
    otherFraction: allExec > 0 ? others / allExec : 0,
    busyFraction: sum((w) => w.busyUs) / (o.totalInstances * sum((w) => w.durationMs) * 1000),
    windows,
  };
}
