// Where and how to reach a Triton gRPC endpoint: HOST:PORT, optional TLS, extra request headers.
// Validated at the edge into plain readonly data; every problem is one line naming the flag.
import { InputError } from "../validation.js";

export interface Endpoint {
  /** HOST:PORT as the user gave it (the name errors use). */
  readonly url: string;
  readonly ssl: boolean;
  /** PEM root certificates for TLS (system roots when absent). */
  readonly rootCerts?: Uint8Array | undefined;
  /** Extra metadata sent with every call (lower-case names), e.g. authorization. */
  readonly headers: readonly (readonly [string, string])[];
}

/** Check `HOST:PORT` (IPv6 as `[addr]:port`) and return it unchanged. */
export function parseUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed.includes("://")) {
    throw new InputError(`--url ${url}: give HOST:PORT without a scheme (add --ssl for TLS)`);
  }
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(trimmed);
  if (m === null) throw new InputError(`--url ${url}: expected HOST:PORT, e.g. localhost:8001`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new InputError(`--url ${url}: port must be 1–65535`);
  return trimmed;
}

/** Parse `-H "Name: value"` into a metadata pair. */
export function parseHeader(text: string): readonly [string, string] {
  const i = text.indexOf(":");
  if (i <= 0) throw new InputError(`-H ${JSON.stringify(text)}: expected "Name: value"`);
  const name = text.slice(0, i).trim().toLowerCase();
  const value = text.slice(i + 1).trim();
  if (!/^[a-z0-9_.-]+$/.test(name)) throw new InputError(`-H ${JSON.stringify(text)}: invalid header name "${name}"`);
  if (name.endsWith("-bin")) throw new InputError(`-H ${JSON.stringify(text)}: binary (-bin) headers are not supported`);
  if (name.startsWith("grpc-") || name === "te" || name === "content-type" || name === "user-agent") {
    throw new InputError(`-H ${JSON.stringify(text)}: "${name}" is reserved by gRPC`);
  }
  return [name, value];
}
