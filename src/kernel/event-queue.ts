// EventQueue: a binary min-heap on typed arrays, ordered by (time, phase, insertion sequence), so
// equal-time events come out in a fixed, deterministic order. Pushing and popping allocate nothing
// (the arrays double only when the heap outgrows them).

/** Phase of an event: at one instant, completions run first, then arrivals, then the batcher. */
export const Phase = { Completion: 0, Arrival: 1, Batcher: 2 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

const SEQ_SPAN = 2 ** 45; // phase * SEQ_SPAN + seq stays exact in a float64 for 3.5e13 events

export class EventQueue {
  private timeUs: Float64Array;
  private order: Float64Array;
  private kindArr: Int32Array;
  private refArr: Int32Array;
  private tagArr: Int32Array;
  private n = 0;
  private seq = 0;

  /** Fields of the event last returned by pop(). */
  kind = 0;
  ref = 0;
  tag = 0;
  phase = 0;

  constructor(initialCapacity = 1024) {
    this.timeUs = new Float64Array(initialCapacity);
    this.order = new Float64Array(initialCapacity);
    this.kindArr = new Int32Array(initialCapacity);
    this.refArr = new Int32Array(initialCapacity);
    this.tagArr = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTimeUs(): number {
    return this.n > 0 ? (this.timeUs[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Phase of the earliest event (-1 when empty). */
  peekPhase(): number {
    return this.n > 0 ? Math.floor((this.order[0] as number) / SEQ_SPAN) : -1;
  }

  push(timeUs: number, phase: Phase, kind: number, ref: number, tag = 0): void {
    if (this.n === this.timeUs.length) this.grow();
    const ord = phase * SEQ_SPAN + this.seq++;
    const times = this.timeUs;
    const order = this.order;
    let i = this.n++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < timeUs || (pt === timeUs && (order[p] as number) < ord)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = timeUs;
    order[i] = ord;
    this.kindArr[i] = kind;
    this.refArr[i] = ref;
    this.tagArr[i] = tag;
  }

  /** Remove the earliest event; returns its time and leaves kind/ref/tag/phase in the fields. */
  pop(): number {
    const times = this.timeUs;
    const order = this.order;
    const t0 = times[0] as number;
    const o0 = order[0] as number;
    this.kind = this.kindArr[0] as number;
    this.ref = this.refArr[0] as number;
    this.tag = this.tagArr[0] as number;
    this.phase = Math.floor(o0 / SEQ_SPAN);
    const last = --this.n;
    if (last > 0) {
      const lt = times[last] as number;
      const lo = order[last] as number;
      const lk = this.kindArr[last] as number;
      const lr = this.refArr[last] as number;
      const lg = this.tagArr[last] as number;
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        const r = c + 1;
        if (r < last) {
          const ct = times[c] as number;
          const rt = times[r] as number;
          if (rt < ct || (rt === ct && (order[r] as number) < (order[c] as number))) c = r;
        }
        const ct = times[c] as number;
        if (lt < ct || (lt === ct && lo < (order[c] as number))) break;
        this.move(c, i);
        i = c;
      }
      times[i] = lt;
      order[i] = lo;
      this.kindArr[i] = lk;
      this.refArr[i] = lr;
      this.tagArr[i] = lg;
    }
    return t0;
  }

  clear(): void {
    this.n = 0;
    this.seq = 0;
  }

  private move(from: number, to: number): void {
    this.timeUs[to] = this.timeUs[from] as number;
    this.order[to] = this.order[from] as number;
    this.kindArr[to] = this.kindArr[from] as number;
    this.refArr[to] = this.refArr[from] as number;
    this.tagArr[to] = this.tagArr[from] as number;
  }

  private grow(): void {
    const cap = this.timeUs.length * 2;
    const t = new Float64Array(cap);
    t.set(this.timeUs);
    this.timeUs = t;
    const o = new Float64Array(cap);
    o.set(this.order);
    this.order = o;
    const k = new Int32Array(cap);
    k.set(this.kindArr);
    this.kindArr = k;
    const r = new Int32Array(cap);
    r.set(this.refArr);
    this.refArr = r;
    const g = new Int32Array(cap);
    g.set(this.tagArr);
    this.tagArr = g;
  }
}
