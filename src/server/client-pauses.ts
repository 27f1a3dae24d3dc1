// The load generator's own pauses: a tool written in a garbage-collected language (servesim loadgen, on
// Node) stops its one thread for every collection, and a response that reaches it then is timed when the
// pause ends. Phase GC measured servesim loadgen on the H100 host (calibration/device/runs/
// 2026-11-26-h100-client-gc/): a pause about every 230 requests whatever the level, mean 2.6–3.0 ms, 2–6 %
// of the time. So pauses follow requests, not wall time: handling a response makes a pause due with
// probability `perRequest`, and it starts once the responses that reached the tool together (one
// execution's) are handled — V8 collects between callbacks — lasting an exponential time of mean `meanUs`.
// One pause is remembered (they are rare); a response handled before the remembered one began (finish()
// runs at the server's completion, a little out of client order) is neither held nor makes one due. One
// uniform draw per response, from its own random stream, so every other draw is unchanged; nothing is
// allocated.
import type { RandomStream } from "../kernel/rng.js";

export interface ClientPauseParams {
  /** Probability that handling one response makes a pause due. */
  readonly perRequest: number;
  /** Mean pause, µs (exponential). */
  readonly meanUs: number;
}

export class ClientPauses {
  private startUs = Number.NEGATIVE_INFINITY;
  private endUs = Number.NEGATIVE_INFINITY;
  /** A pause is due once the responses that reached the tool together are handled. */
  private pending = false;
  /** When the last response of the burst being handled was handled. */
  private burstEndUs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly params: ClientPauseParams,
    private readonly rng: RandomStream,
  ) {
    if (!(params.perRequest >= 0 && params.perRequest <= 1)) throw new RangeError(`perRequest must be in [0, 1], got ${params.perRequest}`);
    if (!(params.meanUs >= 0) || !Number.isFinite(params.meanUs)) throw new RangeError(`meanUs must be a finite number >= 0, got ${params.meanUs}`);
  }

  /** When something due at tUs (a send on the open-loop schedule) happens: the end of the pause it falls
   *  in, else tUs. Starts no pause. */
  release(tUs: number): number {
    return tUs >= this.startUs && tUs < this.endUs ? this.endUs : tUs;
  }

  /** When the tool handles a response that reached it at tUs; handling it may make a pause due. */
  handle(tUs: number): number {
    const t = tUs < this.startUs || tUs >= this.endUs ? tUs : this.endUs;
    if (t > this.burstEndUs) this.burstEndUs = t;
    if (tUs >= this.startUs && this.rng.uniform() < this.params.perRequest) this.pending = true;
    return t;
  }

  /** The responses that reached the tool together (one execution's) are handled: a pause made due
   *  meanwhile starts after the last of them (V8 collects between callbacks, not inside one). */
  endBurst(): void {
    const lastUs = this.burstEndUs;
    this.burstEndUs = Number.NEGATIVE_INFINITY;
    if (!this.pending) return;
    this.pending = false;
    if (lastUs < this.startUs) return;
    this.startUs = lastUs < this.endUs ? this.endUs : lastUs;
    this.endUs = this.startUs + this.rng.exponential(this.params.meanUs);
  }
}
