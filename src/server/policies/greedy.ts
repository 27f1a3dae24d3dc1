// Greedy: whenever an instance is free, take everything waiting (up to max_batch_size) — no timer, no
// preferred sizes. The classic work-conserving baseline.
import type { BatchingPolicy } from "../policy.js";

export function greedyPolicy(): BatchingPolicy {
  return {
    decide(queue, _nowUs, ctx, out) {
      let samples = 0;
      let n = 0;
      if (!queue.first()) return;
      do {
        const s = queue.samplesHere();
        if (n > 0 && samples + s > ctx.maxBatchSize) break;
        samples += s;
        n++;
      } while (queue.next());
      out.dispatch = n;
    },
  };
}
