// BatcherWakeups: when the batcher thread looks at its queue again — woken by an arrival, by an instance
// taking a payload or, without prefetch, returning from one (after the profile's scan time, when it has one:
// phase EW), by its own timer (a wait it asked for, late by the profile's measured lateness) or by its
// periodic re-check (BatcherTimer). Sets a flag the server model acts on once per instant; one heap event
// per scan, nothing allocated per event.
import type { ComputeTables } from "../compute/compute-model.js";
import { Phase, type EventQueue } from "../kernel/event-queue.js";
import { RandomStream } from "../kernel/rng.js";
import { BatcherTimer } from "./batcher-timer.js";
import { EventKind } from "./event-kinds.js";

export class BatcherWakeups {
  /** The batcher thread was woken (timer, payload taken or returned, or an arrival passing its wake test). */
  woken = false;
  private readonly timer: BatcherTimer;
  /** With the profile's batcherWake: when the scan of a pending wake-up runs (-1: none pending), and its
   *  draws. A wake-up while one is pending joins it (the batcher has not looked yet). */
  private scanAtUs = -1;
  private readonly rng: RandomStream | null;
  /** When the scan is drawn (a batcher and the profile's batcherWake): its mean, which a timed wake's lateness
   *  gets back, and how much of it the scheduling times hold, which the clients take off them; else 0 and 0. */
  private readonly scanMeanUs: number;
  readonly scanInSchedulingUs: number;

  /** `scans`: the server has a batcher and the profile a scan time. */
  constructor(
    private readonly eq: EventQueue,
    private readonly tables: ComputeTables,
    seed: string,
    scans: boolean,
  ) {
    this.timer = new BatcherTimer(eq);
    this.rng = scans ? new RandomStream(seed, "batcher-wake") : null;
    this.scanMeanUs = scans ? tables.batcherWake!.meanUs : 0;
    this.scanInSchedulingUs = scans ? tables.batcherWakeInSchedulingUs : 0;
  }

  /** Something notifies the batcher thread at nowUs: it scans now, or after the profile's scan time. */
  notify(nowUs: number): void {
    const rng = this.rng;
    if (rng === null) {
      this.woken = true;
      return;
    }
    if (this.scanAtUs >= nowUs) return;
    this.scanAtUs = nowUs + this.tables.batcherWake!.at(rng.uniform());
    this.eq.push(this.scanAtUs, Phase.Batcher, EventKind.Wake, 0);
  }

  /** A woken batcher's scan is due. */
  onScan(nowUs: number): void {
    if (nowUs >= this.scanAtUs) this.scanAtUs = -1;
    this.woken = true;
  }

  /** A timer event fired: is it the live one (then the batcher is woken)? */
  onTimer(tag: number): boolean {
    if (!this.timer.fired(tag)) return false;
    this.woken = true;
    return true;
  }

  /** The batcher thread runs now (it will sleep again or ask for a wake-up before it returns). */
  running(): void {
    this.timer.running();
  }

  sleepFrom(nowUs: number): void {
    this.timer.sleepFrom(nowUs);
  }

  /** The sleeping batcher's next periodic re-check after now, as a timer. */
  scheduleTick(nowUs: number): void {
    this.timer.scheduleTick(nowUs);
  }

  /** The batcher, running at nowUs, sleeps until atUs; the host wakes it late by the profile's lateness for
   *  that wait (measured whole, against the delay-0 level's queue, which holds one scan: with the scan drawn,
   *  its mean is added back here). */
  wakeAt(atUs: number, nowUs: number): void {
    const t = this.tables;
    const wait = atUs - nowUs;
    this.timer.wakeAt(wait > 0 ? atUs + t.batcherLateUs + this.scanMeanUs + t.batcherLateFraction * wait : atUs);
  }
}
