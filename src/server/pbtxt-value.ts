// Scalar and enum values of protobuf text format, checked against their field's type (pbtxt-locate.ts
// walks the fields; this reads one value): quoted strings (adjacent ones concatenated), booleans, floats
// (with inf and nan), integers within their type's range, and enum values by name or number, with a
// nearest-name suggestion for a misspelt one.
import { ScalarType, type DescEnum } from "@bufbuild/protobuf";
import { distance } from "fastest-levenshtein";
import { describe, intValue, type Lexer } from "./pbtxt-lexer.js";
import { INT_RANGES } from "./pbtxt-scalars.js";

/** Edit distance ≤ 2 suggestion among candidate names (the nearest, the first of equals). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** A value's type: a scalar, or an enum. */
export interface ValueType {
  readonly scalar?: ScalarType;
  readonly enum?: DescEnum;
}

/** Reads a scalar or enum value at the lexer's position, checked against its type; throws a PbtxtProblem
 *  naming `path` when it does not fit. */
export function readValue(lx: Lexer, type: ValueType, path: string): void {
  const fail = (at: number, message: string): never => lx.fail(at, `${path}: ${message}`);
  let negative = false;
  const signTok = lx.peek();
  if (signTok.t === "punct" && signTok.v === "-") {
    lx.next();
    negative = true;
  }
  const tok = lx.next();
  const start = negative ? signTok.at : tok.at;
  const bad = (what: string): never => fail(start, `expected ${what}, got ${negative ? "-" : ""}${describe(tok)}`);
  if (type.enum !== undefined) {
    const names = type.enum.values.map((v) => v.name);
    if (tok.t === "ident" && !negative) {
      if (names.includes(tok.v)) return;
      const hint = closest(tok.v, names);
      fail(
        tok.at,
        `unknown value ${tok.v} (one of ${names.join(", ")})${hint === undefined ? "" : `; did you mean ${hint}?`}`,
      );
    }
    if (tok.t === "number" && intValue(tok.v) !== undefined) return;
    bad(`one of ${names.join(", ")}`);
  }
  const scalar = type.scalar ?? ScalarType.STRING;
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      if (tok.t !== "string" || negative) bad("a quoted string");
      while (lx.peek().t === "string") lx.next();
      return;
    case ScalarType.BOOL:
      if (!negative && tok.t === "ident" && ["true", "True", "t", "false", "False", "f"].includes(tok.v)) return;
      if (!negative && tok.t === "number" && (tok.v === "0" || tok.v === "1")) return;
      return bad("true or false");
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      if (tok.t === "number" && !/^0[xX]/.test(tok.v) && !/^0[0-7]+$/.test(tok.v)) return;
      if (tok.t === "ident" && ["inf", "infinity", "nan", "-inf", "-infinity"].includes(tok.v.toLowerCase()) && !negative) {
        return;
      }
      return bad("a number");
    default: {
      const n = tok.t === "number" ? intValue(tok.v) : undefined;
      if (n === undefined) return bad("an integer");
      const range = INT_RANGES[scalar];
      const value = negative ? -n : n;
      if (range !== undefined && (value < range[0] || value > range[1])) {
        const [lo, hi] = range;
        fail(
          start,
          lo === 0n && value < 0n ? `must not be negative, got ${value}` : `${value} is out of range [${lo}, ${hi}]`,
        );
      }
    }
  }
}
