// Test helper: an ExecutionLog as the bytes of triton_model.py's log (24-byte records: start ns, end ns,
// samples, requests = 1), for the tests that write a log and read it back through parseExecLog or the CLI.
import { execLogBytes as recordBytes, type ExecutionLog } from "../../src/calibrate/slow-stretches.js";

export function execLogBytes(l: ExecutionLog): Uint8Array {
  return recordBytes(Array.from(l.startUs, (s, i) => [Math.round(s * 1000), Math.round((s + l.durationUs[i]!) * 1000), l.samples[i]!, 1] as const));
}
