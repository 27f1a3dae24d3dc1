// PriorityQueue: Triton's scheduler queue. One FIFO per priority level (1 = highest; a single level 0
// when the model has no levels), each with a "delayed" FIFO behind it for requests whose timeout
// expired with action DELAY. Expiry is applied lazily, as the batcher's cursor passes a request.
// Requests are slot ids of a RequestPool linked through `next`; nothing is allocated per request.
import type { RequestPool } from "./request-pool.js";
import { policyForLevel, type DynamicBatching } from "./config.js";

export interface TimeoutSink {
  /** A queued request expired with timeout_action REJECT and leaves the queue now. */
  onQueueTimeout(request: number, nowUs: number): void;
}

export class PriorityQueue {
  readonly firstLevel: number;
  readonly lastLevel: number;
  private readonly defaultLevel: number;
  private readonly mainHead: Int32Array;
  private readonly mainTail: Int32Array;
  private readonly delHead: Int32Array;
  private readonly delTail: Int32Array;
  private readonly count: Int32Array;
  private readonly delay: Uint8Array;
  private readonly maxSize: Int32Array;
  private readonly timeoutUs: Float64Array;
  private readonly allowOverride: Uint8Array;
  /** Requests queued (all levels, delayed included). */
  size = 0;
  /** Samples queued. */
  samples = 0;

  // cursor state (Triton's pending cursor; rebuilt by every scan)
  private cLevel = 0;
  private cNode = -1;
  private cPrev = -1;
  private cDelayed = false;

  constructor(
    private readonly pool: RequestPool,
    db: DynamicBatching | null,
    private readonly sink: TimeoutSink,
  ) {
    const levels = db?.priorityLevels ?? 0;
    this.firstLevel = levels === 0 ? 0 : 1;
    this.lastLevel = levels;
    this.defaultLevel = levels === 0 ? 0 : db!.defaultPriorityLevel;
    const n = levels + 1;
    this.mainHead = new Int32Array(n).fill(-1);
    this.mainTail = new Int32Array(n).fill(-1);
    this.delHead = new Int32Array(n).fill(-1);
    this.delTail = new Int32Array(n).fill(-1);
    this.count = new Int32Array(n);
    this.delay = new Uint8Array(n);
    this.maxSize = new Int32Array(n);
    this.timeoutUs = new Float64Array(n);
    this.allowOverride = new Uint8Array(n);
    if (db !== null) {
      for (let l = this.firstLevel; l <= this.lastLevel; l++) {
        const p = policyForLevel(db, l);
        this.delay[l] = p.timeoutAction === "DELAY" ? 1 : 0;
        this.maxSize[l] = p.maxQueueSize;
        this.timeoutUs[l] = p.defaultTimeoutUs;
        this.allowOverride[l] = p.allowTimeoutOverride ? 1 : 0;
      }
    }
  }

  /** Level a request with client priority `priority` is queued at (0 or out of range ⇒ default). */
  levelFor(priority: number): number {
    if (this.lastLevel === 0) return 0;
    return priority >= 1 && priority <= this.lastLevel ? priority : this.defaultLevel;
  }

  /** Enqueue at `nowUs`; false when the level's max_queue_size is reached (request rejected). */
  enqueue(r: number, priority: number, requestTimeoutUs: number, nowUs: number): boolean {
    const pool = this.pool;
    const l = this.levelFor(priority);
    const max = this.maxSize[l]!;
    if (max !== 0 && this.count[l]! >= max) return false;
    let timeout = this.timeoutUs[l]!;
    // Triton lets a request only shorten the level's default timeout (so none when the default is 0).
    if (this.allowOverride[l] === 1 && requestTimeoutUs !== 0 && requestTimeoutUs < timeout) timeout = requestTimeoutUs;
    pool.deadlineUs[r] = timeout !== 0 ? nowUs + timeout : 0;
    pool.level[r] = l;
    pool.next[r] = -1;
    const tail = this.mainTail[l]!;
    if (tail === -1) this.mainHead[l] = r;
    else pool.next[tail] = r;
    this.mainTail[l] = r;
    this.count[l]!++;
    this.size++;
    this.samples += pool.samples[r]!;
    return true;
  }

  /** Remove and return the front request (highest level, unexpired before delayed); -1 when empty. */
  dequeue(): number {
    const pool = this.pool;
    for (let l = this.firstLevel; l <= this.lastLevel; l++) {
      let r = this.mainHead[l]!;
      if (r !== -1) {
        const nx = pool.next[r]!;
        this.mainHead[l] = nx;
        if (nx === -1) this.mainTail[l] = -1;
      } else {
        r = this.delHead[l]!;
        if (r === -1) continue;
        const nx = pool.next[r]!;
        this.delHead[l] = nx;
        if (nx === -1) this.delTail[l] = -1;
      }
      pool.next[r] = -1;
      this.count[l]!--;
      this.size--;
      this.samples -= pool.samples[r]!;
      return r;
    }
    return -1;
  }

  /** Put the cursor before the first request (no policy applied yet). */
  cursorReset(): void {
    this.cLevel = this.firstLevel;
    this.cDelayed = false;
    this.cPrev = -1;
    this.cNode = this.mainHead[this.firstLevel]!;
    this.settle();
  }

  /** Request under the cursor after applying the timeout policy to it (-1 at the end). Expired requests
   *  are rejected (REJECT) or moved behind their level's unexpired requests (DELAY), as Triton's
   *  ApplyPolicyAtCursor does. */
  cursorApplyPolicy(nowUs: number): number {
    const pool = this.pool;
    while (this.cNode !== -1 && !this.cDelayed) {
      const r = this.cNode;
      const d = pool.deadlineUs[r]!;
      if (d === 0 || nowUs <= d) break;
      // unlink r from the main FIFO of cLevel
      const l = this.cLevel;
      const nx = pool.next[r]!;
      if (this.cPrev === -1) this.mainHead[l] = nx;
      else pool.next[this.cPrev] = nx;
      if (this.mainTail[l] === r) this.mainTail[l] = this.cPrev;
      pool.next[r] = -1;
      this.cNode = nx;
      if (this.delay[l] === 1) {
        const t = this.delTail[l]!;
        if (t === -1) this.delHead[l] = r;
        else pool.next[t] = r;
        this.delTail[l] = r;
      } else {
        this.count[l]!--;
        this.size--;
        this.samples -= pool.samples[r]!;
        this.sink.onQueueTimeout(r, nowUs);
      }
      this.settle();
    }
    return this.cNode;
  }

  /** Step past the request under the cursor. */
  cursorAdvance(): void {
    if (this.cNode === -1) return;
    this.cPrev = this.cNode;
    this.cNode = this.pool.next[this.cNode]!;
    this.settle();
  }

  /** Move to the next FIFO / level while the cursor is at the end of one. */
  private settle(): void {
    while (this.cNode === -1) {
      if (!this.cDelayed) {
        this.cDelayed = true;
        this.cPrev = -1;
        this.cNode = this.delHead[this.cLevel]!;
        continue;
      }
      if (this.cLevel >= this.lastLevel) return;
      this.cLevel++;
      this.cDelayed = false;
      this.cPrev = -1;
      this.cNode = this.mainHead[this.cLevel]!;
    }
  }
}
