// ServerConfig → config.pbtxt text in the style of Triton's documentation: deterministic, Triton's
// defaults omitted, and read back (readModelConfigPbtxt) to the same ServerConfig.
import { InputError } from "../validation.js";
import {
  DEFAULT_QUEUE_POLICY,
  type InstanceGroup,
  type QueuePolicy,
  type ServerConfig,
} from "./config.js";
import { defaultInstanceCount, effectiveBackend } from "./pbtxt-model.js";

/** Triton data types, by their config name (TYPE_FP32) or their KServe v2 wire name (FP32, BYTES). */
const DATA_TYPES: Readonly<Record<string, string>> = {
  BOOL: "TYPE_BOOL",
  UINT8: "TYPE_UINT8",
  UINT16: "TYPE_UINT16",
  UINT32: "TYPE_UINT32",
  UINT64: "TYPE_UINT64",
  INT8: "TYPE_INT8",
  INT16: "TYPE_INT16",
  INT32: "TYPE_INT32",
  INT64: "TYPE_INT64",
  FP16: "TYPE_FP16",
  FP32: "TYPE_FP32",
  FP64: "TYPE_FP64",
  BYTES: "TYPE_STRING",
  STRING: "TYPE_STRING",
  BF16: "TYPE_BF16",
};

/** A model input or output to list in the written config. */
export interface PbtxtTensor {
  readonly name: string;
  /** `TYPE_FP32` or `FP32` (KServe v2 names; `BYTES` = `TYPE_STRING`). */
  readonly dataType: string;
  /** Dimensions without the batch dimension; -1 = variable. */
  readonly dims: readonly number[];
  readonly reshape?: readonly number[];
  /** Inputs only. */
  readonly optional?: boolean;
  readonly isShapeTensor?: boolean;
}

/** What a config.pbtxt needs beyond ServerConfig. */
export interface PbtxtExtras {
  /** Overrides ServerConfig.name (Triton requires it to match the model's directory). */
  readonly name?: string;
  readonly platform?: string;
  readonly backend?: string;
  readonly inputs?: readonly PbtxtTensor[];
  readonly outputs?: readonly PbtxtTensor[];
}

