// Flags shared by the commands that talk to a live Triton (calibrate, loadgen): option parsers that fail
// with one line naming the flag, the connection (URL, TLS, headers) read into an Endpoint, and the
// command line as typed, recorded in every result.
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { parseHeader, parseUrl, type Endpoint } from "../calibrate/endpoint.js";
import { parseShapeFlag } from "../calibrate/input-tensors.js";
import { readTextFile } from "./files.js";
import { readFileSync } from "node:fs";
import { InputError } from "../validation.js";

/** Repeatable string option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function intArg(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

export function numberArg(min: number, exclusive = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || (exclusive && n === min)) {
      throw new InvalidArgumentError(`expected a number ${exclusive ? ">" : "≥"} ${min}`);
    }
    return n;
  };
}

export interface ConnectionFlags {
  readonly url: string;
  readonly ssl?: boolean | undefined;
  readonly rootCerts?: string | undefined;
  readonly header?: readonly string[] | undefined;
}

export function endpointFrom(flags: ConnectionFlags): Endpoint {
  const url = parseUrl(flags.url);
  let rootCerts: Uint8Array | undefined;
  if (flags.rootCerts !== undefined) {
    readTextFile(flags.rootCerts, "--root-certs"); // one-line error if missing
    rootCerts = readFileSync(flags.rootCerts);
    if (flags.ssl !== true) throw new InputError("--root-certs needs --ssl");
  }
  return { url, ssl: flags.ssl === true, rootCerts, headers: (flags.header ?? []).map(parseHeader) };
}

export function shapesFrom(shapes: readonly string[] | undefined): Record<string, readonly number[]> | undefined {
  if (shapes === undefined || shapes.length === 0) return undefined;
  return Object.fromEntries(shapes.map(parseShapeFlag));
}

/** The command as typed (argv after node and the script), shell-quoted where needed. */
export function commandLine(argv: readonly string[] = process.argv): string {
  const quote = (a: string): string => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return ["servesim", ...argv.slice(2).map(quote)].join(" ");
}
