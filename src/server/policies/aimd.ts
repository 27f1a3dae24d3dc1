// AIMD (Clipper, NSDI'17): an adaptive cap on the batch size. Whenever an instance is free it takes
// what waits, up to the cap; after each execution the cap grows by `step` while the observed latency
// stays within the target and shrinks by the factor `decrease` when it does not. Work-conserving.
import type { BatchingPolicy } from "../policy.js";

export interface AimdParams {
  /** Latency target, µs. */
  readonly targetUs: number;
  /** Additive increase of the cap per execution within the target (samples). */
  readonly step: number;
  /** Multiplicative decrease of the cap after an execution over the target (0 < decrease < 1). */
  readonly decrease: number;
  /** The latency compared with the target: false = the execution's duration (Clipper), true = the
   *  oldest request's server-side latency (queue + execution). */
  readonly includeQueue: boolean;
}

export function aimdPolicy(p: AimdParams): BatchingPolicy {
  let cap = 1;
  let maxBatch = Number.POSITIVE_INFINITY;
  return {
    decide(queue, _nowUs, ctx, out) {
      maxBatch = ctx.maxBatchSize;
      const limit = Math.max(1, Math.min(maxBatch, Math.floor(cap)));
      let samples = 0;
      let n = 0;
      if (!queue.first()) return;
      do {
        const s = queue.samplesHere();
        if (n > 0 && samples + s > limit) break;
        samples += s;
        n++;
      } while (queue.next());
      out.dispatch = n;
    },
    observe(_batchSize, oldestLatencyUs, _nowUs, executionUs) {
      const latency = p.includeQueue ? oldestLatencyUs : executionUs;
      if (latency > p.targetUs) cap = Math.max(1, cap * p.decrease);
      else cap = Math.min(maxBatch, cap + p.step);
    },
  };
}
