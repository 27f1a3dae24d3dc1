// Triton model configuration in and out: config.pbtxt (protobuf text format) and its JSON form → ServerConfig,
// ServerConfig → config.pbtxt. Every problem is one InputError line naming the file, the line:column where
// it can be found, and the Triton field path; read(write(c)) equals c for every valid ServerConfig.
import { fromJson } from "@bufbuild/protobuf";
import { fromText } from "@bufbuild/protobuf/txtpb";
import { ModelConfigSchema, type ModelConfig } from "../gen/model_config_pb.js";
import { InputError } from "../validation.js";
import type { ServerConfig } from "./config.js";
import { normaliseTritonJson } from "./pbtxt-json.js";
import { PbtxtProblem, locatePbtxt, positionOf, type TextPos } from "./pbtxt-locate.js";
import { serverConfigFromModelConfig, type Fail } from "./pbtxt-model.js";

export { writeModelConfigPbtxt, quotePbtxt, type PbtxtExtras, type PbtxtTensor } from "./pbtxt-write.js";
export type { ModelConfig } from "../gen/model_config_pb.js";

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");
const messageOf = (e: unknown): string => oneLine(e instanceof Error ? e.message : String(e));

function parseWithPositions(text: string, where: string): { config: ModelConfig; positions: Map<string, TextPos> } {
  let positions: Map<string, TextPos>;
  try {
    positions = locatePbtxt(text, ModelConfigSchema, "ModelConfig");
  } catch (e) {
    if (e instanceof PbtxtProblem) throw new InputError(`${where}:${e.pos.line}:${e.pos.col}: ${oneLine(e.message)}`);
    throw e;
  }
  try {
    return { config: fromText(ModelConfigSchema, text), positions };
  } catch (e) {
    throw new InputError(`${where}: ${messageOf(e)}`);
  }
}

/** Parse config.pbtxt text into Triton's ModelConfig message (syntax and field names only; no semantics). */
export function parseModelConfigPbtxt(text: string, where: string): ModelConfig {
  return parseWithPositions(text, where).config;
}

/** `where: path: message` from makeServerConfig → `where:line:col: path: message` when the path is in the text. */
function withPosition(error: InputError, where: string, positions: ReadonlyMap<string, TextPos>): InputError {
  const prefix = `${where}: `;
  if (!error.message.startsWith(prefix)) return error;
  const rest = error.message.slice(prefix.length);
  const cut = rest.indexOf(": ");
  const pos = cut > 0 ? positionOf(positions, rest.slice(0, cut)) : undefined;
  return pos === undefined ? error : new InputError(`${where}:${pos.line}:${pos.col}: ${rest}`, error.exitCode);
}

/**
 * ServerConfig from the text of a config.pbtxt. `where` names the file in messages; `gpus` is the
 * server's GPU count (not part of config.pbtxt). Throws InputError for syntax errors, unknown fields,
 * Triton validation failures and scheduling features servesim does not model.
 */
export function readModelConfigPbtxt(text: string, where: string, gpus = 1): ServerConfig {
  const { config, positions } = parseWithPositions(text, where);
  const fail: Fail = (path, message) => {
    const pos = positionOf(positions, path);
    throw new InputError(`${where}${pos === undefined ? "" : `:${pos.line}:${pos.col}`}: ${path}: ${message}`);
  };
  try {
    return serverConfigFromModelConfig(config, where, gpus, fail);
  } catch (e) {
    if (e instanceof InputError) throw withPosition(e, where, positions);
    throw e;
  }
}

/**
 * Triton's ModelConfig message from its JSON form: the `config` of a ModelConfig RPC response as
 * @grpc/proto-loader returns it (keepCase; enums as strings or numbers; int64 as strings, numbers or Long),
 * Triton's HTTP config endpoint, or proto3 JSON (camelCase). A `{ config: {...} }` response is unwrapped.
 */
export function parseTritonConfigJson(obj: unknown, where: string): ModelConfig {
  const fail: Fail = (path, message) => {
    throw new InputError(`${where}: ${path === "" ? "" : `${path}: `}${message}`);
  };
  const body =
    typeof obj === "object" && obj !== null && !Array.isArray(obj) && Object.keys(obj).length === 1 && "config" in obj
      ? (obj as { config: unknown }).config
      : obj;
  const json = normaliseTritonJson(ModelConfigSchema, body, "", fail, "ModelConfig");
  try {
    return fromJson(ModelConfigSchema, json);
  } catch (e) {
    throw new InputError(`${where}: ${messageOf(e)}`);
  }
}

/** ServerConfig from Triton's JSON form of a ModelConfig (see parseTritonConfigJson); `gpus` as for pbtxt. */
export function fromTritonConfigJson(obj: unknown, where: string, gpus = 1): ServerConfig {
  const fail: Fail = (path, message) => {
    throw new InputError(`${where}: ${path === "" ? "" : `${path}: `}${message}`);
  };
  return serverConfigFromModelConfig(parseTritonConfigJson(obj, where), where, gpus, fail);
}
