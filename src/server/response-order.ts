// preserve_ordering: responses leave in the order requests entered the scheduler; a finished request
// waits for every earlier one. A ring of enqueue sequence numbers → request slot (-1 = not finished,
// -2 = finished without a response to hold, e.g. timed out).

export interface ResponseSink {
  release(request: number, nowUs: number): void;
}

export class ResponseOrder {
  private ring = new Int32Array(1024).fill(-1);
  private base = 0;
  private top = 0;

  constructor(private readonly sink: ResponseSink) {}

  /** Sequence number for a request entering the scheduler. */
  assign(): number {
    if (this.top - this.base >= this.ring.length) this.grow();
    const seq = this.top++;
    this.ring[seq % this.ring.length] = -1;
    return seq;
  }

  /** Requests finished but held for an earlier one. */
  get held(): number {
    let n = 0;
    for (let s = this.base; s < this.top; s++) if (this.ring[s % this.ring.length]! >= 0) n++;
    return n;
  }

  complete(seq: number, request: number, nowUs: number): void {
    this.ring[seq % this.ring.length] = request;
    this.drain(nowUs);
  }

  skip(seq: number, nowUs: number): void {
    this.ring[seq % this.ring.length] = -2;
    this.drain(nowUs);
  }

  private drain(nowUs: number): void {
    const cap = this.ring.length;
    while (this.base < this.top) {
      const x = this.ring[this.base % cap]!;
      if (x === -1) return;
      this.base++;
      if (x >= 0) this.sink.release(x, nowUs);
    }
  }

  private grow(): void {
    const old = this.ring;
    const ring = new Int32Array(old.length * 2).fill(-1);
    for (let s = this.base; s < this.top; s++) ring[s % ring.length] = old[s % old.length]!;
    this.ring = ring;
  }
}
