// RequestPool: per-request state in parallel typed arrays indexed by a recycled slot id, so the event
// loop never allocates a request object. Arrays double when more requests are in flight than fit.

const FLOAT_FIELDS = [
  "t0Us", // client starts sending
  "sendUs", // client send duration
  "netInUs", // network + server frontend before the queue
  "arriveUs", // request_start = queue_start in Triton's statistics
  "batcherStartUs", // when the scheduler first sees the request (arrive + scheduling)
  "deadlineUs", // queue timeout deadline (0 = none)
  "execStartUs",
  "inputUs",
  "inferUs",
  "outputUs",
  "execEndUs",
  "seq", // enqueue order (preserve_ordering)
  "timeoutUs", // the request's timeout parameter (0 = none)
  "id", // creation order, stable across slot reuse (for observers and tests)
] as const;
const INT_FIELDS = ["samples", "level", "next", "client", "payloadSize", "priority", "loaded"] as const;

type FloatField = (typeof FLOAT_FIELDS)[number];
type IntField = (typeof INT_FIELDS)[number];

export class RequestPool {
  capacity: number;
  private freeList: Int32Array;
  private freeTop: number;
  inUse = 0;

  t0Us!: Float64Array;
  sendUs!: Float64Array;
  netInUs!: Float64Array;
  arriveUs!: Float64Array;
  batcherStartUs!: Float64Array;
  deadlineUs!: Float64Array;
  execStartUs!: Float64Array;
  inputUs!: Float64Array;
  inferUs!: Float64Array;
  outputUs!: Float64Array;
  execEndUs!: Float64Array;
  seq!: Float64Array;
  timeoutUs!: Float64Array;
  id!: Float64Array;
  /** max(1, client batch size). */
  samples!: Int32Array;
  /** Priority level the request is queued at (0 when the model has no levels). */
  level!: Int32Array;
  /** Next request in the same queue or payload (-1 = none). */
  next!: Int32Array;
  /** Closed-loop client that sent it (-1 = open loop). */
  client!: Int32Array;
  /** Total batch size of the execution that served it. */
  payloadSize!: Int32Array;
  /** The request's priority parameter (0 = the model's default level). */
  priority!: Int32Array;
  /** The share of its execution's loaded wait its response meets, in Clients.loadedWaitWholeFrom-ths (0: sent alone). */
  loaded!: Int32Array;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    for (const f of FLOAT_FIELDS) this[f as FloatField] = new Float64Array(initialCapacity);
    for (const f of INT_FIELDS) this[f as IntField] = new Int32Array(initialCapacity);
    this.freeList = new Int32Array(initialCapacity);
    for (let i = 0; i < initialCapacity; i++) this.freeList[i] = initialCapacity - 1 - i;
    this.freeTop = initialCapacity;
  }

  alloc(): number {
    if (this.freeTop === 0) this.grow();
    this.inUse++;
    const id = this.freeList[--this.freeTop]!;
    this.next[id] = -1;
    return id;
  }

  release(id: number): void {
    this.inUse--;
    this.freeList[this.freeTop++] = id;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    for (const f of FLOAT_FIELDS) {
      const a = new Float64Array(cap);
      a.set(this[f as FloatField]);
      this[f as FloatField] = a;
    }
    for (const f of INT_FIELDS) {
      const a = new Int32Array(cap);
      a.set(this[f as IntField]);
      this[f as IntField] = a;
    }
    const fl = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) fl[i] = cap - 1 - i;
    this.freeList = fl;
    this.freeTop = cap - old;
    this.capacity = cap;
  }
}
