// Test helper: an ExecutionLog as the bytes of triton_model.py's log (24-byte records: start ns, end ns,
// samples, requests = 1), for the tests that write a log and read it back through parseExecLog or the CLI.
import { EXEC_RECORD_BYTES, type ExecutionLog } from "../../src/calibrate/slow-stretches.js";

export function execLogBytes(l: ExecutionLog): Uint8Array {
  const out = new Uint8Array(l.startUs.length * EXEC_RECORD_BYTES);
  const v = new DataView(out.buffer);
  l.startUs.forEach((s, i) => {
    v.setBigInt64(i * 24, BigInt(Math.round(s * 1000)), true);
    v.setBigInt64(i * 24 + 8, BigInt(Math.round((s + l.durationUs[i]!) * 1000)), true);
    v.setInt32(i * 24 + 16, l.samples[i]!, true);
    v.setInt32(i * 24 + 20, 1, true);
  });
  return out;
}
