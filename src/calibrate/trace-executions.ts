// One instance's executions from Triton's own request traces, for the fits that read execution logs
// (host episodes, slow stretches, front-end stalls, jitter) when the server's models log nothing
// themselves (a production backend rather than this project's Python models). A trace at TIMESTAMPS level
// gives every traced request its COMPUTE_START and COMPUTE_END; the requests of one execution share both,
// so an execution is a distinct pair and its size the number of requests in it (one sample each: traces
// do not carry the request's batch size, so the clients must send -b 1). Two inputs: Triton's trace file
// (a JSON array of objects with an "id" and either "model_name" or "timestamps": [{name, ns}]), and the
// reduced CSV of calibration/server/trace_reduce.py (µs, so requests within `toleranceUs` of one another's
// compute start and end are one execution). Every request must be traced (trace rate 1): a missing one
// shrinks its execution's size. The model must run one instance: executions that overlap are refused.
import type { ExecutionLog } from "./slow-stretches.js";

interface Span {
  readonly startNs: number;
  readonly endNs: number;
}

/** Executions of `model` in a Triton trace file's parsed JSON. */
export function executionsFromTritonTrace(json: unknown, model: string, where: string): ExecutionLog {
  if (!Array.isArray(json)) throw new Error(`${where}: a Triton trace file is a JSON array of trace objects`);
  const models = new Map<number, string>();
  const start = new Map<number, number>();
  const end = new Map<number, number>();
  json.forEach((it: unknown, k) => {
    if (typeof it !== "object" || it === null) throw new Error(`${where}: entry ${k} is not an object`);
    const o = it as { id?: unknown; model_name?: unknown; timestamps?: unknown };
    if (typeof o.id !== "number") return;
    if (typeof o.model_name === "string") models.set(o.id, o.model_name);
    if (Array.isArray(o.timestamps)) {
      for (const t of o.timestamps as { name?: unknown; ns?: unknown }[]) {
        const ns = typeof t.ns === "number" ? t.ns : typeof t.ns === "string" ? Number(t.ns) : NaN;
        if (t.name === "COMPUTE_START" && Number.isFinite(ns)) start.set(o.id, ns);
        if (t.name === "COMPUTE_END" && Number.isFinite(ns)) end.set(o.id, ns);
      }
    }
  });
  const spans: Span[] = [];
  for (const [id, name] of models) {
    const s = start.get(id);
    const e = end.get(id);
    if (name === model && s !== undefined && e !== undefined) spans.push({ startNs: s, endNs: e });
  }
  return groupExecutions(spans, 0, model, where);
}

/** Executions of `model` in trace_reduce.py's CSV (model, start_us as a delta from the previous row, then
 *  µs relative to the request's start, compute_start and compute_end among them). */
export function executionsFromReducedTrace(text: string, model: string, where: string, toleranceUs = 2): ExecutionLog {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const head = (lines[0] ?? "").split(",");
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`${where}: no ${name} column (expected trace_reduce.py's CSV)`);
    return i;
  };
  const cModel = col("model");
  const cStart = col("start_us");
  const cCs = col("compute_start");
  const cCe = col("compute_end");
  const spans: Span[] = [];
  let t = 0;
  for (let r = 1; r < lines.length; r++) {
    const f = lines[r]!.split(",");
    const delta = Number(f[cStart]);
    if (!Number.isFinite(delta)) throw new Error(`${where}: line ${r + 1}: start_us "${f[cStart]}" is not a number`);
    t += delta;
    if (f[cModel] !== model || f[cCs] === "" || f[cCe] === "") continue;
    spans.push({ startNs: (t + Number(f[cCs])) * 1000, endNs: (t + Number(f[cCe])) * 1000 });
  }
  return groupExecutions(spans, toleranceUs * 1000, model, where);
}

/** Requests with the same compute start and end (within toleranceNs) form one execution; executions in
 *  start order, refused if they overlap (more than one instance). */
function groupExecutions(spans: Span[], toleranceNs: number, model: string, where: string): ExecutionLog {
  if (spans.length === 0) throw new Error(`${where}: no traced request of model ${model} has a compute start and end`);
  spans.sort((a, b) => a.startNs - b.startNs || a.endNs - b.endNs);
  const startUs: number[] = [];
  const durationUs: number[] = [];
  const samples: number[] = [];
  let s0 = spans[0]!.startNs;
  let e0 = spans[0]!.endNs;
  let n = 0;
  const close = (): void => {
    const prevEndUs = startUs.length > 0 ? startUs[startUs.length - 1]! + durationUs[durationUs.length - 1]! : -Infinity;
    if (s0 / 1000 < prevEndUs - toleranceNs / 1000) {
      throw new Error(
        `${where}: executions of ${model} overlap at ${(s0 / 1e9).toFixed(6)} s: the model runs more than one instance, and an execution log is one instance's`,
      );
    }
    startUs.push(s0 / 1000);
    durationUs.push(Math.max(0, e0 - s0) / 1000);
    samples.push(n);
  };
  for (const sp of spans) {
    if (n > 0 && Math.abs(sp.startNs - s0) <= toleranceNs && Math.abs(sp.endNs - e0) <= toleranceNs) {
      n++;
      continue;
    }
    if (n > 0) close();
    s0 = sp.startNs;
    e0 = sp.endNs;
    n = 1;
  }
  close();
  return { startUs: Float64Array.from(startUs), durationUs: Float64Array.from(durationUs), samples: Int32Array.from(samples) };
}
