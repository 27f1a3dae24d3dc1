// KServeError: a failed KServe v2 call as one line that names the server, the model and what to do,
// classified so callers can branch (unreachable, model missing, not ready, deadline, overload, …).
// Built from grpc-js status objects; never carries a stack trace to the user.
import { status as GrpcStatus } from "@grpc/grpc-js";

export type KServeErrorKind =
  | "unreachable"
  | "model-not-found"
  | "model-not-ready"
  | "deadline"
  | "unavailable"
  | "resource-exhausted"
  | "restricted"
  | "invalid"
  | "cancelled"
  | "other";

export class KServeError extends Error {
  override readonly name = "KServeError";
  constructor(
    message: string,
    readonly kind: KServeErrorKind,
    /** gRPC status code (grpc-js `status`), or -1 when the failure was not a gRPC status. */
    readonly code: number,
  ) {
    super(message);
  }
}

export interface CallContext {
  readonly url: string;
  readonly method: string;
  readonly model?: string | undefined;
  readonly deadlineMs: number;
}

interface GrpcLikeError {
  readonly code?: number;
  readonly details?: string;
  readonly message?: string;
}

/** Network-level causes grpc-js reports inside UNAVAILABLE details. */
function connectionProblem(details: string): string | undefined {
  if (/ECONNREFUSED/.test(details)) return "connection refused";
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(details)) return "host name not found";
  if (/EHOSTUNREACH|ENETUNREACH/.test(details)) return "host unreachable";
  if (/ETIMEDOUT/.test(details)) return "connection timed out";
  if (/ECONNRESET|Connection dropped|socket hang up/i.test(details)) return "connection reset";
  if (/SSL|TLS|certificate|handshake/i.test(details)) return `TLS failure (${oneLine(details)})`;
  if (/No connection established|Failed to connect|connect /i.test(details)) {
    return "no connection established (a gRPC port? TLS on one side only? check --ssl)";
  }
  return undefined;
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

/** Turn a grpc-js error into a KServeError with a one-line message. */
export function toKServeError(err: unknown, ctx: CallContext): KServeError {
  if (err instanceof KServeError) return err;
  const e = (err ?? {}) as GrpcLikeError;
  const code = typeof e.code === "number" ? e.code : -1;
  const details = oneLine(e.details ?? e.message ?? String(err));
  const server = `server ${ctx.url}`;
  const model = ctx.model !== undefined ? `model "${ctx.model}"` : undefined;
  const what = `${ctx.method}${model !== undefined ? ` for ${model}` : ""} on ${server}`;
  const http = /Received HTTP status code (\d+)/i.exec(details);
  if (http !== null) {
    return new KServeError(
      `cannot reach ${server} over gRPC: it answered HTTP ${http[1]}, so it is not a gRPC endpoint (a proxy? Triton's HTTP port?)`,
      "unreachable",
      code,
    );
  }
  if (code >= 0 && /restricted|expecting header/i.test(details)) {
    return new KServeError(
      `${what}: ${details} (an endpoint restricted by the server: pass its header with -H "Name: value", or lift ` +
        "the restriction, e.g. PyTriton's TritonSecurityConfig(restricted_endpoints=[]))",
      "restricted",
      code,
    );
  }
  switch (code) {
    case GrpcStatus.UNAVAILABLE: {
      const conn = connectionProblem(details);
      if (conn !== undefined) {
        return new KServeError(
          `cannot reach ${server}: ${conn} (is Triton running, and is ${ctx.url} its gRPC port?)`,
          "unreachable",
          code,
        );
      }
      if (model !== undefined && /not ready|unknown model|no available versions|not found/i.test(details)) {
        return new KServeError(`${model} is not available on ${server}: ${details}`, "model-not-ready", code);
      }
      return new KServeError(`${what}: server unavailable: ${details}`, "unavailable", code);
    }
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new KServeError(`${what}: no answer within ${ctx.deadlineMs} ms (deadline exceeded)`, "deadline", code);
    case GrpcStatus.NOT_FOUND:
      return new KServeError(
        model !== undefined ? `${model} not found on ${server} (${details})` : `${what}: not found: ${details}`,
        model !== undefined ? "model-not-found" : "other",
        code,
      );
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new KServeError(`${what}: resource exhausted: ${details}`, "resource-exhausted", code);
    case GrpcStatus.PERMISSION_DENIED:
    case GrpcStatus.UNAUTHENTICATED:
      return new KServeError(`${what}: ${details} (pass credentials with -H "Name: value")`, "restricted", code);
    case GrpcStatus.INVALID_ARGUMENT:
      if (model !== undefined && /unknown model|not found/i.test(details)) {
        return new KServeError(`${model} not found on ${server} (${details})`, "model-not-found", code);
      }
      return new KServeError(`${what}: invalid request: ${details}`, "invalid", code);
    case GrpcStatus.CANCELLED:
      return new KServeError(`${what}: cancelled`, "cancelled", code);
    case GrpcStatus.UNIMPLEMENTED:
      return new KServeError(`${what}: not implemented by the server (${details})`, "other", code);
    default: {
      if (model !== undefined && /unknown model/i.test(details)) {
        return new KServeError(`${model} not found on ${server} (${details})`, "model-not-found", code);
      }
      const name = code >= 0 ? (GrpcStatus[code] ?? `status ${code}`) : "error";
      return new KServeError(`${what}: ${name}: ${details}`, "other", code);
    }
  }
}
