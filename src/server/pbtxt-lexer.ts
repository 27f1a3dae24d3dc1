// Lexer for the protobuf text format with positions: tokens carry their offset, and any offset maps to a
// 1-based line:column. Lexical errors (bad strings, numbers, characters) become PbtxtProblems there.

/** 1-based line and column (columns count UTF-16 code units). */
export interface TextPos {
  readonly line: number;
  readonly col: number;
}

/** The first problem found in a text, already phrased (`unknown field "x" in dynamic_batching`). */
export class PbtxtProblem extends Error {
  override readonly name = "PbtxtProblem";
  constructor(readonly pos: TextPos, message: string) {
    super(message);
  }
}

export type Punct = "{" | "}" | "<" | ">" | "[" | "]" | ":" | "," | ";" | "-";
export type Token =
  | { readonly t: "punct"; readonly v: Punct; readonly at: number }
  | { readonly t: "ident"; readonly v: string; readonly at: number }
  | { readonly t: "string"; readonly v: string; readonly at: number }
  | { readonly t: "number"; readonly v: string; readonly at: number }
  | { readonly t: "eof"; readonly at: number };

const PUNCT = new Set<string>(["{", "}", "<", ">", "[", "]", ":", ",", ";"]);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
const isWordChar = (c: string | undefined): boolean => isLetter(c) || isDigit(c);

export function describe(tok: Token): string {
  switch (tok.t) {
    case "eof":
      return "end of file";
    case "string":
      return `string ${JSON.stringify(tok.v)}`;
    default:
      return `"${tok.v}"`;
  }
}

/** Lexer with unbounded lookahead (tokens are produced on demand and kept). */
export class Lexer {
  private readonly tokens: Token[] = [];
  private pos = 0;
  private readonly lineStarts: number[] = [0];
  index = 0;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
  }

  posOf(offset: number): TextPos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  fail(offset: number, message: string): never {
    throw new PbtxtProblem(this.posOf(offset), message);
  }

  at(i: number): Token {
    while (this.tokens.length <= i) {
      const last = this.tokens[this.tokens.length - 1];
      if (last !== undefined && last.t === "eof") return last;
      this.tokens.push(this.scan());
    }
    return this.tokens[i] as Token;
  }

  peek(): Token {
    return this.at(this.index);
  }

  next(): Token {
    const tok = this.at(this.index);
    if (tok.t !== "eof") this.index++;
    return tok;
  }

  private scan(): Token {
    const s = this.text;
    for (;;) {
      const c = s[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f") this.pos++;
      else if (c === "#") while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
      else break;
    }
    const at = this.pos;
    const c = s[at];
    if (c === undefined) return { t: "eof", at };
    if (PUNCT.has(c)) {
      this.pos++;
      return { t: "punct", v: c as Punct, at };
    }
    if (c === "-") {
      if (isLetter(s[at + 1])) {
        this.pos++;
        return this.word(at);
      }
      this.pos++;
      return { t: "punct", v: "-", at };
    }
    if (c === '"' || c === "'") return this.string(c, at);
    if (isDigit(c) || (c === "." && isDigit(s[at + 1]))) return this.number(at);
    if (isLetter(c)) return this.word(at);
    return this.fail(at, `unexpected character ${JSON.stringify(c)}`);
  }

  private word(at: number): Token {
    while (isWordChar(this.text[this.pos])) this.pos++;
    return { t: "ident", v: this.text.slice(at, this.pos), at };
  }

  private number(at: number): Token {
    const s = this.text;
    const hex = s[at] === "0" && (s[at + 1] === "x" || s[at + 1] === "X");
    for (;;) {
      const c = s[this.pos];
      if (isWordChar(c) || c === ".") this.pos++;
      else if ((c === "+" || c === "-") && !hex && (s[this.pos - 1] === "e" || s[this.pos - 1] === "E")) this.pos++;
      else break;
    }
    const v = s.slice(at, this.pos);
    const ok =
      /^0[xX][0-9a-fA-F]+$/.test(v) ||
      /^0[0-7]*$/.test(v) ||
      /^[1-9][0-9]*$/.test(v) ||
      /^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fF]?$/.test(v);
    if (!ok || /^0[0-9]+$/.test(v) && !/^0[0-7]+$/.test(v)) this.fail(at, `invalid number "${v}"`);
    return { t: "number", v, at };
  }

  private string(quote: string, at: number): Token {
    const s = this.text;
    const bytes: number[] = [];
    const encoder = new TextEncoder();
    const pushText = (text: string): void => {
      for (const b of encoder.encode(text)) bytes.push(b);
    };
    this.pos++;
    let run = this.pos;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || c === "\n") this.fail(at, "string is not closed before the end of the line");
      if (c === quote) {
        pushText(s.slice(run, this.pos));
        this.pos++;
        return { t: "string", v: new TextDecoder().decode(Uint8Array.from(bytes)), at };
      }
      if (c === "\\") {
        pushText(s.slice(run, this.pos));
        const escAt = this.pos;
        this.pos++;
        const e = s[this.pos];
        const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, "'": 39, "\\": 92, "?": 63 };
        if (e !== undefined && simple[e] !== undefined) {
          bytes.push(simple[e]);
          this.pos++;
        } else if (e === "x" || e === "X") {
          const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(this.pos + 1, this.pos + 3));
          if (m === null) this.fail(escAt, "invalid \\x escape in string");
          bytes.push(parseInt(m[0], 16));
          this.pos += 1 + m[0].length;
        } else if (e !== undefined && e >= "0" && e <= "7") {
          const m = /^[0-7]{1,3}/.exec(s.slice(this.pos, this.pos + 3)) as RegExpExecArray;
          const value = parseInt(m[0], 8);
          if (value > 255) this.fail(escAt, `octal escape \\${m[0]} out of range`);
          bytes.push(value);
          this.pos += m[0].length;
        } else if (e === "u" || e === "U") {
          const width = e === "u" ? 4 : 8;
          const hexDigits = s.slice(this.pos + 1, this.pos + 1 + width);
          const code = /^[0-9a-fA-F]+$/.test(hexDigits) && hexDigits.length === width ? parseInt(hexDigits, 16) : -1;
          if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            this.fail(escAt, `invalid \\${e} escape in string`);
          }
          pushText(String.fromCodePoint(code));
          this.pos += 1 + width;
        } else {
          this.fail(escAt, `invalid escape "\\${e ?? ""}" in string`);
        }
        run = this.pos;
        continue;
      }
      this.pos++;
    }
  }
}

export function intValue(text: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(text)) return BigInt(text);
  return undefined;
}
