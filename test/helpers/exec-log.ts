// Execution logs as triton_model.py writes them (per execution: start ns, end ns as int64, samples and
// requests as int32, little-endian) and its split logs, for tests of the calibration server's exec_*.py and
// episode_split.py scripts.
import { execLogBytes } from "../../src/calibrate/slow-stretches.js";

/** One record: start ns, end ns, samples, requests. */
export type ExecRecord = readonly [startNs: number, endNs: number, samples: number, requests: number];

/** The log of these records, in order (src/calibrate/slow-stretches.ts's execLogBytes). */
export function execLogOf(records: readonly ExecRecord[]): Buffer {
  const bytes = execLogBytes(records);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** One request per execution's samples, the executions one after another from `t0Ns`: each lasts
 *  `durUs` and the next starts `gapUs` after it ends. */
export function sequentialExecLog(execs: readonly { readonly samples: number; readonly durUs: number; readonly gapUs: number }[], t0Ns: number): Buffer {
  let t = t0Ns;
  return execLogOf(
    execs.map((e) => {
      const start = t;
      const end = t + e.durUs * 1000;
      t = end + e.gapUs * 1000;
      return [start, end, e.samples, e.samples] as const;
    }),
  );
}

/** One split record (triton_model.py's servesim_exec_split): start, end, samples, requests, when the inputs
 *  were gathered, the GPU work issued and the stream synchronised (ns), and the GPU time between CUDA events
 *  (µs). */
export type SplitRecord = readonly [
  startNs: number,
  endNs: number,
  samples: number,
  requests: number,
  gatheredNs: number,
  issuedNs: number,
  syncedNs: number,
  gpuUs: number,
];

/** The split log of these records, in order (<qqiiqqqf, 52 bytes each). */
export function splitLogOf(records: readonly SplitRecord[]): Buffer {
  const size = 52;
  const buf = Buffer.alloc(size * records.length);
  records.forEach(([startNs, endNs, samples, requests, gatheredNs, issuedNs, syncedNs, gpuUs], i) => {
    const o = i * size;
    buf.writeBigInt64LE(BigInt(startNs), o);
    buf.writeBigInt64LE(BigInt(endNs), o + 8);
    buf.writeInt32LE(samples, o + 16);
    buf.writeInt32LE(requests, o + 20);
    buf.writeBigInt64LE(BigInt(gatheredNs), o + 24);
    buf.writeBigInt64LE(BigInt(issuedNs), o + 32);
    buf.writeBigInt64LE(BigInt(syncedNs), o + 40);
    buf.writeFloatLE(gpuUs, o + 48);
  });
  return buf;
}
