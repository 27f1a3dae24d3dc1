// The load generator's network time drifts: in one-client traces the gap between a response leaving and
// the client's next request arriving correlates over tens of ms (calibration/server/network_drift.py), and
// requests that left one execution together come back closer together than independent draws would. So a
// request's standard normal deviate for its Network+Server draw is sqrt(share) × W(t) + sqrt(1 − share) × e:
// W a host-wide, stationary Ornstein–Uhlenbeck process with the given correlation time, advanced lazily to
// each send from its own random stream, and e the request's own deviate. Each part is standard normal, so
// the draw's lognormal marginal (fitted to the tool's one-client mean and spread) is unchanged.
import type { RandomStream } from "../kernel/rng.js";

export interface NetworkDriftParams {
  /** Share of the deviate's variance that is the host-wide process (0–1). */
  readonly share: number;
  /** The process's correlation time (µs): deviates t apart correlate share × exp(−t / correlationUs). */
  readonly correlationUs: number;
}

export class NetworkDrift {
  private readonly shared: number;
  private readonly own: number;
  private w: number;
  private atUs = 0;

  constructor(
    private readonly params: NetworkDriftParams,
    private readonly rng: RandomStream,
  ) {
    this.shared = Math.sqrt(params.share);
    this.own = Math.sqrt(1 - params.share);
    this.w = rng.normal(); // stationary start
  }

  /** The deviate of a request sent at tUs whose own standard normal deviate is `own`. Sends earlier than
   *  the last one seen (never in practice) take the process where it is. */
  deviate(tUs: number, own: number): number {
    if (tUs > this.atUs) {
      const r = Math.exp(-(tUs - this.atUs) / this.params.correlationUs);
      this.w = r * this.w + Math.sqrt(1 - r * r) * this.rng.normal();
      this.atUs = tUs;
    }
    return this.shared * this.w + this.own * own;
  }
}