/** A text-format string literal: UTF-8 text as is, quotes, backslashes and control characters escaped. */
export function quotePbtxt(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

class Lines {
  private readonly out: string[] = [];
  private depth = 0;
  line(text: string): void {
    this.out.push(`${"  ".repeat(this.depth)}${text}`);
  }
  open(text: string): void {
    this.line(text);
    this.depth++;
  }
  close(text = "}"): void {
    this.depth--;
    this.line(text);
  }
  /** `name {` … `}` , or `name { }` when `body` writes nothing. */
  block(name: string, body: () => void): void {
    const mark = this.out.length;
    this.open(`${name} {`);
    body();
    if (this.out.length === mark + 1) {
      this.depth--;
      this.out[mark] = `${"  ".repeat(this.depth)}${name} { }`;
    } else {
      this.close();
    }
  }
  /** `name [ { … }, { … } ]`. */
  list<T>(name: string, items: readonly T[], body: (item: T, index: number) => void): void {
    if (items.length === 0) return;
    this.open(`${name} [`);
    items.forEach((item, i) => {
      const mark = this.out.length;
      this.open("{");
      body(item, i);
      const last = i === items.length - 1 ? "}" : "},";
      if (this.out.length === mark + 1) {
        this.depth--;
        this.out[mark] = `${"  ".repeat(this.depth)}{ ${last}`;
      } else {
        this.close(last);
      }
    });
    this.close("]");
  }
  text(): string {
    return `${this.out.join("\n")}\n`;
  }
}

const intList = (xs: readonly number[]): string => (xs.length === 0 ? "[ ]" : `[ ${xs.join(", ")} ]`);

function checkInts(xs: readonly number[], what: string): void {
  xs.forEach((x, i) => {
    if (!Number.isSafeInteger(x)) throw new InputError(`${what}[${i}]: must be an integer, got ${x}`);
  });
}

function tensor(lines: Lines, t: PbtxtTensor, what: string): void {
  const type = t.dataType.startsWith("TYPE_") ? t.dataType : DATA_TYPES[t.dataType];
  if (type === undefined || (t.dataType.startsWith("TYPE_") && !Object.values(DATA_TYPES).includes(type))) {
    throw new InputError(`${what}.data_type: unknown data type ${t.dataType}`);
  }
  checkInts(t.dims, `${what}.dims`);
  lines.line(`name: ${quotePbtxt(t.name)}`);
  lines.line(`data_type: ${type}`);
  lines.line(`dims: ${intList(t.dims)}`);
  if (t.reshape !== undefined) {
    checkInts(t.reshape, `${what}.reshape.shape`);
    lines.line(`reshape { shape: ${intList(t.reshape)} }`);
  }
  if (t.optional === true) {
    if (what.startsWith("output")) throw new InputError(`${what}.optional: only inputs can be optional`);
    lines.line("optional: true");
  }
  if (t.isShapeTensor === true) lines.line("is_shape_tensor: true");
}

function policy(lines: Lines, p: QueuePolicy): void {
  if (p.timeoutAction !== DEFAULT_QUEUE_POLICY.timeoutAction) lines.line(`timeout_action: ${p.timeoutAction}`);
  if (p.defaultTimeoutUs !== 0) lines.line(`default_timeout_microseconds: ${p.defaultTimeoutUs}`);
  if (p.allowTimeoutOverride) lines.line("allow_timeout_override: true");
  if (p.maxQueueSize !== 0) lines.line(`max_queue_size: ${p.maxQueueSize}`);
}

const isDefaultPolicy = (p: QueuePolicy): boolean =>
  p.timeoutAction === DEFAULT_QUEUE_POLICY.timeoutAction &&
  p.defaultTimeoutUs === 0 &&
  !p.allowTimeoutOverride &&
  p.maxQueueSize === 0;

function group(lines: Lines, g: InstanceGroup, backend: string): void {
  if (g.count !== defaultInstanceCount(g.kind, backend)) lines.line(`count: ${g.count}`);
  if (g.kind !== "KIND_AUTO") lines.line(`kind: ${g.kind}`);
  if (g.gpus !== null) lines.line(`gpus: ${intList(g.gpus)}`);
}

/**
 * config.pbtxt for `config` (plus what `extras` adds). `gpus` is the server's, not the model's, and is not
 * written; a name equal to servesim's placeholder "model" is left out unless extras name the model.
 */
export function writeModelConfigPbtxt(config: ServerConfig, extras: PbtxtExtras = {}): string {
  const lines = new Lines();
  const name = extras.name ?? config.name;
  if (extras.name !== undefined || config.name !== "model") lines.line(`name: ${quotePbtxt(name)}`);
  if (extras.platform !== undefined) lines.line(`platform: ${quotePbtxt(extras.platform)}`);
  if (extras.backend !== undefined) lines.line(`backend: ${quotePbtxt(extras.backend)}`);
  lines.line(`max_batch_size: ${config.maxBatchSize}`);
  lines.list("input", extras.inputs ?? [], (t, i) => tensor(lines, t, `input[${i}]`));
  lines.list("output", extras.outputs ?? [], (t, i) => tensor(lines, t, `output[${i}]`));

  const db = config.dynamicBatching;
  if (db !== null) {
    lines.block("dynamic_batching", () => {
      const implied = config.maxBatchSize > 0 ? [config.maxBatchSize] : [];
      const preferred = db.preferredBatchSizes;
      const isImplied = preferred.length === implied.length && preferred.every((x, i) => x === implied[i]);
      if (!isImplied) lines.line(`preferred_batch_size: ${intList(preferred)}`);
      if (db.maxQueueDelayUs !== 0) lines.line(`max_queue_delay_microseconds: ${db.maxQueueDelayUs}`);
      if (db.preserveOrdering) lines.line("preserve_ordering: true");
      if (db.priorityLevels !== 0) lines.line(`priority_levels: ${db.priorityLevels}`);
      if (db.defaultPriorityLevel !== 0) lines.line(`default_priority_level: ${db.defaultPriorityLevel}`);
      if (!isDefaultPolicy(db.defaultQueuePolicy)) lines.block("default_queue_policy", () => policy(lines, db.defaultQueuePolicy));
      const levels = Object.keys(db.priorityQueuePolicy).sort((a, b) => Number(a) - Number(b));
      for (const level of levels) {
        const p = db.priorityQueuePolicy[level] as QueuePolicy;
        lines.open("priority_queue_policy {");
        lines.line(`key: ${level}`);
        lines.block("value", () => policy(lines, p));
        lines.close();
      }
    });
  }

  const backend = effectiveBackend(extras.backend ?? "", extras.platform ?? "");
  lines.list("instance_group", config.instanceGroups, (g) => group(lines, g, backend));
  return lines.text();
}
