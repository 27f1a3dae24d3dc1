// Who holds each GPU under turn-taking (see turn-instances.ts): the holder, a first-come queue of instances
// waiting for the GPU (a ring per device, in the instance set's device-member layout, so nothing is
// allocated per event), and the last holder, whose identity decides whether a turn pays the switch. A
// holder whose turn is cut for the first waiter (an overtake) waits at the head of the queue.
import { ComputePhase, type ComputeTables } from "../compute/compute-model.js";
import type { DeviceLayout } from "./device-layout.js";

export class GpuTurns {
  private readonly holder: Int32Array;
  private readonly lastHolder: Int32Array;
  private readonly ring: Int32Array;
  private readonly head: Int32Array;
  private readonly waiting: Int32Array;

  /** Device d's slots are the layout's start[d] .. start[d + 1] (one per instance on it). */
  constructor(private readonly layout: DeviceLayout) {
    const devices = layout.devices;
    this.holder = new Int32Array(devices).fill(-1);
    this.lastHolder = new Int32Array(devices).fill(-1);
    this.ring = new Int32Array(layout.start[devices]!);
    this.head = new Int32Array(devices);
    this.waiting = new Int32Array(devices);
  }

  /** Instance i asks for device d's GPU: true when it holds it now, false when it was queued. */
  request(i: number, d: number): boolean {
    if (this.holder[d]! < 0) {
      this.holder[d] = i;
      return true;
    }
    this.ring[this.slot(d, this.waiting[d]!)] = i;
    this.waiting[d]!++;
    return false;
  }

  /** The holder of device d is done: the longest-waiting instance holds it now (returned), or -1. */
  release(d: number): number {
    if (this.waiting[d]! === 0) {
      this.holder[d] = -1;
      return -1;
    }
    const next = this.ring[this.slot(d, 0)]!;
    this.head[d] = (this.head[d]! + 1) % this.layout.instancesOn(d);
    this.waiting[d]!--;
    this.holder[d] = next;
    return next;
  }

  /** The holder of device d (-1: the GPU is free). */
  holderOf(d: number): number {
    return this.holder[d]!;
  }

  /** How many instances wait for device d's GPU. */
  waitingOn(d: number): number {
    return this.waiting[d]!;
  }

  /** The j-th instance waiting for device d's GPU (0: the longest-waiting). */
  waiterAt(d: number, j: number): number {
    return this.ring[this.slot(d, j)]!;
  }

  /** The longest-waiting instance takes device d's GPU from its holder, who waits at the head of the queue
   *  (it resumes next); returns the new holder. Someone must be waiting. */
  overtake(d: number): number {
    const at = this.slot(d, 0);
    const next = this.ring[at]!;
    this.ring[at] = this.holder[d]!;
    this.holder[d] = next;
    return next;
  }

  /** Where in the ring the j-th waiter for device d's GPU sits (j = the count waiting: the next free place). */
  private slot(d: number, j: number): number {
    return this.layout.start[d]! + ((this.head[d]! + j) % this.layout.instancesOn(d));
  }

  /** Instance i begins its turn on device d: whether the GPU last ran another instance. */
  switchTo(i: number, d: number): boolean {
    const last = this.lastHolder[d]!;
    this.lastHolder[d] = i;
    return last >= 0 && last !== i;
  }
}

/** The host part of a standalone infer by batch size, as a fraction. Two executions in full overlap run
 *  one turn each per cycle, and that cycle is half a two-way contended execution (its three phases: the
 *  input and output overlap the other's turn as the host part does); a turn is a GPU part and the
 *  switch, and what the standalone infer t1 has beyond that GPU part is host work, which ran during the
 *  other's turn. */
export function hostFractions(compute: ComputeTables, switchUs: number): Float64Array {
  const out = new Float64Array(compute.maxBatch + 1);
  for (let b = 0; b <= compute.maxBatch; b++) {
    const t1 = compute.meanUs(ComputePhase.Infer, b);
    const cycle = compute.contendedExecutionUs(2, b) / 2;
    if (t1 > 0) out[b] = Math.min(1, Math.max(0, 1 - (cycle - switchUs) / t1));
  }
  return out;
}

/** The k-way contended execution (compute.contendedExecutionUs) for k = 0..maxK and every batch size,
 *  at [k * (maxBatch + 1) + b]: tabulated once, so a hand-over of the GPU costs a lookup. */
export function contendedExecutions(compute: ComputeTables, maxK: number): Float64Array {
  const B = compute.maxBatch + 1;
  const out = new Float64Array((maxK + 1) * B);
  for (let k = 2; k <= maxK; k++) for (let b = 0; b < B; b++) out[k * B + b] = compute.contendedExecutionUs(k, b);
  return out;
}
