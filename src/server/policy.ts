// The batching-policy plug-in point for research: a policy looks at the queue (in service order) each
// time an instance is free or a request arrives, and decides to dispatch a prefix of it now, to wait
// until a time, or to stay idle until the next arrival. Triton's own batcher (the default) is not a
// policy of this kind; it lives in dynamic-batcher.ts with Triton's prefetching and wake rules.

/** Read-only, allocation-free walk over the queue in service order (priority level, then FIFO). */
export interface QueueView {
  /** Requests queued. */
  readonly count: number;
  /** Samples queued (a request counts max(1, batch)). */
  readonly samples: number;
  /** Start a walk at the head; returns false when the queue is empty. */
  first(): boolean;
  /** Step to the next request; returns false past the end. */
  next(): boolean;
  /** Samples of the request under the walk. */
  samplesHere(): number;
  /** When the scheduler first saw the request under the walk (µs). */
  arrivalUsHere(): number;
}

/** Reused by the simulator for every decision: set dispatch > 0 to send that many requests from the
 *  head now, or waitUntilUs to be asked again then (0 = wait for the next arrival or free instance). */
export interface BatchDecision {
  dispatch: number;
  waitUntilUs: number;
}

export interface PolicyContext {
  readonly maxBatchSize: number;
  readonly instances: number;
  /** Mean standalone execution time (input + infer + output) of a batch of b samples, µs. */
  serviceUs(batch: number): number;
}

export interface BatchingPolicy {
  /** Called when an instance is idle and the queue is not empty (again after each dispatch while both
   *  still hold). Leave `out` untouched to wait for the next arrival or free instance. Must not allocate. */
  decide(queue: QueueView, nowUs: number, ctx: PolicyContext, out: BatchDecision): void;
  /** Feedback after every execution: its size, the server-side latency its oldest request saw
   *  (queue + execution) and the execution's own duration, µs. */
  observe?(batchSize: number, oldestLatencyUs: number, nowUs: number, executionUs: number): void;
}
