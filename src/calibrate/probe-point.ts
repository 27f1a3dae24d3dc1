// Phase A of a calibration point: one client, one request in flight, a statistics snapshot after every
// response. Each clean delta (exactly one request and one execution) gives that request's exact server
// figures, so per-request spreads are measured, not estimated. Also yields perf_analyzer's client costs.
import { nsToUs } from "../units.js";
import type { KServeClient, PreparedInfer } from "./client.js";
import { snapshotOf, statsDelta, type StatsSnapshot } from "./stats-snapshot.js";
import { meanSd } from "./window-spread.js";

export interface MeanSdUs {
  readonly mean: number;
  readonly sd: number;
}

export interface ProbeResult {
  readonly model: string;
  readonly batchSize: number;
  readonly requests: number;
  /** Requests whose statistics delta isolated them exactly (the spreads use these). */
  readonly cleanSamples: number;
  readonly clientSendUs: MeanSdUs;
  readonly clientRecvUs: MeanSdUs;
  readonly latencyUs: MeanSdUs;
  /** perf_analyzer's Network+Server: latency − send − recv − (queue + compute). */
  readonly networkUs: MeanSdUs;
  readonly queueUs: MeanSdUs;
  readonly computeInputUs: MeanSdUs;
  readonly computeInferUs: MeanSdUs;
  readonly computeOutputUs: MeanSdUs;
  readonly successUs: MeanSdUs;
  /** Triton's time outside queue and compute: success − queue − compute. */
  readonly serverOverheadUs: MeanSdUs;
}

export interface ProbeOptions {
  readonly client: KServeClient;
  readonly model: string;
  readonly batchSize: number;
  readonly request: PreparedInfer;
  readonly warmupRequests: number;
  readonly requests: number;
  /** Stop early after this long (but only once `minRequests` are in). */
  readonly maxMs: number;
  readonly minRequests: number;
  readonly inferDeadlineMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** Mean from totals (every request counts); sd from the clean per-request samples. */
function combine(totalMean: number, samples: readonly number[]): MeanSdUs {
  return { mean: totalMean, sd: meanSd(samples).sd };
}

export async function runProbe(o: ProbeOptions): Promise<ProbeResult | undefined> {
  const { client, model } = o;
  const snap = async (): Promise<StatsSnapshot> => snapshotOf(model, await client.modelStatistics(model));
  for (let i = 0; i < o.warmupRequests && o.signal?.aborted !== true; i++) {
    await client.infer(o.request, o.inferDeadlineMs);
  }
  const first = await snap();
  let prev = first;
  const sends: number[] = [];
  const recvs: number[] = [];
  const lats: number[] = [];
  const clean = {
    queue: [] as number[],
    input: [] as number[],
    infer: [] as number[],
    output: [] as number[],
    success: [] as number[],
    network: [] as number[],
    overhead: [] as number[],
  };
  const t0 = Date.now();
  while (sends.length < o.requests && o.signal?.aborted !== true) {
    if (sends.length >= o.minRequests && Date.now() - t0 > o.maxMs) break;
    const res = await client.infer(o.request, o.inferDeadlineMs);
    const now = await snap();
    const d = statsDelta(prev, now);
    prev = now;
    const t = res.timing;
    sends.push(t.sendUs);
    recvs.push(t.recvUs);
    lats.push(t.latencyUs);
    if (d.executionCount === 1 && d.success.count === 1) {
      const q = nsToUs(d.queue.ns);
      const ci = nsToUs(d.computeInput.ns);
      const cf = nsToUs(d.computeInfer.ns);
      const co = nsToUs(d.computeOutput.ns);
      const s = nsToUs(d.success.ns);
      clean.queue.push(q);
      clean.input.push(ci);
      clean.infer.push(cf);
      clean.output.push(co);
      clean.success.push(s);
      clean.network.push(Math.max(0, t.latencyUs - t.sendUs - t.recvUs - (q + ci + cf + co)));
      clean.overhead.push(Math.max(0, s - q - ci - cf - co));
    }
  }
  if (sends.length === 0) return undefined;
  const total = statsDelta(first, prev);
  const perReq = (ns: number, count: number): number => (count > 0 ? nsToUs(ns / count) : 0);
  const queue = perReq(total.queue.ns, total.queue.count);
  const input = perReq(total.computeInput.ns, total.computeInput.count);
  const infer = perReq(total.computeInfer.ns, total.computeInfer.count);
  const output = perReq(total.computeOutput.ns, total.computeOutput.count);
  const success = perReq(total.success.ns, total.success.count);
  const send = meanSd(sends);
  const recv = meanSd(recvs);
  const lat = meanSd(lats);
  return {
    model,
    batchSize: o.batchSize,
    requests: sends.length,
    cleanSamples: clean.infer.length,
    clientSendUs: send,
    clientRecvUs: recv,
    latencyUs: lat,
    networkUs: combine(Math.max(0, lat.mean - send.mean - recv.mean - (queue + input + infer + output)), clean.network),
    queueUs: combine(queue, clean.queue),
    computeInputUs: combine(input, clean.input),
    computeInferUs: combine(infer, clean.infer),
    computeOutputUs: combine(output, clean.output),
    successUs: combine(success, clean.success),
    serverOverheadUs: combine(Math.max(0, success - queue - input - infer - output), clean.overhead),
  };
}
