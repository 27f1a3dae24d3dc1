// Model instances that take turns on the GPU (profile gpuSharing "turns": instances in separate processes,
// each with its own CUDA context, as Triton's Python backend runs them). The GPU runs one execution's turn
// at a time, in the order they asked (GpuTurns). An execution first runs its input phase (slowed by the
// table's factor for the executions on the device, outside the GPU), then the host part of its infer
// (what full overlap hides: t1 less the turn t2 / 2 plus the switch), overlapping others' turns, then
// waits for the GPU; its turn is the GPU part; then its output phase. The draw's scatter around its batch
// size's mean is host work: it lengthens the host part, so it hides behind another instance's turn (as
// the 2- and 4-instance calibration logs show), and the GPU part is the mean's. Handed over from another
// instance with k executions on the device, a turn is the k-way contended execution over k (the cycle
// seen in full overlap, switch included); otherwise the GPU part, plus the profile's switch cost for the
// device's instance count when the GPU last ran another instance. With the profile's time slice, a turn
// longer than the slice is cut after each slice: while another instance waits, the rest of the turn queues
// behind it (the GPU time-slices contexts, so a long execution lets others' whole executions through). With
// the profile's overtake, on a device of three or more instances a short execution that asks for the GPU while
// a long turn holds it, and only short ones wait, cuts that turn once: the longest waiter runs its turn and the
// cut one resumes right after it (short and long by the batch size's turn against a single request's).
// Everything else (host work of merged requests, the idle and slow-stretch factors, statistics) is
// InstanceSet's.
import { ComputePhase, type ComputeTables } from "../compute/compute-model.js";
import type { EventQueue } from "../kernel/event-queue.js";
import { GpuTurns, contendedExecutions, hostFractions } from "./gpu-turns.js";
import { InstanceSet, instanceKind, type InstanceKind } from "./instances.js";
import { SharingInstanceSet } from "./sharing-instances.js";
import type { SlowStretchProcess } from "./slow-stretches.js";

/** phase[i] while the infer phase's host part runs, and while it waits for its turn. */
const INFER_HOST = 3;
const WAITING = 4;

export class TurnTakingInstanceSet extends InstanceSet {
  /** Who holds each GPU and who waits for it. */
  private readonly gpu: GpuTurns;
  /** Fraction of a standalone infer that is host work overlapping others' turns, by batch size. */
  private readonly hostFraction: Float64Array;
  /** The k-way contended execution by (k, batch size) (contendedExecutions' layout). */
  private readonly kWay: Float64Array;
  /** The switch cost on each device, by the instances it holds (compute.gpuSwitchUsAt). */
  private readonly switchUs: Float64Array;
  /** The GPU's time slice (compute.gpuSliceUs; 0: turns are never cut). */
  private readonly sliceUs: number;
  /** What each instance's turn has left after the slice it runs now (0: the slice ends its turn). */
  private readonly leftover: Float64Array;
  /** When each instance's current slice of its turn began. */
  private readonly sliceStartUs: Float64Array;
  /** Each instance's current turn was cut by an overtake already (1), or not (0). */
  private readonly overtaken: Uint8Array;
  /** Overtakes happen on devices of at least this many instances (0: never). */
  private readonly overtakeFrom: number;
  /** Per device: the longest turn (µs, mean, k-way contended over k at the device's instance count) that still
   *  counts as short, the single request's times the profile's ratio. */
  private readonly shortTurnMaxUs: Float64Array;

  constructor(
    device: Int32Array,
    compute: ComputeTables,
    events: EventQueue,
    phaseEventKind: number,
    stretches: SlowStretchProcess | null = null,
  ) {
    super(device, compute, events, phaseEventKind, stretches);
    this.gpu = new GpuTurns(this.layout);
    const devices = this.devStart.length - 1;
    this.switchUs = new Float64Array(devices);
    for (let d = 0; d < devices; d++) this.switchUs[d] = compute.gpuSwitchUsAt(this.layout.instancesOn(d));
    // the two-instance switch: the host part is what the two-way cycle leaves of the standalone infer
    this.hostFraction = hostFractions(compute, compute.gpuSwitchUs);
    this.kWay = contendedExecutions(compute, this.maxPer);
    this.sliceUs = compute.gpuSliceUs;
    this.leftover = new Float64Array(device.length);
    this.overtaken = new Uint8Array(device.length);
    this.sliceStartUs = new Float64Array(device.length);
    const overtake = compute.gpuOvertake;
    this.overtakeFrom = overtake?.fromInstances ?? 0;
    this.shortTurnMaxUs = new Float64Array(devices);
    for (let d = 0; d < devices; d++) {
      if (overtake !== null) this.shortTurnMaxUs[d] = overtake.shortTurnRatio * this.meanTurnUs(this.layout.instancesOn(d), 1);
    }
  }

