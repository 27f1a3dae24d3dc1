// Deadline-aware batching: every request must finish by its arrival + SLO. The batch is the longest
// head prefix whose execution t(b), started now, ends before the earliest deadline in it; when the
// whole queue fits and one more sample would too, wait until the latest start that still meets the
// deadline with that extra sample. A head that cannot make its deadline even alone is late whatever
// happens: then the largest batch goes at once, to recover throughput.
import type { BatchingPolicy } from "../policy.js";

export interface DeadlineParams {
  /** Latency SLO, µs: each request's deadline is its arrival at the scheduler plus this. */
  readonly sloUs: number;
}

export function deadlinePolicy(p: DeadlineParams): BatchingPolicy {
  return {
    decide(queue, nowUs, ctx, out) {
      const max = ctx.maxBatchSize;
      let samples = 0;
      let n = 0;
      let oldestUs = Number.POSITIVE_INFINITY;
      let fit = 0;
      let fitSamples = 0;
      let cut = false; // a request is left behind (deadline or max_batch_size)
      if (!queue.first()) return;
      do {
        const s = queue.samplesHere();
        if (n > 0 && samples + s > max) {
          cut = true;
          break;
        }
        samples += s;
        n++;
        const a = queue.arrivalUsHere();
        if (a < oldestUs) oldestUs = a;
        if (nowUs + ctx.serviceUs(samples) <= oldestUs + p.sloUs) {
          fit = n;
          fitSamples = samples;
        } else if (fit > 0) {
          cut = true; // t(b) grows and deadlines only get earlier: no longer prefix fits
          break;
        }
      } while (queue.next());
      if (fit === 0) {
        out.dispatch = n; // the head is late already: largest batch now
        return;
      }
      if (cut || fitSamples >= max) {
        out.dispatch = fit;
        return;
      }
      // everything waiting fits: wait for more while a batch one sample larger still meets the deadline
      const latestStartUs = oldestUs + p.sloUs - ctx.serviceUs(fitSamples + 1);
      if (latestStartUs > nowUs) out.waitUntilUs = latestStartUs;
      else out.dispatch = fit;
    },
  };
}
