// What holds the server's front end: its stalls (front-end-stalls.ts: Triton's front end and the load
// generator stop together for a few ms) and the host's episodes (the profile's `hostEpisodes`: the host slows
// for tens of ms). During an episode nothing passes the front end — no request reaches the scheduler, no
// response its client, no instance its next payload — while the load generator keeps sending on schedule,
// so an open-loop request sent into an episode waits out the rest of it and is timed from its send. Why a
// hold and not a slowdown: the stalling starts' light open-loop p99 (15–35 ms) is what requests caught in
// exponential episodes of the profile's rate r and mean length D would wait, D·ln(100·φ) for the share
// φ = rD / (1 + rD) of the time they cover, while their closed loop, whose few clients an episode holds once
// each, is hardly touched (docs/VALIDATION.md, step 44).
// Episodes come from their own random stream, starting at exponential intervals, of exponential length, so
// every other draw is unchanged and a profile without them simulates as before. Only when the input asks
// (SimulationInput.hostEpisodes): validate predicts the measured starts with them; plan plans for a host without
// them (its caveats list recurring ones), and simulate leaves them out unless --host-episodes.
import type { FrontEndStalls, HostEpisodes } from "../compute/profile.js";
import { RandomStream } from "../kernel/rng.js";
import { FrontEndStallProcess } from "./front-end-stalls.js";

export class FrontEndHolds {
  private constructor(
    private readonly stalls: FrontEndStallProcess | null,
    private readonly episodes: FrontEndStallProcess | null,
  ) {}

  /** The holds of a profile's stalls and episodes, or null when it has neither. */
  static of(stalls: FrontEndStalls | null, episodes: HostEpisodes | null, seed: string): FrontEndHolds | null {
    if (stalls === null && episodes === null) return null;
    return new FrontEndHolds(
      stalls === null ? null : new FrontEndStallProcess(stalls, new RandomStream(seed, "front-end-stalls")),
      episodes === null
        ? null
        : new FrontEndStallProcess({ ratePerS: episodes.ratePerS, minDurationUs: 0, meanDurationUs: episodes.meanDurationUs }, new RandomStream(seed, "host-episodes")),
    );
  }

  /** When a send due at tUs leaves the load generator: a stall stops it too (perf_analyzer times the request
   *  from then), an episode does not. */
  send(tUs: number): number {
    return this.stalls === null ? tUs : this.stalls.release(tUs);
  }

  /** When d µs of front-end work started at tUs is through: stalls skipped, and held to the end of an episode
   *  it would end in. */
  pass(tUs: number, dUs: number): number {
    const done = this.stalls === null ? tUs + dUs : this.stalls.advance(tUs, dUs);
    return this.episodes === null ? done : this.episodes.release(done);
  }
}
