// Drives an instance set (makeInstanceSet) through executions started at given times, for the server tests of
// turn-taking and overtakes: at each start time (phase ends due by then handled first) `begin` starts the k-th
// execution; returns each instance's end time (NaN if it never finished), indexed by instance.
import type { EventQueue } from "../../src/kernel/event-queue.js";
import type { InstanceSet } from "../../src/server/instances.js";

/** `startsUs` in start order; `begin(k, atUs)` starts the k-th one on the set. One end per start's slot. */
export function instanceEnds(set: InstanceSet, q: EventQueue, startsUs: readonly number[], begin: (k: number, atUs: number) => void): number[] {
  const out = new Array<number>(startsUs.length).fill(NaN);
  let next = 0;
  for (;;) {
    const due = next < startsUs.length ? startsUs[next]! : Infinity;
    if (q.size === 0 && due === Infinity) break;
    if (q.size > 0 && q.peekTimeUs() <= due) {
      const t = q.pop();
      if (set.phaseEnded(q.ref, q.tag, t)) out[q.ref] = t;
    } else {
      begin(next++, due);
    }
  }
  return out;
}
