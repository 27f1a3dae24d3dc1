// Trace files for replay. `--trace FILE`: one request per line, "time_us[,batch_size[,priority[,timeout_us]]]"
// (a header line and # comments are skipped; times ascending). `--request-intervals FILE`
// (perf_analyzer's flag): one gap in µs per line, the list repeated as perf_analyzer repeats it (its first
// gap also leads from the last send back to the start). Both become a TraceWorkload.
import { InputError } from "../validation.js";
import { requestIntervalsWorkload } from "../workload/request-intervals.js";
import type { TraceWorkload } from "../workload/workload.js";

export interface TraceDefaults {
  readonly batchSize: number;
  readonly priority: number;
  readonly timeoutUs: number;
}

function dataLines(text: string): { line: string; no: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter(({ line }) => line !== "" && !line.startsWith("#"));
}

export function parseTrace(text: string, where: string, d: TraceDefaults): TraceWorkload {
  let rows = dataLines(text);
  if (rows.length > 0 && /^[A-Za-z_"]/.test(rows[0]!.line)) rows = rows.slice(1); // header
  if (rows.length === 0) throw new InputError(`${where}: no requests in trace`);
  const n = rows.length;
  const timesUs = new Float64Array(n);
  const batchSizes = new Int32Array(n);
  const priorities = new Int32Array(n);
  const timeoutsUs = new Float64Array(n);
  rows.forEach(({ line, no }, i) => {
    const cells = line.split(",").map((c) => c.trim());
    if (cells.length > 4) throw new InputError(`${where}:${no}: expected time_us[,batch_size[,priority[,timeout_us]]]`);
    const num = (k: number, name: string, int: boolean, min: number, dflt: number): number => {
      const c = cells[k];
      if (c === undefined || c === "") return dflt;
      const v = Number(c);
      if (!Number.isFinite(v) || (int && !Number.isInteger(v)) || v < min) {
        throw new InputError(`${where}:${no}: ${name} "${c}" must be ${int ? "a whole number" : "a number"} ≥ ${min}`);
      }
      return v;
    };
    timesUs[i] = num(0, "time_us", false, 0, Number.NaN);
    if (Number.isNaN(timesUs[i])) throw new InputError(`${where}:${no}: missing time_us`);
    if (i > 0 && timesUs[i]! < timesUs[i - 1]!) throw new InputError(`${where}:${no}: times must be ascending`);
    batchSizes[i] = num(1, "batch_size", true, 1, d.batchSize);
    priorities[i] = num(2, "priority", true, 0, d.priority);
    timeoutsUs[i] = num(3, "timeout_us", false, 0, d.timeoutUs);
  });
  return { kind: "trace", timesUs, batchSizes, priorities, timeoutsUs, loop: true };
}

export function parseRequestIntervals(text: string, where: string, d: TraceDefaults): TraceWorkload {
  const rows = dataLines(text);
  if (rows.length === 0) throw new InputError(`${where}: no intervals`);
  const gapsUs = rows.map(({ line, no }) => {
    const v = Number(line);
    if (!Number.isFinite(v) || v < 0) throw new InputError(`${where}:${no}: interval "${line}" must be a number of µs ≥ 0`);
    return v;
  });
  if (!gapsUs.some((g) => g > 0)) throw new InputError(`${where}: the intervals must not all be 0`);
  return requestIntervalsWorkload(gapsUs, d);
}
