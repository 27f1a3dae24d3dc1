// Closed-loop load: N synchronous clients, each sending its next request as soon as the previous
// response arrives (perf_analyzer's concurrency mode). The first failure stops every client and is kept;
// stop() resolves once nothing is in flight.
import type { InferRequest, KServeClient, PreparedInfer } from "./client.js";
import type { RequestLog } from "./request-log.js";

export interface ClosedLoop {
  /** Ask every client to stop after its current request; resolves when all have. */
  stop(): Promise<void>;
  /** The first error any client hit (the loop stops itself on it). */
  readonly error: () => unknown;
  /** Resolves (never rejects) when the loop stops, for whatever reason. */
  readonly done: Promise<void>;
}

export interface ClosedLoopOptions {
  readonly client: KServeClient;
  readonly request: InferRequest | PreparedInfer;
  readonly concurrency: number;
  readonly log: RequestLog;
  readonly deadlineMs?: number | undefined;
  /** Called with the error that stopped the loop. */
  readonly onError?: ((err: unknown) => void) | undefined;
}

export function startClosedLoop(opts: ClosedLoopOptions): ClosedLoop {
  const prepared = "message" in opts.request ? opts.request : opts.client.prepareInfer(opts.request);
  let stopping = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!stopping) {
      opts.log.sent += 1;
      try {
        const res = await opts.client.infer(prepared, opts.deadlineMs);
        opts.log.record(res.timing);
      } catch (err) {
        opts.log.failed += 1;
        if (!stopping) {
          stopping = true;
          firstError = err;
          opts.onError?.(err);
        }
      }
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency }, () => worker())).then(() => undefined);
  return {
    stop: () => {
      stopping = true;
      return done;
    },
    error: () => firstError,
    done,
  };
}
