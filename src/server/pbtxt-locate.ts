// Positions for protobuf text format: a tolerant scanner walks a config.pbtxt against the message schema
// and either maps every field path (`dynamic_batching.preferred_batch_size[1]`) to its line:column, or
// stops at the first syntax error / unknown field / ill-typed value with its line:column and path.
// It only locates; fromText (@bufbuild/protobuf/txtpb) still builds the message.
import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { Lexer, describe, intValue, type TextPos } from "./pbtxt-lexer.js";
import { closest, readValue, type ValueType } from "./pbtxt-value.js";

export { PbtxtProblem, type TextPos } from "./pbtxt-lexer.js";

const join = (path: string, name: string): string => (path === "" ? name : `${path}.${name}`);

/** Walks tokens against the schema, recording where each field path starts. */
class Walker {
  readonly positions = new Map<string, TextPos>();

  constructor(private readonly lx: Lexer, private readonly rootName: string) {}

  private record(path: string, at: number): void {
    if (!this.positions.has(path)) this.positions.set(path, this.lx.posOf(at));
  }

  private fail(at: number, path: string, message: string): never {
    return this.lx.fail(at, path === "" ? message : `${path}: ${message}`);
  }

  /** Fields of `desc` until `close` (null: end of file). */
  message(desc: DescMessage, path: string, close: "}" | ">" | null, openAt: number): void {
    const seen = new Map<number, number>();
    const oneofSeen = new Map<string, string>();
    const counts = new Map<string, number>();
    for (;;) {
      const tok = this.lx.peek();
      if (tok.t === "eof") {
        if (close === null) return;
        this.fail(openAt, path, `"${close === "}" ? "{" : "<"}" opened here is never closed`);
      }
      if (tok.t === "punct" && tok.v === close) {
        this.lx.next();
        return;
      }
      if (tok.t !== "ident") {
        const what = tok.t === "punct" && (tok.v === "}" || tok.v === ">") && close === null ? ` (no "{" is open)` : "";
        this.fail(tok.at, "", `expected a field name${path === "" ? "" : ` in ${path}`}, got ${describe(tok)}${what}`);
      }
      this.lx.next();
      const field = desc.fields.find((f) => f.name === tok.v);
      if (field === undefined) {
        const hint = closest(tok.v, desc.fields.map((f) => f.name));
        this.fail(
          tok.at,
          "",
          `unknown field "${tok.v}" in ${path === "" ? this.rootName : path}${hint === undefined ? "" : ` (did you mean "${hint}"?)`}`,
        );
      }
      const fieldPath = join(path, field.name);
      if (field.fieldKind !== "list" && field.fieldKind !== "map") {
        const first = seen.get(field.number);
        if (first !== undefined) this.fail(tok.at, fieldPath, `set twice (first at line ${this.lx.posOf(first).line})`);
        seen.set(field.number, tok.at);
        if (field.oneof !== undefined) {
          const other = oneofSeen.get(field.oneof.name);
          if (other !== undefined) {
            const names = field.oneof.fields.map((f) => f.name).join(", ");
            this.fail(tok.at, fieldPath, `cannot be set together with ${other} (only one of ${names})`);
          }
          oneofSeen.set(field.oneof.name, field.name);
        }
      }
      this.fieldValue(field, fieldPath, tok.at, counts);
      const sep = this.lx.peek();
      if (sep.t === "punct" && (sep.v === "," || sep.v === ";")) this.lx.next();
    }
  }

  private colon(): boolean {
    const tok = this.lx.peek();
    if (tok.t === "punct" && tok.v === ":") {
      this.lx.next();
      return true;
    }
    return false;
  }

  private needColon(path: string): void {
    if (!this.colon()) this.fail(this.lx.peek().at, path, `expected ":" before the value, got ${describe(this.lx.peek())}`);
  }

  private fieldValue(field: DescField, path: string, nameAt: number, counts: Map<string, number>): void {
    switch (field.fieldKind) {
      case "scalar":
      case "enum":
        this.needColon(path);
        this.record(path, nameAt);
        this.value(field.fieldKind === "scalar" ? { scalar: field.scalar } : { enum: field.enum }, path);
        return;
      case "message":
        this.colon();
        this.record(path, nameAt);
        this.block(field.message, path);
        return;
      case "list": {
        const isMessage = field.listKind === "message";
        if (!isMessage) this.needColon(path);
        else this.colon();
        this.record(path, nameAt);
        const element = (): void => {
          const i = counts.get(field.name) ?? 0;
          counts.set(field.name, i + 1);
          const elementPath = `${path}[${i}]`;
          this.record(elementPath, this.lx.peek().at);
          if (field.listKind === "message") this.block(field.message, elementPath);
          else this.value(field.listKind === "scalar" ? { scalar: field.scalar } : { enum: field.enum }, elementPath);
        };
        this.list(path, element);
        return;
      }
      case "map":
        this.colon();
        this.record(path, nameAt);
        this.list(path, () => this.mapEntry(field, path));
        return;
    }
  }