  protected override kind(): InstanceKind {
    return "turns";
  }

  /** The execution's device work begins with its input phase; it counts on its device from now on. */
  protected override beginDevice(i: number, nowUs: number): void {
    this.phaseStartUs[i] = nowUs;
    this.lastUs[i] = nowUs;
    this.active[this.device[i]!]!++;
    this.rate[i] = 1;
    this.phase[i] = ComputePhase.Input;
    this.remaining[i] = this.contended(i, ComputePhase.Input);
    this.schedulePhaseEnd(i, nowUs);
  }

  /** A phase, the infer's host part or its turn, of instance i ended; true when the execution is done. */
  protected override devicePhaseEnded(i: number, nowUs: number): boolean {
    const w = i * 3;
    const p = this.phase[i]!;
    if (p === INFER_HOST) {
      this.awaitTurn(i, nowUs);
      return false;
    }
    this.took[w + p] = nowUs - this.phaseStartUs[i]!;
    if (p === ComputePhase.Input) {
      this.beginHostPart(i, nowUs);
      return false;
    }
    if (p === ComputePhase.Infer && this.leftover[i]! > 0) {
      this.sliceEnded(i, nowUs);
      return false;
    }
    if (p === ComputePhase.Infer) {
      if (this.inferEnded !== null) this.inferEnded(i, this.phaseStartUs[i]!, nowUs);
      this.endTurn(this.device[i]!, nowUs);
      this.phase[i] = ComputePhase.Output;
      this.phaseStartUs[i] = nowUs;
      this.remaining[i] = this.contended(i, ComputePhase.Output);
      if (this.remaining[i]! > 0) {
        this.schedulePhaseEnd(i, nowUs);
        return false;
      }
    }
    const hostOut = this.beginHostOutput(i, nowUs);
    if (!hostOut) this.finish(i, nowUs);
    this.leaveDevice(i, nowUs);
    return !hostOut;
  }

  /** input or output work of instance i, slowed as measured with the executions now on its
   *  device (these phases run outside the GPU turn). */
  private contended(i: number, phase: ComputePhase): number {
    const work = this.work[i * 3 + phase]!;
    const k = this.active[this.device[i]!]!;
    return k > 1 && work > 0 ? work * this.compute.slowdown(phase, k, this.batch[i]!) : work;
  }

  /** the infer starts with its host part (the share that full overlap hides), then waits
   *  for the GPU. */
  private beginHostPart(i: number, nowUs: number): void {
    this.phase[i] = INFER_HOST;
    this.phaseStartUs[i] = nowUs;
    this.remaining[i] = this.hostPart(i);
    this.schedulePhaseEnd(i, nowUs);
  }

  /** the host part of instance i's infer: its mean share of the mean infer plus the whole
   *  deviation of this draw from that mean (the scatter is host work), never below 0. */
  private hostPart(i: number): number {
    const b = this.tableBatch(i);
    const mean = this.compute.meanUs(ComputePhase.Infer, b) * this.scale[i]!;
    return Math.max(0, this.work[i * 3 + 1]! - mean * (1 - this.hostFraction[b]!));
  }

  /** instance i wants the GPU: it takes it when free, else queues for it. */
  private awaitTurn(i: number, nowUs: number): void {
    const d = this.device[i]!;
    if (this.gpu.request(i, d)) {
      this.takeTurn(i, d, nowUs);
      return;
    }
    this.phase[i] = WAITING;
    if (this.overtakeFrom > 0 && this.layout.instancesOn(d) >= this.overtakeFrom) this.overtake(i, d, nowUs);
  }

  /** Whether instance i's batch takes a short turn on its device. */
  private shortTurn(i: number): boolean {
    const d = this.device[i]!;
    return this.meanTurnUs(this.layout.instancesOn(d), this.tableBatch(i)) <= this.shortTurnMaxUs[d]!;
  }

  /** The k-way contended execution of batch size b (the calibration's full overlap of k executions). */
  private kWayUs(k: number, b: number): number {
    return this.kWay[k * (this.compute.maxBatch + 1) + b]!;
  }

  /** The mean turn of batch size b among k instances: the k-way contended execution over k. */
  private meanTurnUs(k: number, b: number): number {
    return this.kWayUs(k, b) / k;
  }

