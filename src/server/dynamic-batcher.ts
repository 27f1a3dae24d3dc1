// Triton's dynamic batcher (core dynamic_batch_scheduler.cc), one batcher per model. Each run scans the
// queue in priority/FIFO order from the head, counting a request as max(1, batch) samples and adding
// to the newest payload that has not started executing: it cuts at the largest reachable preferred
// size, sends everything pending when the next request would overflow max_batch_size, when the batch
// reaches the largest preferred size, when the oldest pending request has waited max_queue_delay, or
// when the delay is 0; otherwise it waits until the delay expires (or the nearest request deadline).
// Payload slots: in prefetch mode up to 2 × instances formed payloads may wait; otherwise a payload is
// formed only for an idle instance. Like Triton's batcher thread it sleeps between runs and is woken
// only by its timer, by an instance taking one of its payloads or (its completion callback) returning from
// one, or by an arrival that passes Triton's wake test (a slot is free and the payload is saturated or
// taken, or the queue holds at least the next preferred size).
import type { DynamicBatching } from "./config.js";
import { supportsPrefetch } from "./config.js";
import { PayloadState, type IntFifo, type PayloadPool } from "./payloads.js";
import type { PriorityQueue } from "./priority-queue.js";
import type { RequestPool } from "./request-pool.js";

export interface BatcherHost {
  /** Idle instances right now. */
  idleInstances(): number;
  /** Let idle instances take queued payloads (called after a payload is queued). */
  dispatch(nowUs: number): void;
  /** Ask, running at `nowUs`, to be run again at `atUs` (replaces any earlier request). */
  wakeAt(atUs: number, nowUs: number): void;
  /** The batcher sleeps (queue empty, or no payload slot) from now; Triton's thread re-checks every
   *  IDLE_WAIT_US even if nobody wakes it. */
  sleepFrom(nowUs: number): void;
}

/** What the simulator needs from whatever forms batches from the queue: Triton's dynamic batcher, or a
 *  research policy through PolicyBatcher. */
export interface QueueScheduler {
  /** Payloads may form while every instance is busy. */
  readonly prefetch: boolean;
  /** An instance becoming idle wakes it at once (research policies). Triton's batcher: no; without prefetch
   *  its payload's completion callback notifies it instead, after its wake-up time (ServerModel.instanceFree). */
  readonly wakesOnInstanceIdle: boolean;
  /** Does a request arriving now wake it? */
  wakesOnEnqueue(): boolean;
  /** Decide at this instant. */
  run(nowUs: number): void;
  /** A payload was merged into another and released. */
  forget(payload: number): void;
  /** Feedback after an execution (research policies): oldest request's server-side latency and the
   *  execution's duration, µs. */
  observe?(batchSize: number, oldestLatencyUs: number, nowUs: number, executionUs: number): void;
}

/** How long Triton's batcher thread sleeps when it has nothing to do (it re-checks after this). */
export const IDLE_WAIT_US = 500_000;

const MAX_ITERATIONS = 1_000_000;

export class DynamicBatcher implements QueueScheduler {
  readonly wakesOnInstanceIdle = false;
  private readonly maxBatch: number;
  private readonly maxPreferred: number;
  private readonly isPreferred: Uint8Array;
  private readonly delayUs: number;
  /** Prefetch mode (payloads form while every instance is busy). */
  readonly prefetch: boolean;
  private readonly slots: number;
  /** The payload the batcher is filling (-1 = none yet). */
  private current = -1;
  private saturated = false;
  /** Samples the queue must hold before an arrival wakes the batcher (Triton's next_preferred_batch_size_). */
  private nextPreferred = 0;
  // result of the last scan
  private pendingCount = 0;

  constructor(
    db: DynamicBatching,
    maxBatchSize: number,
    instanceCount: number,
    private readonly pool: RequestPool,
    private readonly queue: PriorityQueue,
    private readonly payloads: PayloadPool,
    private readonly fifo: IntFifo,
    private readonly host: BatcherHost,
  ) {
    this.maxBatch = Math.max(1, maxBatchSize);
    this.maxPreferred = db.preferredBatchSizes.reduce((m, x) => Math.max(m, x), 0);
    this.isPreferred = new Uint8Array(this.maxBatch + 2);
    for (const s of db.preferredBatchSizes) this.isPreferred[s] = 1;
    this.delayUs = db.maxQueueDelayUs;
    this.prefetch = supportsPrefetch(db);
    this.slots = 2 * instanceCount;
  }

  /** A payload was merged into another one at dequeue and released: stop filling it. */
  forget(payload: number): void {
    if (payload === this.current) this.current = -1;
  }

