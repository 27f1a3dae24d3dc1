// Synthetic request inputs from a model's metadata: the batch dimension set to the client batch size,
// other variable dimensions from --shape or --seq-len, and data that any model accepts: small valid
// token ids for integer inputs (0/1 for masks and type ids), small floats, "a" for BYTES. Deterministic.
import { InputError } from "../validation.js";
import type { InferInput } from "./client.js";
import type { TensorMetadata } from "./kserve-types.js";

/** Bytes per element of each KServe v2 datatype (BYTES is variable). */
export const DATATYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  BF16: 2,
  FP32: 4,
  FP64: 8,
};

export interface InputShapeOptions {
  /** Client batch size (-b); replaces the leading batch dimension when the model batches. */
  readonly batchSize: number;
  /** Whether the model batches (max_batch_size > 0): the first metadata dimension is the batch. */
  readonly batching: boolean;
  /** Per-input non-batch dims, as perf_analyzer's --shape NAME:d1,d2,... */
  readonly shapes?: Readonly<Record<string, readonly number[]>> | undefined;
  /** Value for variable (-1) non-batch dimensions, e.g. the sequence length of a text model. */
  readonly seqLen?: number | undefined;
}

/** Parse perf_analyzer's `--shape NAME:d1,d2` (repeatable). */
export function parseShapeFlag(text: string): readonly [string, readonly number[]] {
  const i = text.lastIndexOf(":");
  if (i <= 0) throw new InputError(`--shape ${text}: expected NAME:d1,d2,...`);
  const dims = text
    .slice(i + 1)
    .split(",")
    .map((d) => Number(d.trim()));
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new InputError(`--shape ${text}: dimensions must be positive integers`);
  }
  return [text.slice(0, i), dims];
}

/** The concrete shape of one input for this request. */
export function resolveShape(meta: TensorMetadata, model: string, opts: InputShapeOptions): number[] {
  const dims = [...meta.shape];
  const rest = opts.batching ? dims.slice(1) : dims;
  const given = opts.shapes?.[meta.name];
  let body: number[];
  if (given !== undefined) {
    if (given.length !== rest.length) {
      throw new InputError(
        `--shape ${meta.name}: model "${model}" expects ${rest.length} non-batch dimension(s) [${rest.join(",")}], got ${given.length}`,
      );
    }
    body = rest.map((d, j) => {
      const g = given[j] as number;
      if (d >= 0 && d !== g) {
        throw new InputError(`--shape ${meta.name}: dimension ${j} is fixed at ${d} in model "${model}", got ${g}`);
      }
      return g;
    });
  } else {
    body = rest.map((d) => {
      if (d >= 0) return d;
      if (opts.seqLen !== undefined) return opts.seqLen;
      throw new InputError(
        `input "${meta.name}" of model "${model}" has a variable dimension [${meta.shape.join(",")}]: ` +
          `pass --shape ${meta.name}:${rest.map((x) => (x < 0 ? "N" : String(x))).join(",")} or --seq-len N`,
      );
    });
  }
  return opts.batching ? [opts.batchSize, ...body] : body;
}

const float32Scratch = new Float32Array(1);
const uint32Scratch = new Uint32Array(float32Scratch.buffer);

/** IEEE half precision bits of x (round to nearest, enough for small synthetic values). */
function toHalfBits(x: number): number {
  float32Scratch[0] = x;
  const f = uint32Scratch[0] as number;
  const sign = (f >>> 16) & 0x8000;
  const exp = ((f >>> 23) & 0xff) - 127 + 15;
  const mant = f & 0x7fffff;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | ((mant + 0x1000) >>> 13);
}

/** Integer fill by input name: masks 1, type/segment ids 0, positions 0..n-1, else ids 1..100. */
function intValue(name: string, i: number, lastDim: number): number {
  const n = name.toLowerCase();
  if (n.includes("mask")) return 1;
  if (n.includes("type") || n.includes("segment")) return 0;
  if (n.includes("position")) return i % Math.max(1, lastDim);
  return 1 + ((i * 37 + 11) % 100);
}

/** Raw bytes for one tensor of the given shape. */
export function fillTensor(name: string, datatype: string, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, d) => a * d, 1);
  const lastDim = shape.length > 0 ? (shape[shape.length - 1] as number) : 1;
  if (datatype === "BYTES") {
    const buf = Buffer.alloc(count * 5);
    for (let i = 0; i < count; i++) {
      buf.writeUInt32LE(1, i * 5);
      buf[i * 5 + 4] = 0x61;
    }
    return buf;
  }
  const width = DATATYPE_BYTES[datatype];
  if (width === undefined) throw new InputError(`input "${name}": unsupported datatype ${datatype}`);
  const buf = Buffer.alloc(count * width);
  for (let i = 0; i < count; i++) {
    const o = i * width;
    const small = ((i * 7919) % 1000) / 1000; // in [0, 1)
    switch (datatype) {
      case "BOOL":
        buf[o] = 1;
        break;
      case "UINT8":
      case "INT8":
        buf[o] = intValue(name, i, lastDim) & 0x7f;
        break;
      case "UINT16":
      case "INT16":
        buf.writeUInt16LE(intValue(name, i, lastDim), o);
        break;
      case "UINT32":
      case "INT32":
        buf.writeInt32LE(intValue(name, i, lastDim), o);
        break;
      case "UINT64":
      case "INT64":
        buf.writeBigInt64LE(BigInt(intValue(name, i, lastDim)), o);
        break;
      case "FP16":
        buf.writeUInt16LE(toHalfBits(small), o);
        break;
      case "BF16":
        float32Scratch[0] = small;
        buf.writeUInt16LE((uint32Scratch[0] as number) >>> 16, o);
        break;
      case "FP32":
        buf.writeFloatLE(small, o);
        break;
      case "FP64":
        buf.writeDoubleLE(small, o);
        break;
    }
  }
  return buf;
}

/** All inputs of a request of `batchSize` samples, from the model's metadata. */
export function makeInputs(
  inputs: readonly TensorMetadata[],
  model: string,
  opts: InputShapeOptions,
): InferInput[] {
  return inputs.map((meta) => {
    const shape = resolveShape(meta, model, opts);
    return { name: meta.name, datatype: meta.datatype, shape, data: fillTensor(meta.name, meta.datatype, shape) };
  });
}