  /** Short instance i has just queued for device d's GPU: if a long turn holds it, not cut before, and every
   *  waiter is short, the turn is cut now; the longest waiter takes the GPU and the cut one waits first in line. */
  private overtake(i: number, d: number, nowUs: number): void {
    const h = this.gpu.holderOf(d);
    if (this.overtaken[h] === 1 || this.phase[h] !== ComputePhase.Infer || !this.shortTurn(i) || this.shortTurn(h)) return;
    for (let j = this.gpu.waitingOn(d) - 1; j >= 0; j--) if (!this.shortTurn(this.gpu.waiterAt(d, j))) return;
    // what h's slice had left goes back into its turn; its phase-end event is void
    this.leftover[h] = this.leftover[h]! + Math.max(0, this.remaining[h]! - (nowUs - this.sliceStartUs[h]!));
    this.tag[h]!++;
    this.overtaken[h] = 1;
    this.phase[h] = WAITING;
    this.takeTurn(this.gpu.overtake(d), d, nowUs);
  }

  /** i holds the GPU for the rest of its infer. Handed over from another instance while k
   *  executions are on the device, the turn is the cycle per execution seen in full overlap: the k-way
   *  contended execution (all three phases, switch included) over k, scaled by this draw. Otherwise it is
   *  the rest of its standalone infer, plus the switch cost when the GPU last ran another instance. */
  private takeTurn(i: number, d: number, nowUs: number): void {
    if (this.leftover[i]! > 0) {
      // a cut turn resumes: what it had left, the switch (if any) already in it
      this.gpu.switchTo(i, d);
      this.nextSlice(i, nowUs);
      return;
    }
    this.overtaken[i] = 0;
    const b = this.tableBatch(i);
    const k = this.active[d]!;
    const switched = this.gpu.switchTo(i, d);
    const gpuWork = this.work[i * 3 + 1]! - this.hostPart(i);
    if (switched && k > 1) {
      const t1 = this.compute.meanUs(ComputePhase.Infer, b);
      const gpuShare = 1 - this.hostFraction[b]!;
      // the turn scales with this execution's GPU work (its infer as if all of it were that share)
      const infer = gpuShare > 0 ? gpuWork / gpuShare : this.work[i * 3 + 1]!;
      this.remaining[i] = t1 > 0 ? (infer * this.kWayUs(k, b)) / (k * t1) : 0;
    } else {
      this.remaining[i] = gpuWork + (switched ? this.switchUs[d]! : 0);
    }
    this.leftover[i] = this.remaining[i]!;
    this.nextSlice(i, nowUs);
  }

  /** i runs the next slice of its turn: all it has left, or one time slice of it. */
  private nextSlice(i: number, nowUs: number): void {
    const left = this.leftover[i]!;
    const run = this.sliceUs > 0 && left > this.sliceUs ? this.sliceUs : left;
    this.leftover[i] = left - run;
    this.remaining[i] = run;
    this.sliceStartUs[i] = nowUs;
    this.phase[i] = ComputePhase.Infer;
    this.schedulePhaseEnd(i, nowUs);
  }

  /** i's slice ended with some of its turn left: an instance waiting for the GPU takes it and i queues
   *  behind the waiters; with none waiting, i runs on. */
  private sliceEnded(i: number, nowUs: number): void {
    const d = this.device[i]!;
    const next = this.gpu.release(d);
    this.gpu.request(i, d); // holds the GPU again when no one waited, else queues last
    if (next < 0) {
      this.nextSlice(i, nowUs);
      return;
    }
    this.phase[i] = WAITING;
    this.takeTurn(next, d, nowUs);
  }

  /** the GPU of device d is free: the longest-waiting execution takes it. */
  private endTurn(d: number, nowUs: number): void {
    const next = this.gpu.release(d);
    if (next >= 0) this.takeTurn(next, d, nowUs);
  }
}

/** The instance set for these devices (instanceKind): turn-taking when the profile says so and a device
 *  has more than one instance, processor sharing when it does not, else each execution at full speed. */
export function makeInstanceSet(
  device: Int32Array,
  compute: ComputeTables,
  events: EventQueue,
  phaseEventKind: number,
  stretches: SlowStretchProcess | null = null,
): InstanceSet {
  switch (instanceKind(device, compute)) {
    case "turns":
      return new TurnTakingInstanceSet(device, compute, events, phaseEventKind, stretches);
    case "sharing":
      return new SharingInstanceSet(device, compute, events, phaseEventKind, stretches);
    case "alone":
      return new InstanceSet(device, compute, events, phaseEventKind, stretches);
  }
}