  /** Triton's test in Enqueue: does a request arriving now wake the sleeping batcher? */
  wakesOnEnqueue(): boolean {
    if (!this.slotAvailable()) return false;
    return (
      this.saturated ||
      this.current < 0 ||
      this.payloads.state[this.current] === PayloadState.Executing ||
      this.queue.samples >= this.nextPreferred
    );
  }

  /** One batcher wake-up: loop until it has to wait (empty queue, no slot, or a delay timer). */
  run(nowUs: number): void {
    const payloads = this.payloads;
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      if (this.current < 0 || this.saturated || payloads.state[this.current] === PayloadState.Executing) {
        this.current = payloads.alloc();
        this.saturated = false;
        this.nextPreferred = 0;
      }
      if (this.queue.size === 0 || !this.slotAvailable()) {
        this.host.sleepFrom(nowUs);
        return;
      }
      const wait = this.formBatch(nowUs);
      if (wait === 0) {
        if (this.pendingCount > 0) {
          const p = this.current;
          for (let k = 0; k < this.pendingCount; k++) payloads.add(p, this.queue.dequeue());
          this.pendingCount = 0;
          if (payloads.state[p] === PayloadState.Uninitialized) {
            payloads.state[p] = PayloadState.Queued;
            this.fifo.push(p);
            this.host.dispatch(nowUs);
          }
        }
        continue;
      }
      this.host.wakeAt(nowUs + wait, nowUs);
      return;
    }
    throw new Error("internal error: dynamic batcher made no progress");
  }

  /** Smallest preferred size above `size`, else the smallest preferred size (0 when none). */
  private nextPreferredAbove(size: number): number {
    let smallest = 0;
    for (let b = 1; b < this.isPreferred.length; b++) {
      if (this.isPreferred[b] !== 1) continue;
      if (smallest === 0) smallest = b;
      if (b > size) return b;
    }
    return smallest;
  }

  private slotAvailable(): boolean {
    return this.prefetch ? this.fifo.length < this.slots : this.host.idleInstances() > 0;
  }

  /** Triton's GetDynamicBatch: sets pendingCount; returns 0 to send now or the µs to wait. */
  private formBatch(nowUs: number): number {
    const pool = this.pool;
    const queue = this.queue;
    const payloadSize = this.payloads.size[this.current]!;
    let pending = 0;
    let pendingCount = 0;
    let best = 0;
    let bestCount = 0;
    let oldestUs = Number.POSITIVE_INFINITY;
    let closestDeadline = 0;
    let sendNow = false;
    queue.cursorReset();
    let r = queue.cursorApplyPolicy(nowUs);
    while (r !== -1) {
      const bs = pool.samples[r]!;
      if (payloadSize + pendingCount !== 0) {
        if (payloadSize + pending + bs > this.maxPreferred && best === 0) {
          best = pending;
          bestCount = pendingCount;
          this.saturated = true;
        }
        if (payloadSize + pending + bs > this.maxBatch) {
          sendNow = true;
          break;
        }
      }
      pending += bs;
      pendingCount++;
      const bstart = pool.batcherStartUs[r]!;
      if (bstart < oldestUs) oldestUs = bstart;
      const dl = pool.deadlineUs[r]!;
      if (dl !== 0 && (closestDeadline === 0 || dl < closestDeadline)) closestDeadline = dl;
      queue.cursorAdvance();
      r = queue.cursorApplyPolicy(nowUs);
      const total = pending + payloadSize;
      if (total < this.isPreferred.length && this.isPreferred[total] === 1) {
        best = pending;
        bestCount = pendingCount;
      }
    }

    const delay = nowUs - oldestUs;
    const exceeded = this.delayUs !== 0 && delay >= this.delayUs;
    if (best !== 0 && !exceeded) {
      if (this.delayUs === 0) this.saturated = true;
      this.pendingCount = bestCount;
      return 0;
    }
    this.pendingCount = pendingCount;
    if (pendingCount === 0) return 0;
    if (sendNow || payloadSize + pending >= this.maxPreferred) {
      this.saturated = true;
      return 0;
    }
    if (exceeded || this.delayUs === 0) return 0;
    this.nextPreferred = this.nextPreferredAbove(pending + payloadSize);
    if (this.nextPreferred !== 0) this.nextPreferred -= payloadSize;
    // A growable payload that is not at a preferred size takes the pending requests at once.
    if (!this.saturated && payloadSize !== 0 && !(payloadSize < this.isPreferred.length && this.isPreferred[payloadSize] === 1)) {
      return 0;
    }
    let wait = this.delayUs - delay;
    if (closestDeadline !== 0) wait = nowUs <= closestDeadline ? Math.min(closestDeadline - nowUs, wait) : 1;
    // Triton waits in whole microseconds: a wait under 1 µs sends the pending batch now.
    if (wait < 1) return 0;
    this.pendingCount = 0;
    return wait;
  }
}
