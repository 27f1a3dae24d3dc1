// Execution logs named on the command line, for compose-profile and host-check: --exec-log files (the
// stubs' own binary logs) and --trace files (Triton's request traces of one model, trace-executions.ts).
// Anything wrong with them is bad input: one line naming the file, exit 1.
import { readFileSync } from "node:fs";
import { parseExecLog, type ExecutionLog } from "../calibrate/slow-stretches.js";
import { executionsFromReducedTrace, executionsFromTritonTrace } from "../calibrate/trace-executions.js";
import { InputError } from "../validation.js";
import { parseJsonText, readTextFile } from "./files.js";

/** A calibration-data problem is bad input: one line, exit 1. */
export function asInputError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new InputError((err as Error).message);
  }
}

/** The logs of `execLogs` then of `traces` (which need `traceModel`). */
export function readExecutionLogs(execLogs: readonly string[], traces: readonly string[], traceModel: string | undefined): ExecutionLog[] {
  if (traces.length > 0 && traceModel === undefined) throw new InputError("--trace needs --trace-model: the model whose executions to read");
  const logs = execLogs.map((f) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f);
    } catch {
      throw new InputError(`--exec-log ${f}: cannot read file`);
    }
    return asInputError(() => parseExecLog(bytes, f));
  });
  // Triton's trace files are read as one (the requests of an execution can fall in two files); each
  // trace_reduce.py CSV holds a whole run already
  const json: unknown[] = [];
  const jsonFiles: string[] = [];
  for (const f of traces) {
    const text = readTextFile(f, "--trace");
    if (f.endsWith(".csv")) {
      logs.push(asInputError(() => executionsFromReducedTrace(text, traceModel!, f)));
      continue;
    }
    const items = parseJsonText(text, f);
    if (!Array.isArray(items)) throw new InputError(`${f}: a Triton trace file is a JSON array of trace objects`);
    json.push(...(items as unknown[]));
    jsonFiles.push(f);
  }
  if (jsonFiles.length > 0) logs.push(asInputError(() => executionsFromTritonTrace(json, traceModel!, jsonFiles.join(", "))));
  return logs;
}

/** The files' names for a profile's measuredFrom: base names, or folder/base name when base names repeat
 *  (logs pooled from several calibration folders). */
export function fileNames(files: readonly string[]): string {
  const base = files.map((f) => f.split("/").pop() ?? f);
  const unique = new Set(base).size === base.length;
  return (unique ? base : files.map((f) => f.split("/").slice(-2).join("/"))).join(", ");
}
