// RequestLog: the client-side record of every completed request of a live run (send time, response time,
// send and receive cost), kept in growable typed arrays so a long run allocates nothing per request.
// Windows select requests by the time their response ended, as perf_analyzer does.
import type { InferTiming } from "./client.js";

export class RequestLog {
  private startMsArr = new Float64Array(1024);
  private endMsArr = new Float64Array(1024);
  private sendUsArr = new Float64Array(1024);
  private recvUsArr = new Float64Array(1024);
  private n = 0;
  /** Requests handed to the transport (completed or not). */
  sent = 0;
  /** Requests that failed (any status). */
  failed = 0;

  get length(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.startMsArr.length * 2;
    const g = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.startMsArr = g(this.startMsArr);
    this.endMsArr = g(this.endMsArr);
    this.sendUsArr = g(this.sendUsArr);
    this.recvUsArr = g(this.recvUsArr);
  }

  record(t: InferTiming): void {
    if (this.n === this.startMsArr.length) this.grow();
    const i = this.n++;
    this.startMsArr[i] = t.startMs;
    this.endMsArr[i] = t.endMs;
    this.sendUsArr[i] = t.sendUs;
    this.recvUsArr[i] = t.recvUs;
  }

  startMs(i: number): number {
    return this.startMsArr[i] as number;
  }
  endMs(i: number): number {
    return this.endMsArr[i] as number;
  }
  sendUs(i: number): number {
    return this.sendUsArr[i] as number;
  }
  recvUs(i: number): number {
    return this.recvUsArr[i] as number;
  }
  latencyUs(i: number): number {
    return ((this.endMsArr[i] as number) - (this.startMsArr[i] as number)) * 1000;
  }

  /** Indices of requests whose response ended in [fromMs, toMs). Completions are appended in end order. */
  indicesEndingIn(fromMs: number, toMs: number): number[] {
    const out: number[] = [];
    for (let i = this.n - 1; i >= 0; i--) {
      const e = this.endMsArr[i] as number;
      if (e < fromMs) break;
      if (e < toMs) out.push(i);
    }
    return out.reverse();
  }
}
