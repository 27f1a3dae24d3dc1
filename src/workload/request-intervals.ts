// perf_analyzer's custom intervals (--request-intervals FILE, one gap in µs per line) as a trace workload:
// sends at the running sums of the gaps, the list repeated as perf_analyzer repeats it (its first gap also
// leads from the last send back to the start, so its rate is requests over the sum of the gaps).
import type { TraceWorkload } from "./workload.js";

/** The trace of a list of gaps (µs, at least one > 0), every request of one shape. */
export function requestIntervalsWorkload(gapsUs: readonly number[], shape: { readonly batchSize: number; readonly priority: number; readonly timeoutUs: number }): TraceWorkload {
  const n = gapsUs.length;
  const timesUs = new Float64Array(n);
  let t = 0;
  gapsUs.forEach((g, i) => {
    t += g;
    timesUs[i] = t;
  });
  return {
    kind: "trace",
    timesUs,
    batchSizes: new Int32Array(n).fill(shape.batchSize),
    priorities: new Int32Array(n).fill(shape.priority),
    timeoutsUs: new Float64Array(n).fill(shape.timeoutUs),
    loop: true,
    // perf_analyzer repeats the list: the first gap also leads from the last send to the next repeat's first
    wrapGapUs: timesUs[0]!,
  };
}
