// Nexus-style duty cycle (Nexus, SOSP'19): from the SLO and the service-time curve pick the largest
// batch b with 2·t(b) ≤ SLO (worst case: a request just misses a cycle, waits one, then executes) and
// a period of t(b) / instances; dispatch up to b samples at each cycle start, at most one batch per
// cycle. A cycle missed because every instance was busy is served as soon as one is free.
import type { BatchingPolicy } from "../policy.js";

export interface NexusParams {
  /** Latency SLO the duty cycle is sized for, µs. */
  readonly sloUs: number;
}

/** Largest b ≤ maxBatch with 2·t(b) ≤ SLO (at least 1). */
export function nexusBatch(sloUs: number, maxBatch: number, serviceUs: (b: number) => number): number {
  let best = 1;
  for (let b = 1; b <= maxBatch; b++) if (2 * serviceUs(b) <= sloUs) best = b;
  return best;
}

export function nexusPolicy(p: NexusParams): BatchingPolicy {
  let batch = 0;
  let periodUs = 0;
  let nextCycleUs = Number.NEGATIVE_INFINITY;
  return {
    decide(queue, nowUs, ctx, out) {
      if (batch === 0) {
        batch = nexusBatch(p.sloUs, ctx.maxBatchSize, (b) => ctx.serviceUs(b));
        periodUs = Math.max(1, ctx.serviceUs(batch) / Math.max(1, ctx.instances));
      }
      if (nowUs < nextCycleUs) {
        out.waitUntilUs = nextCycleUs;
        return;
      }
      let samples = 0;
      let n = 0;
      if (!queue.first()) return;
      do {
        const s = queue.samplesHere();
        if (n > 0 && samples + s > batch) break;
        samples += s;
        n++;
      } while (queue.next());
      out.dispatch = n;
      // the next cycle start strictly after now, on the grid (the first dispatch anchors it)
      if (nextCycleUs === Number.NEGATIVE_INFINITY) nextCycleUs = nowUs + periodUs;
      else nextCycleUs += periodUs * (Math.floor((nowUs - nextCycleUs) / periodUs) + 1);
      if (nextCycleUs <= nowUs) nextCycleUs = nowUs + periodUs; // rounding guard
    },
  };
}