  /** One element, or `[ e, e, ... ]`. */
  private list(path: string, element: () => void): void {
    const open = this.lx.peek();
    if (!(open.t === "punct" && open.v === "[")) {
      element();
      return;
    }
    this.lx.next();
    const first = this.lx.peek();
    if (first.t === "punct" && first.v === "]") {
      this.lx.next();
      return;
    }
    for (;;) {
      element();
      const sep = this.lx.next();
      if (sep.t === "punct" && sep.v === "]") return;
      if (!(sep.t === "punct" && sep.v === ",")) {
        if (sep.t === "eof") this.fail(open.at, path, `"[" opened here is never closed`);
        this.fail(sep.at, path, `expected "," or "]" in the list, got ${describe(sep)}`);
      }
    }
  }

  private block(desc: DescMessage, path: string): void {
    const open = this.lx.next();
    if (open.t === "punct" && (open.v === "{" || open.v === "<")) {
      this.message(desc, path, open.v === "{" ? "}" : ">", open.at);
      return;
    }
    this.fail(open.at, path, `expected "{", got ${describe(open)}`);
  }

  /** The key of the map entry starting at the current `{`, found by looking ahead. */
  private lookAheadKey(field: DescField & { fieldKind: "map" }): string {
    let depth = 0;
    for (let i = this.lx.index; ; i++) {
      const tok = this.lx.at(i);
      if (tok.t === "eof") break;
      if (tok.t === "punct" && (tok.v === "{" || tok.v === "<" || tok.v === "[")) depth++;
      else if (tok.t === "punct" && (tok.v === "}" || tok.v === ">" || tok.v === "]")) {
        depth--;
        if (depth === 0) break;
      } else if (depth === 1 && tok.t === "ident" && tok.v === "key") {
        const colon = this.lx.at(i + 1);
        let j = colon.t === "punct" && colon.v === ":" ? i + 2 : i + 1;
        let sign = "";
        const maybeSign = this.lx.at(j);
        if (maybeSign.t === "punct" && maybeSign.v === "-") {
          sign = "-";
          j++;
        }
        const value = this.lx.at(j);
        if (value.t === "string") return value.v;
        if (value.t === "number") {
          const n = intValue(value.v);
          return n === undefined ? `${sign}${value.v}` : String(sign === "-" ? -n : n);
        }
        if (value.t === "ident") return value.v;
        break;
      }
    }
    return field.mapKey === ScalarType.STRING ? "" : field.mapKey === ScalarType.BOOL ? "false" : "0";
  }

  private mapEntry(field: DescField & { fieldKind: "map" }, path: string): void {
    const open = this.lx.peek();
    if (!(open.t === "punct" && (open.v === "{" || open.v === "<"))) {
      this.fail(open.at, path, `expected "{" starting a map entry, got ${describe(open)}`);
    }
    const entryPath = `${path}[${this.lookAheadKey(field)}]`;
    this.record(entryPath, open.at);
    this.lx.next();
    const close = open.v === "{" ? "}" : ">";
    const seen = new Set<string>();
    for (;;) {
      const tok = this.lx.next();
      if (tok.t === "punct" && tok.v === close) return;
      if (tok.t === "eof") this.fail(open.at, entryPath, `"${open.v}" opened here is never closed`);
      if (tok.t !== "ident" || (tok.v !== "key" && tok.v !== "value")) {
        this.fail(tok.at, entryPath, `expected "key" or "value" in a map entry, got ${describe(tok)}`);
      }
      if (seen.has(tok.v)) this.fail(tok.at, entryPath, `"${tok.v}" set twice in a map entry`);
      seen.add(tok.v);
      if (tok.v === "key") {
        this.needColon(entryPath);
        this.value({ scalar: field.mapKey }, `${entryPath}.key`);
      } else if (field.mapKind === "message") {
        this.colon();
        this.block(field.message, entryPath);
      } else {
        this.needColon(entryPath);
        this.value(field.mapKind === "scalar" ? { scalar: field.scalar } : { enum: field.enum }, entryPath);
      }
      const sep = this.lx.peek();
      if (sep.t === "punct" && (sep.v === "," || sep.v === ";")) this.lx.next();
    }
  }

  /** A scalar or enum value, checked against its type. */
  private value(type: ValueType, path: string): void {
    readValue(this.lx, type, path);
  }
}

/**
 * Walk `text` against `schema`: returns where each field path starts, or throws a PbtxtProblem for the
 * first syntax error, unknown field, repeated singular field or ill-typed value.
 */
export function locatePbtxt(text: string, schema: DescMessage, rootName = schema.name): Map<string, TextPos> {
  const lx = new Lexer(text);
  const walker = new Walker(lx, rootName);
  walker.message(schema, "", null, 0);
  return walker.positions;
}

/** Position of `path`, or of its nearest enclosing field that appears in the text. */
export function positionOf(positions: ReadonlyMap<string, TextPos>, path: string): TextPos | undefined {
  let p = path;
  for (;;) {
    const hit = positions.get(p);
    if (hit !== undefined) return hit;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
}
