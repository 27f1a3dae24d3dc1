// perf_analyzer's custom intervals (--request-intervals FILE, one gap in µs per line) as a trace workload:
// sends at the running sums of the gaps, the list repeated as perf_analyzer repeats it (its first gap also
// leads from the last send back to the start, so its rate is requests over the sum of the gaps).
import type { RequestShape, TraceWorkload } from "./workload.js";

/** The trace of a list of gaps (µs, at least one > 0), every request of one shape. */
export function requestIntervalsWorkload(gapsUs: readonly number[], shape: RequestShape): TraceWorkload {
  const timesUs = new Float64Array(gapsUs.length);
  let t = 0;
  gapsUs.forEach((g, i) => {
    t += g;
    timesUs[i] = t;
  });
  return repeatingTrace(timesUs, shape);
}

/** Send times (µs, ascending, the first being the first gap) repeated as perf_analyzer repeats a schedule: the
 *  first gap also leads from the last send to the next repeat's first. Every request of one shape. */
export function repeatingTrace(timesUs: Float64Array, shape: RequestShape): TraceWorkload {
  const n = timesUs.length;
  return {
    kind: "trace",
    timesUs,
    batchSizes: new Int32Array(n).fill(shape.batchSize),
    priorities: new Int32Array(n).fill(shape.priority),
    timeoutsUs: new Float64Array(n).fill(shape.timeoutUs),
    loop: true,
    wrapGapUs: timesUs[0]!,
  };
}
