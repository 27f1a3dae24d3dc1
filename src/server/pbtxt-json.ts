// Triton's JSON form of a ModelConfig (the ModelConfig RPC through proto-loader with keepCase, or the HTTP
// config endpoint) normalised into proto3 JSON that fromJson accepts: snake_case or camelCase names, null
// = absent, proto-loader's oneof marker fields dropped, Long objects and hashed uint64 map keys decoded.
// Every problem is reported with its Triton field path.
import { ScalarType, type DescEnum, type DescField, type DescMessage, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import type { Fail } from "./pbtxt-model.js";
import { INT_RANGES, is64 } from "./pbtxt-scalars.js";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const show = (v: unknown): string => {
  try {
    return typeof v === "bigint" ? String(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
};

/** A Long (long.js / protobufjs) as a bigint, or undefined if `v` is not one. */
function fromLong(v: unknown): bigint | undefined {
  if (!isRecord(v) || typeof v.low !== "number" || typeof v.high !== "number") return undefined;
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return v.unsigned === true || bits < 2n ** 63n ? bits : bits - 2n ** 64n;
}

function integer(v: unknown, type: ScalarType, path: string, fail: Fail): bigint {
  let n: bigint | undefined = fromLong(v);
  if (typeof v === "bigint") n = v;
  else if (typeof v === "number" && Number.isInteger(v)) n = BigInt(v);
  else if (typeof v === "string" && /^-?[0-9]+$/.test(v.trim())) n = BigInt(v.trim());
  if (n === undefined) return fail(path, `expected an integer, got ${show(v)}`);
  const range = INT_RANGES[type];
  if (range !== undefined && (n < range[0] || n > range[1])) {
    return fail(path, range[0] === 0n && n < 0n ? `must not be negative, got ${n}` : `${n} is out of range [${range[0]}, ${range[1]}]`);
  }
  return n;
}

function scalar(v: unknown, type: ScalarType, path: string, fail: Fail): JsonValue {
  switch (type) {
    case ScalarType.STRING:
      if (typeof v !== "string") fail(path, `expected a string, got ${show(v)}`);
      return v as string;
    case ScalarType.BYTES:
      if (typeof v !== "string") fail(path, `expected a base64 string, got ${show(v)}`);
      return v as string;
    case ScalarType.BOOL:
      if (typeof v !== "boolean") fail(path, `expected true or false, got ${show(v)}`);
      return v as boolean;
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
      if (typeof v === "string" && (v === "NaN" || v === "Infinity" || v === "-Infinity" || Number.isFinite(Number(v)))) return v;
      return fail(path, `expected a number, got ${show(v)}`);
    default: {
      const n = integer(v, type, path, fail);
      return is64(type) ? n.toString() : Number(n);
    }
  }
}

function enumValue(v: unknown, e: DescEnum, path: string, fail: Fail): JsonValue {
  const names = e.values.map((x) => x.name);
  if (typeof v === "string") {
    if (names.includes(v)) return v;
    return fail(path, `unknown value ${v} (one of ${names.join(", ")})`);
  }
  if (typeof v === "number" && Number.isInteger(v)) return v;
  return fail(path, `expected one of ${names.join(", ")}, got ${show(v)}`);
}

/** A map key as proto3 JSON wants it (a decimal string for integer keys). */
function mapKey(key: string, type: ScalarType, path: string, fail: Fail): string {
  if (type === ScalarType.STRING) return key;
  if (type === ScalarType.BOOL) {
    if (key !== "true" && key !== "false") fail(path, `map key must be true or false, got ${show(key)}`);
    return key;
  }
  // protobufjs stores 64-bit map keys as 8-character little-endian "hash" strings.
  if (is64(type) && key.length === 8 && !/^-?[0-9]+$/.test(key) && [...key].every((c) => c.charCodeAt(0) < 256)) {
    let bits = 0n;
    for (let i = 7; i >= 0; i--) bits = (bits << 8n) | BigInt(key.charCodeAt(i));
    const signed = type !== ScalarType.UINT64 && type !== ScalarType.FIXED64 && bits >= 2n ** 63n;
    return (signed ? bits - 2n ** 64n : bits).toString();
  }
  return integer(key, type, path, fail).toString();
}

function fieldOf(desc: DescMessage, key: string): DescField | undefined {
  return desc.fields.find((f) => f.name === key || f.jsonName === key);
}

/** Normalise `value` as message `desc` at `path` ("" for the root). */
export function normaliseTritonJson(desc: DescMessage, value: unknown, path: string, fail: Fail, rootName: string): JsonObject {
  if (!isRecord(value)) return fail(path === "" ? rootName : path, `expected an object, got ${show(value)}`);
  const out: JsonObject = {};
  const oneofSet = new Map<string, string>();
  const at = (name: string): string => (path === "" ? name : `${path}.${name}`);
  for (const [key, v] of Object.entries(value)) {
    const field = fieldOf(desc, key);
    if (field === undefined) {
      // proto-loader's `oneofs: true` adds a virtual field naming the member that is set.
      if (desc.oneofs.some((o) => o.name === key || o.localName === key) && (typeof v === "string" || v == null)) continue;
      return fail("", `unknown field "${key}" in ${path === "" ? rootName : path}`);
    }
    if (v === null || v === undefined) continue;
    const fieldPath = at(field.name);
    if (field.oneof !== undefined) {
      const other = oneofSet.get(field.oneof.name);
      if (other !== undefined) fail(fieldPath, `cannot be set together with ${other}`);
      oneofSet.set(field.oneof.name, field.name);
    }
    switch (field.fieldKind) {
      case "scalar":
        out[field.name] = scalar(v, field.scalar, fieldPath, fail);
        break;
      case "enum":
        out[field.name] = enumValue(v, field.enum, fieldPath, fail);
        break;
      case "message":
        out[field.name] = normaliseTritonJson(field.message, v, fieldPath, fail, rootName);
        break;
      case "list": {
        if (!Array.isArray(v)) return fail(fieldPath, `expected a list, got ${show(v)}`);
        out[field.name] = v.map((item: unknown, i) => {
          const p = `${fieldPath}[${i}]`;
          if (field.listKind === "message") return normaliseTritonJson(field.message, item, p, fail, rootName);
          if (field.listKind === "enum") return enumValue(item, field.enum, p, fail);
          return scalar(item, field.scalar, p, fail);
        });
        break;
      }
      case "map": {
        if (!isRecord(v)) return fail(fieldPath, `expected an object (a map), got ${show(v)}`);
        const map: JsonObject = {};
        for (const [rawKey, item] of Object.entries(v)) {
          const k = mapKey(rawKey, field.mapKey, `${fieldPath}[${rawKey}]`, fail);
          const p = `${fieldPath}[${k}]`;
          if (item === null || item === undefined) {
            if (field.mapKind === "message") map[k] = {};
            continue;
          }
          if (field.mapKind === "message") map[k] = normaliseTritonJson(field.message, item, p, fail, rootName);
          else if (field.mapKind === "enum") map[k] = enumValue(item, field.enum, p, fail);
          else map[k] = scalar(item, field.scalar, p, fail);
        }
        out[field.name] = map;
        break;
      }
    }
  }
  return out;
}
