// Triton's request traces as calibration/server/trace_reduce.py reduces them (requests.csv.xz: a request a row,
// REQUEST_START as a gap from the row before, the other timestamps relative to it): per model, each request's
// timestamps in absolute µs on Triton's clock, null where the trace lacks one; one instance's executions from them;
// and the run folder's manifest.csv with the requests of each run's span. For the trace-reading scripts.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const FIELDS = {
  waitreadEnd: "waitread_end",
  queue: "queue_start",
  computeStart: "compute_start",
  inputEnd: "input_end",
  outputStart: "output_start",
  computeEnd: "compute_end",
  responseComplete: "response_complete",
  sendStart: "send_start",
  sendEnd: "send_end",
  requestEnd: "request_end",
};

/** Model name → its requests as { start, queue, computeStart, …, requestEnd } (µs), in trace order. */
export function readReducedTrace(file) {
  const text = execFileSync("xz", ["-dc", file], { encoding: "utf8", maxBuffer: 1 << 30 });
  const lines = text.split("\n");
  const col = Object.fromEntries(lines[0].split(",").map((h, i) => [h, i]));
  const out = new Map();
  let t = 0;
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const f = line.split(",");
    t += Number(f[col.start_us]);
    const r = { start: t };
    for (const [key, name] of Object.entries(FIELDS)) r[key] = f[col[name]] === "" ? null : t + Number(f[col[name]]);
    const model = f[col.model];
    if (!out.has(model)) out.set(model, []);
    out.get(model).push(r);
  }
  return out;
}

/** One instance's executions from its traced requests (rows of readReducedTrace): requests sharing COMPUTE_START and
 *  COMPUTE_END, to the reduced trace's µs rounding (2 µs), are one execution; { start, end, members: [QUEUE_START µs] },
 *  in start order. Requests without a queue or compute time are left out. */
export function oneInstanceExecutions(rows) {
  const spans = rows.filter((r) => r.queue !== null && r.computeStart !== null && r.computeEnd !== null).sort((x, y) => x.computeStart - y.computeStart);
  const execs = [];
  for (const r of spans) {
    const last = execs[execs.length - 1];
    if (last !== undefined && Math.abs(last.start - r.computeStart) <= 2 && Math.abs(last.end - r.computeEnd) <= 2) last.members.push(r.queue);
    else execs.push({ start: r.computeStart, end: r.computeEnd, members: [r.queue] });
  }
  return execs;
}

/** A traced run folder's manifest.csv (full.sh's), a row a run: [run, model, mode, level, batch, start_ns, end_ns, rc]. */
export function readManifest(dir) {
  return readFileSync(join(dir, "manifest.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
}

/** The traced requests of `model` whose REQUEST_START lies in a manifest row's span [startNs, endNs]. */
export function levelRequests(trace, model, startNs, endNs) {
  return (trace.get(model) ?? []).filter((r) => r.start * 1000 >= Number(startNs) && r.start * 1000 <= Number(endNs));
}
