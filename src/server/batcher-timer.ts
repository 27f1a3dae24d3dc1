// BatcherTimer: when the batcher thread runs again by itself — a wake-up it asked for, or the periodic
// IDLE_WAIT_US re-check of a sleeping batcher. Each timer event carries a tag and only the newest tag
// is live, so a superseded timer fires as a no-op. Pushes at most one event per distinct wake time.
import { Phase, type EventQueue } from "../kernel/event-queue.js";
import { IDLE_WAIT_US } from "./dynamic-batcher.js";
import { EventKind } from "./event-kinds.js";

export class BatcherTimer {
  private tag = 0;
  private atUs = -1;
  /** Since when the batcher sleeps without a timer of its own (-1 = it has one, or is running). It
   *  re-checks every IDLE_WAIT_US; that tick is pushed as a timer only once something could need it. */
  private sleepSinceUs = -1;

  constructor(private readonly eq: EventQueue) {}

  /** The batcher thread is running now (it will sleep again or ask for a wake-up before it returns). */
  running(): void {
    this.sleepSinceUs = -1;
  }

  sleepFrom(nowUs: number): void {
    this.sleepSinceUs = nowUs;
    // a fresh wait: any timer from an earlier decision no longer applies
    this.tag++;
    this.atUs = -1;
  }

  wakeAt(atUs: number): void {
    this.sleepSinceUs = -1;
    if (atUs === this.atUs) return;
    this.atUs = atUs;
    this.eq.push(atUs, Phase.Batcher, EventKind.Timer, 0, ++this.tag);
  }

  /** The sleeping batcher's next periodic re-check after now, as a timer. */
  scheduleTick(nowUs: number): void {
    const since = this.sleepSinceUs;
    if (since < 0) return;
    const at = since + (Math.floor((nowUs - since) / IDLE_WAIT_US) + 1) * IDLE_WAIT_US;
    if (at === this.atUs) return;
    this.atUs = at;
    this.eq.push(at, Phase.Batcher, EventKind.Timer, 0, ++this.tag);
  }

  /** A timer event with this tag fired: is it the live one (then the batcher wakes)? */
  fired(tag: number): boolean {
    if (tag !== this.tag) return false;
    this.atUs = -1;
    return true;
  }
}
