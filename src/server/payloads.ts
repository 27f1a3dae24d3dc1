// Payloads: batches formed by the scheduler (a linked list of requests, total samples, state, and the
// oldest batcher-start time), and the model's payload FIFO that idle instances take from (Triton's
// rate-limiter queue). Both on typed arrays with recycled ids.
import type { RequestPool } from "./request-pool.js";

export const PayloadState = { Uninitialized: 0, Queued: 1, Executing: 2 } as const;

export class PayloadPool {
  head: Int32Array;
  tail: Int32Array;
  size: Int32Array;
  count: Int32Array;
  state: Int32Array;
  batcherStartUs: Float64Array;
  private free: Int32Array;
  private freeTop: number;
  capacity: number;

  constructor(private readonly pool: RequestPool, initialCapacity = 64) {
    this.capacity = initialCapacity;
    this.head = new Int32Array(initialCapacity);
    this.tail = new Int32Array(initialCapacity);
    this.size = new Int32Array(initialCapacity);
    this.count = new Int32Array(initialCapacity);
    this.state = new Int32Array(initialCapacity);
    this.batcherStartUs = new Float64Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
    for (let i = 0; i < initialCapacity; i++) this.free[i] = initialCapacity - 1 - i;
    this.freeTop = initialCapacity;
  }

  alloc(): number {
    if (this.freeTop === 0) this.grow();
    const p = this.free[--this.freeTop]!;
    this.head[p] = -1;
    this.tail[p] = -1;
    this.size[p] = 0;
    this.count[p] = 0;
    this.state[p] = PayloadState.Uninitialized;
    this.batcherStartUs[p] = 0;
    return p;
  }

  release(p: number): void {
    this.free[this.freeTop++] = p;
  }

  add(p: number, r: number): void {
    const pool = this.pool;
    pool.next[r] = -1;
    const t = this.tail[p]!;
    if (t === -1) this.head[p] = r;
    else pool.next[t] = r;
    this.tail[p] = r;
    this.size[p]! += pool.samples[r]!;
    this.count[p]!++;
    const bs = pool.batcherStartUs[r]!;
    if (this.count[p] === 1 || bs < this.batcherStartUs[p]!) this.batcherStartUs[p] = bs;
  }

  /** Move all requests of `from` to the end of `into` (Triton's MergePayload); `from` is released. */
  merge(into: number, from: number): void {
    const pool = this.pool;
    const h = this.head[from]!;
    if (h !== -1) {
      const t = this.tail[into]!;
      if (t === -1) this.head[into] = h;
      else pool.next[t] = h;
      this.tail[into] = this.tail[from]!;
      this.size[into]! += this.size[from]!;
      this.count[into]! += this.count[from]!;
      if (this.batcherStartUs[from]! < this.batcherStartUs[into]!) this.batcherStartUs[into] = this.batcherStartUs[from]!;
    }
    this.release(from);
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const g32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.head = g32(this.head);
    this.tail = g32(this.tail);
    this.size = g32(this.size);
    this.count = g32(this.count);
    this.state = g32(this.state);
    const bs = new Float64Array(cap);
    bs.set(this.batcherStartUs);
    this.batcherStartUs = bs;
    const fl = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) fl[i] = cap - 1 - i;
    this.free = fl;
    this.freeTop = cap - old;
    this.capacity = cap;
  }
}

/** A growable FIFO ring of ints (payload ids, idle instance ids). */
export class IntFifo {
  private buf: Int32Array;
  private headIdx = 0;
  length = 0;

  constructor(initialCapacity = 16) {
    this.buf = new Int32Array(initialCapacity);
  }

  push(x: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.headIdx + this.length) % this.buf.length] = x;
    this.length++;
  }

  shift(): number {
    if (this.length === 0) return -1;
    const x = this.buf[this.headIdx]!;
    this.headIdx = (this.headIdx + 1) % this.buf.length;
    this.length--;
    return x;
  }

  peek(): number {
    return this.length === 0 ? -1 : this.buf[this.headIdx]!;
  }

  private grow(): void {
    const b = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.length; i++) b[i] = this.buf[(this.headIdx + i) % this.buf.length]!;
    this.buf = b;
    this.headIdx = 0;
  }
}
