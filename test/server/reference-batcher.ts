// A naive reference of Triton's dynamic batcher in prefetch mode, written from the rules of
// shared/reference/triton-semantics.md §2–3 for the model-based test: plain arrays re-scanned at every
// decision, one instance per GPU (no contention) and a deterministic service time t(b), so an execution
// lasts exactly t(b). Slow and simple on purpose; it shares no code with src/server.

export interface RefConfig {
  readonly maxBatchSize: number;
  /** Normalised: ascending, unique, never empty. */
  readonly preferred: readonly number[];
  readonly delayUs: number;
  /** Instances, one per GPU. */
  readonly instances: number;
}

export interface RefArrival {
  readonly t: number;
  readonly b: number;
}

export interface RefExecution {
  readonly instance: number;
  readonly startUs: number;
  readonly batchSize: number;
  readonly requestIds: readonly number[];
}

interface Req {
  readonly id: number;
  readonly samples: number;
  readonly enqueueUs: number;
}

interface Payload {
  reqs: Req[];
  /** Taken by an instance, or frozen by a merge inspection: it no longer grows. */
  executing: boolean;
  /** In the payload FIFO (formed, waiting for an instance). */
  queued: boolean;
}

const size = (p: Payload): number => p.reqs.reduce((s, r) => s + r.samples, 0);
const oldest = (p: Payload): number => Math.min(...p.reqs.map((r) => r.enqueueUs));

/** Run the reference on a trace; returns every execution in start order and the rejected request ids. */
export function referenceBatcher(cfg: RefConfig, serviceUs: (b: number) => number, arrivals: readonly RefArrival[]): { executions: RefExecution[]; rejected: number[] } {
  const maxPreferred = Math.max(...cfg.preferred);
  const isPreferred = (n: number): boolean => cfg.preferred.includes(n);
  const queue: Req[] = [];
  const fifo: Payload[] = [];
  const idle: number[] = Array.from({ length: cfg.instances }, (_, i) => i); // longest idle first
  const running: { instance: number; endUs: number; order: number }[] = [];
  const executions: RefExecution[] = [];
  const rejected: number[] = [];
  let current: Payload | null = null;
  /** The batcher's "cannot grow" flag for the current payload. */
  let saturated = false;
  let timerUs = Number.POSITIVE_INFINITY;
  let next = 0;
  let starts = 0;

  // §3: an idle instance takes the oldest formed payload; with a delay and batching it also merges the
  // following payloads that waited longer than the delay and still fit (each one it looks at stops growing).
  const dispatch = (now: number): void => {
    while (idle.length > 0 && fifo.length > 0) {
      const p = fifo.shift()!;
      const instance = idle.shift()!;
      p.executing = true;
      p.queued = false;
      if (cfg.delayUs > 0 && cfg.maxBatchSize > 1) {
        while (fifo.length > 0 && now - oldest(fifo[0]!) > cfg.delayUs) {
          const f = fifo[0]!;
          f.executing = true;
          if (size(p) + size(f) > cfg.maxBatchSize) break;
          fifo.shift();
          p.reqs.push(...f.reqs);
          if (current === f) current = null;
        }
      }
      const b = size(p);
      executions.push({ instance, startUs: now, batchSize: b, requestIds: p.reqs.map((r) => r.id) });
      running.push({ instance, endUs: now + serviceUs(b), order: starts++ });
    }
  };

  // §2: one scan of the queue into the current payload; returns 0 = the pending prefix goes now (with
  // `take` set), or the µs to wait.
  let take = 0;
  const scan = (now: number, payload: Payload): number => {
    const P = size(payload);
    let pending = 0;
    let count = 0;
    let cut = 0; // requests in the cut; an empty cut counts as none (as in Triton's code)
    let stoppedEarly = false;
    for (const r of queue) {
      if (P + count > 0) {
        if (P + pending + r.samples > maxPreferred && cut === 0) {
          cut = count; // the next request would pass the largest preferred size
          saturated = true;
        }
        if (P + pending + r.samples > cfg.maxBatchSize) {
          stoppedEarly = true;
          break;
        }
      }
      pending += r.samples;
      count++;
      if (isPreferred(P + pending)) cut = count; // the largest preferred size reachable wins
    }
    const oldestUs = Math.min(...queue.slice(0, count).map((r) => r.enqueueUs));
    const exceeded = cfg.delayUs !== 0 && now - oldestUs >= cfg.delayUs;
    if (cut > 0 && !exceeded) {
      if (cfg.delayUs === 0) saturated = true;
      take = cut;
      return 0;
    }
    take = count;
    if (stoppedEarly || P + pending >= maxPreferred) {
      saturated = true;
      return 0;
    }
    if (exceeded || cfg.delayUs === 0) return 0;
    // a formed payload that can still grow and is not at a preferred size takes the pending requests now
    if (!saturated && P !== 0 && !isPreferred(P)) return 0;
    take = 0;
    return cfg.delayUs - (now - oldestUs);
  };

  const runBatcher = (now: number): void => {
    for (;;) {
      if (current === null || saturated || current.executing) {
        current = { reqs: [], executing: false, queued: false };
        saturated = false;
      }
      if (queue.length === 0 || fifo.length >= 2 * cfg.instances) {
        timerUs = Number.POSITIVE_INFINITY; // sleeps until something changes: a pending timer no longer applies
        return;
      }
      const wait = scan(now, current);
      if (wait > 0) {
        timerUs = now + wait;
        return;
      }
      if (take > 0) {
        current.reqs.push(...queue.splice(0, take));
        if (!current.queued && !current.executing) {
          current.queued = true;
          fifo.push(current);
          dispatch(now);
        }
      }
    }
  };

  for (;;) {
    const nextArrival = next < arrivals.length ? arrivals[next]!.t : Number.POSITIVE_INFINITY;
    const nextEnd = running.length > 0 ? Math.min(...running.map((x) => x.endUs)) : Number.POSITIVE_INFINITY;
    const now = Math.min(nextArrival, nextEnd, timerUs);
    if (now === Number.POSITIVE_INFINITY) break;
    // completions first (in the order the executions started), then arrivals, then the batcher
    const ending = running.filter((x) => x.endUs === now).sort((a, b) => a.order - b.order);
    for (const x of ending) {
      running.splice(running.indexOf(x), 1);
      idle.push(x.instance);
    }
    while (next < arrivals.length && arrivals[next]!.t === now) {
      const a = arrivals[next]!;
      if (Math.max(1, a.b) > cfg.maxBatchSize) rejected.push(next);
      else queue.push({ id: next, samples: Math.max(1, a.b), enqueueUs: now });
      next++;
    }
    if (timerUs === now) timerUs = Number.POSITIVE_INFINITY;
    dispatch(now);
    runBatcher(now);
  }
  return { executions, rejected };
}
