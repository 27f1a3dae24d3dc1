// Loads the KServe v2 protocol definition (the embedded kserve.proto text) once per process and exposes
// each RPC's path and (de)serialisers. Decoding keeps Triton's snake_case names, 64-bit integers as
// numbers (exact below 2^53; statistics deltas stay accurate to a few ns even above), enums as strings.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as protoLoader from "@grpc/proto-loader";
import { KSERVE_PROTO_TEXT } from "./kserve-proto.js";

export const KSERVE_SERVICE = "inference.GRPCInferenceService";

export const KSERVE_METHODS = [
  "ServerLive",
  "ServerReady",
  "ModelReady",
  "ServerMetadata",
  "ModelMetadata",
  "ModelInfer",
  "ModelConfig",
  "ModelStatistics",
] as const;
export type KServeMethod = (typeof KSERVE_METHODS)[number];

/** One RPC: its HTTP/2 path and the protobuf codecs (plain objects in, plain objects out). */
export interface MethodCodec {
  readonly path: string;
  readonly serializeRequest: (value: unknown) => Buffer;
  readonly deserializeRequest: (bytes: Buffer) => unknown;
  readonly serializeResponse: (value: unknown) => Buffer;
  readonly deserializeResponse: (bytes: Buffer) => unknown;
}

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  arrays: true,
};

let cached: { definition: protoLoader.PackageDefinition; codecs: Record<KServeMethod, MethodCodec> } | undefined;

/** proto-loader reads files only, so the embedded text goes through a private temporary file. */
function loadDefinition(): protoLoader.PackageDefinition {
  const dir = mkdtempSync(join(tmpdir(), "servesim-proto-"));
  try {
    const file = join(dir, "kserve.proto");
    writeFileSync(file, KSERVE_PROTO_TEXT);
    return protoLoader.loadSync(file, LOADER_OPTIONS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function load(): NonNullable<typeof cached> {
  if (cached !== undefined) return cached;
  const definition = loadDefinition();
  const service = definition[KSERVE_SERVICE] as protoLoader.ServiceDefinition | undefined;
  if (service === undefined) throw new Error(`kserve.proto does not define ${KSERVE_SERVICE}`);
  const codecs = {} as Record<KServeMethod, MethodCodec>;
  for (const name of KSERVE_METHODS) {
    const m = service[name];
    if (m === undefined) throw new Error(`kserve.proto does not define rpc ${name}`);
    codecs[name] = {
      path: m.path,
      serializeRequest: m.requestSerialize as (v: unknown) => Buffer,
      deserializeRequest: m.requestDeserialize as (b: Buffer) => unknown,
      serializeResponse: m.responseSerialize as (v: unknown) => Buffer,
      deserializeResponse: m.responseDeserialize as (b: Buffer) => unknown,
    };
  }
  cached = { definition, codecs };
  return cached;
}

/** Codecs for every RPC servesim uses. */
export function kserveCodecs(): Readonly<Record<KServeMethod, MethodCodec>> {
  return load().codecs;
}

/** The service definition, for a grpc-js Server (the fake server in tests). */
export function kserveServiceDefinition(): protoLoader.ServiceDefinition {
  return load().definition[KSERVE_SERVICE] as protoLoader.ServiceDefinition;
}
