// Model instances and the GPUs they share. An execution runs three phases (compute input, infer,
// output), each a standalone amount of work drawn when it starts. How executions on one device share it
// is the profile's choice (gpuSharing):
// - processor sharing (default): with k running, a phase of a batch of b samples progresses at
//   1 / slowdown(phase, k, b), rates changing whenever an execution starts or ends on that device;
// - turns (instances in separate processes, each with its own CUDA context: the Python backend): the
//   GPU runs one execution's turn at a time, in the order they asked. An execution first runs the host
//   part of its infer (what full overlap hides: t1 less the turn t2 / 2 plus the switch), overlapping
//   others' turns, then waits for the GPU; its turn runs its phases. The draw's scatter around its
//   batch size's mean is host work: it lengthens the host part, so it hides behind another instance's
//   turn (as the 2- and 4-instance calibration logs show), and the GPU part is the mean's. Handed over
//   from another instance with k executions on the device, each phase takes slowdown(phase, k, b) / k
//   of its work (the turn seen in full overlap, switch included); otherwise the rest of its standalone
//   work, plus the profile's switch cost when the GPU last ran another instance.
// Phase ends are events; when rates change, the old event is left in the heap and ignored by its tag.
// The extra cost of merging several requests into one execution is host work done by the instance
// itself (a Python-backend stub handles each request in its own process): its input and infer parts run
// first, its output part last (the responses go out one by one during it, ServerModel), all at full
// speed, and none of it counts as an execution on the device, so it overlaps the other instances' work.
// Triton's statistics still see it inside the phases it was measured in. An instance that idled before
// an execution runs its device phases longer by the profile's idle factor, and an execution started
// during one of its instance's slow stretches runs all its work longer by the stretch factor.
import { ComputePhase, type ComputeTables } from "../compute/compute-model.js";
import { Phase, type EventQueue } from "../kernel/event-queue.js";
import { GpuTurns, contendedExecutions, hostFractions } from "./gpu-turns.js";
import type { SlowStretchProcess } from "./slow-stretches.js";

/** phase[i] while an execution does its host work (before its device phases). */
const HOST = -1;
/** Under turn-taking: phase[i] while the infer phase's host part runs, and while it waits for its turn. */
const INFER_HOST = 3;
const WAITING = 4;
/** phase[i] while an execution of several requests does the per-request part of its output on the host,
 *  after its device phases: one response after another. */
const HOST_OUTPUT = 5;

export class InstanceSet {
  readonly count: number;
  readonly device: Int32Array;
  /** Payload being executed (-1 = idle). */
  readonly payload: Int32Array;
  readonly batch: Int32Array;
  readonly phase: Int32Array;
  readonly tag: Int32Array;
  /** Standalone work left in the current phase, µs at rate 1. */
  readonly remaining: Float64Array;
  readonly rate: Float64Array;
  readonly lastUs: Float64Array;
  readonly phaseStartUs: Float64Array;
  readonly execStartUs: Float64Array;
  /** Standalone work of each phase of the current execution ([i*3 + phase]). */
  readonly work: Float64Array;
  /** Host (uncontended) work of each phase of the current execution ([i*3 + phase]). */
  readonly hostWork: Float64Array;
  /** Wall-clock duration each phase took ([i*3 + phase]). */
  readonly took: Float64Array;
  readonly busyUs: Float64Array;
  /** When each instance last finished an execution (-Infinity before its first). */
  readonly lastEndUs: Float64Array;
  readonly executions: Float64Array;
  /** Turn-taking: the mean infer of the current execution (its batch size's, times the same idle and slow
   *  stretches), so that a draw's deviation from it goes to the host part. */
  private readonly inferMean: Float64Array;
  /** Executions running on each device. */
  readonly active: Int32Array;
  /** Instances of each device, flattened: devStart[d] .. devStart[d+1]. */
  private readonly devStart: Int32Array;
  private readonly devMembers: Int32Array;
  private readonly sharing: boolean;
  private readonly turns: boolean;
  private readonly idleAware: boolean;
  /** Turn-taking: who holds each GPU and who waits for it (null under processor sharing). */
  private readonly gpu: GpuTurns | null;
  /** Turn-taking: fraction of a standalone infer that is host work overlapping others' turns, by batch. */
  private readonly hostFraction: Float64Array;
  /** Turn-taking: the k-way contended execution by (k, batch size) (contendedExecutions' layout). */
  private readonly kWay: Float64Array;
  private readonly switchUs: number;
  /** Told when an execution of several requests leaves its device phases and begins its per-request
   *  output (`hostOutputUs`, at full speed), during which its responses go out one by one. */
  responding: ((i: number, nowUs: number, hostOutputUs: number) => void) | null = null;

  constructor(
    device: Int32Array,
    private readonly compute: ComputeTables,
    private readonly events: EventQueue,
    private readonly phaseEventKind: number,
    private readonly stretches: SlowStretchProcess | null = null,
  ) {
    const n = device.length;
    this.count = n;
    this.device = device;
    this.payload = new Int32Array(n).fill(-1);
    this.batch = new Int32Array(n);
    this.phase = new Int32Array(n);
    this.tag = new Int32Array(n);
    this.remaining = new Float64Array(n);
    this.rate = new Float64Array(n).fill(1);
    this.lastUs = new Float64Array(n);
    this.phaseStartUs = new Float64Array(n);
    this.execStartUs = new Float64Array(n);
    this.work = new Float64Array(n * 3);
    this.hostWork = new Float64Array(n * 3);
    this.took = new Float64Array(n * 3);
    this.busyUs = new Float64Array(n);
    this.lastEndUs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.executions = new Float64Array(n);
    this.inferMean = new Float64Array(n);
    let devices = 0;
    for (let i = 0; i < n; i++) devices = Math.max(devices, device[i]! + 1);
    this.active = new Int32Array(devices);
    this.devStart = new Int32Array(devices + 1);
    const per = new Int32Array(devices);
    for (let i = 0; i < n; i++) per[device[i]!]!++;
    for (let d = 0; d < devices; d++) this.devStart[d + 1] = this.devStart[d]! + per[d]!;
    this.devMembers = new Int32Array(n);
    const fill = new Int32Array(devices);
    for (let i = 0; i < n; i++) {
      const d = device[i]!;
      this.devMembers[this.devStart[d]! + fill[d]!++] = i;
    }
    let maxPer = 0;
    for (let d = 0; d < devices; d++) maxPer = Math.max(maxPer, per[d]!);
    const contended = compute.contended && maxPer > 1;
    this.turns = contended && compute.gpuTurns;
    this.sharing = contended && !this.turns;
    this.idleAware = compute.hasIdle;
    this.gpu = this.turns ? new GpuTurns(this.devStart) : null;
    this.switchUs = compute.gpuSwitchUs;
    this.hostFraction = this.turns ? hostFractions(compute, this.switchUs) : new Float64Array(0);
    this.kWay = this.turns ? contendedExecutions(compute, maxPer) : new Float64Array(0);
  }

  /** Largest number of instances on one device. */
  static maxPerDevice(device: Int32Array): number {
    const m = new Map<number, number>();
    let best = 0;
    for (const d of device) {
      const c = (m.get(d) ?? 0) + 1;
      m.set(d, c);
      best = Math.max(best, c);
    }
    return best;
  }

  /** Instance order for the idle queue at start: round-robin over devices. */
  interleavedOrder(): number[] {
    const out: number[] = [];
    const devices = this.active.length;
    for (let round = 0; out.length < this.count; round++) {
      for (let d = 0; d < devices; d++) {
        const idx = this.devStart[d]! + round;
        if (idx < this.devStart[d + 1]!) out.push(this.devMembers[idx]!);
      }
    }
    return out;
  }

  /** Busy time of instance i up to now (including a running execution). */
  busyUntil(i: number, nowUs: number): number {
    return this.busyUs[i]! + (this.payload[i]! >= 0 ? nowUs - this.execStartUs[i]! : 0);
  }

  /** Start executing a payload of `batch` samples with the given standalone phase works and, for
   *  merged requests, the host work of each phase (0 when the execution carries one request). */
  start(
    i: number,
    payload: number,
    batch: number,
    nowUs: number,
    input: number,
    infer: number,
    output: number,
    hostInput = 0,
    hostInfer = 0,
    hostOutput = 0,
  ): void {
    this.payload[i] = payload;
    this.batch[i] = batch;
    this.execStartUs[i] = nowUs;
    const w = i * 3;
    let scale = 1;
    // after idling, the same work takes longer (the profile's idle stretch)
    if (this.idleAware) {
      const stretch = this.compute.idleFactor(nowUs - this.lastEndUs[i]!);
      scale = stretch;
      input *= stretch;
      infer *= stretch;
      output *= stretch;
    }
    if (this.stretches !== null) {
      const m = this.stretches.multiplier(i, nowUs);
      scale *= m;
      input *= m;
      infer *= m;
      output *= m;
      hostInput *= m;
      hostInfer *= m;
      hostOutput *= m;
    }
    if (this.turns) this.inferMean[i] = this.compute.meanUs(ComputePhase.Infer, this.tableBatch(i)) * scale;
    this.work[w] = input;
    this.work[w + 1] = infer;
    this.work[w + 2] = output;
    this.hostWork[w] = hostInput;
    this.hostWork[w + 1] = hostInfer;
    this.hostWork[w + 2] = hostOutput;
    this.took[w] = 0;
    this.took[w + 1] = 0;
    this.took[w + 2] = 0;
    // the per-request output runs last (hostOutput, after the device phases)
    const host = hostInput + hostInfer;
    if (host > 0) {
      this.phase[i] = HOST;
      this.remaining[i] = host;
      this.rate[i] = 1;
      this.lastUs[i] = nowUs;
      this.schedulePhaseEnd(i, nowUs);
      return;
    }
    this.beginDevice(i, nowUs);
  }

  /** The execution's device work begins: it counts on its device from now on. */
  private beginDevice(i: number, nowUs: number): void {
    const w = i * 3;
    const d = this.device[i]!;
    this.phaseStartUs[i] = nowUs;
    this.lastUs[i] = nowUs;
    if (this.turns) {
      this.active[d]!++;
      this.rate[i] = 1;
      this.phase[i] = ComputePhase.Input;
      this.remaining[i] = this.contended(i, ComputePhase.Input);
      this.schedulePhaseEnd(i, nowUs);
      return;
    }
    let first: number = ComputePhase.Input;
    while (first < ComputePhase.Output && this.work[w + first] === 0) first++;
    this.phase[i] = first;
    this.remaining[i] = this.work[w + first]!;
    if (this.sharing) {
      this.settle(d, nowUs);
      this.active[d]!++;
      this.reschedule(d, nowUs);
    } else {
      this.active[d]!++;
      this.rate[i] = 1;
      this.schedulePhaseEnd(i, nowUs);
    }
  }

  /** Handle a phase-end event; returns true when the execution finished (the caller completes it). */
  phaseEnded(i: number, tag: number, nowUs: number): boolean {
    if (tag !== this.tag[i] || this.payload[i]! < 0) return false; // stale event
    const w = i * 3;
    if (this.phase[i] === HOST) {
      this.beginDevice(i, nowUs);
      return false;
    }
    if (this.phase[i] === HOST_OUTPUT) {
      this.finish(i, nowUs);
      return true;
    }
    if (this.turns) return this.turnPhaseEnded(i, nowUs);
    for (;;) {
      const p = this.phase[i]!;
      this.took[w + p] = nowUs - this.phaseStartUs[i]!;
      if (p === ComputePhase.Output) break;
      const np = p + 1;
      this.phase[i] = np;
      this.phaseStartUs[i] = nowUs;
      this.lastUs[i] = nowUs;
      this.remaining[i] = this.work[w + np]!;
      if (this.remaining[i]! > 0) {
        if (this.sharing) this.rate[i] = 1 / this.compute.slowdown(np as ComputePhase, this.active[this.device[i]!]!, this.batch[i]!);
        this.schedulePhaseEnd(i, nowUs);
        return false;
      }
    }
    const hostOut = this.beginHostOutput(i, nowUs);
    if (!hostOut) this.finish(i, nowUs);
    const d = this.device[i]!;
    if (this.sharing) {
      this.settle(d, nowUs);
      this.active[d]!--;
      this.reschedule(d, nowUs);
    } else {
      this.active[d]!--;
    }
    return !hostOut;
  }

  /** After its device phases, an execution of several requests does its per-request output on the host
   *  (the responses going out one by one); false when it has none (the execution is done). */
  private beginHostOutput(i: number, nowUs: number): boolean {
    const work = this.hostWork[i * 3 + 2]!;
    if (!(work > 0)) return false;
    this.phase[i] = HOST_OUTPUT;
    this.phaseStartUs[i] = nowUs;
    this.lastUs[i] = nowUs;
    this.remaining[i] = work;
    this.rate[i] = 1;
    this.schedulePhaseEnd(i, nowUs);
    if (this.responding !== null) this.responding(i, nowUs, work);
    return true;
  }

  /** Turn-taking: a phase, the infer's host part or its turn, of instance i ended; true when the
   *  execution is done. */
  private turnPhaseEnded(i: number, nowUs: number): boolean {
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
    if (p === ComputePhase.Infer) {
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
    this.active[this.device[i]!]!--;
    return !hostOut;
  }

  /** Turn-taking: input or output work of instance i, slowed as measured with the executions now on its
   *  device (these phases run outside the GPU turn). */
  private contended(i: number, phase: ComputePhase): number {
    const work = this.work[i * 3 + phase]!;
    const k = this.active[this.device[i]!]!;
    return k > 1 && work > 0 ? work * this.compute.slowdown(phase, k, this.batch[i]!) : work;
  }

  /** Turn-taking: the infer starts with its host part (the share that full overlap hides), then waits
   *  for the GPU. */
  private beginHostPart(i: number, nowUs: number): void {
    this.phase[i] = INFER_HOST;
    this.phaseStartUs[i] = nowUs;
    this.remaining[i] = this.hostPart(i);
    this.schedulePhaseEnd(i, nowUs);
  }

  /** Turn-taking: the host part of instance i's infer: its mean share of the mean infer plus the whole
   *  deviation of this draw from that mean (the scatter is host work), never below 0. */
  private hostPart(i: number): number {
    const mean = this.inferMean[i]!;
    return Math.max(0, this.work[i * 3 + 1]! - mean * (1 - this.hostFraction[this.tableBatch(i)]!));
  }

  /** Turn-taking: instance i wants the GPU: it takes it when free, else queues for it. */
  private awaitTurn(i: number, nowUs: number): void {
    const d = this.device[i]!;
    if (this.gpu!.request(i, d)) this.takeTurn(i, d, nowUs);
    else this.phase[i] = WAITING;
  }

  /** Turn-taking: i holds the GPU for the rest of its infer. Handed over from another instance while k
   *  executions are on the device, the turn is the cycle per execution seen in full overlap: the k-way
   *  contended execution (all three phases, switch included) over k, scaled by this draw. Otherwise it is
   *  the rest of its standalone infer, plus the switch cost when the GPU last ran another instance. */
  private takeTurn(i: number, d: number, nowUs: number): void {
    const b = this.tableBatch(i);
    const k = this.active[d]!;
    const switched = this.gpu!.switchTo(i, d);
    const gpuWork = this.work[i * 3 + 1]! - this.hostPart(i);
    if (switched && k > 1) {
      const t1 = this.compute.meanUs(ComputePhase.Infer, b);
      const gpuShare = 1 - this.hostFraction[b]!;
      // the turn scales with this execution's GPU work (its infer as if all of it were that share)
      const infer = gpuShare > 0 ? gpuWork / gpuShare : this.work[i * 3 + 1]!;
      this.remaining[i] = t1 > 0 ? (infer * this.kWay[k * (this.compute.maxBatch + 1) + b]!) / (k * t1) : 0;
    } else {
      this.remaining[i] = gpuWork + (switched ? this.switchUs : 0);
    }
    this.phase[i] = ComputePhase.Infer;
    this.schedulePhaseEnd(i, nowUs);
  }

  /** Turn-taking: the GPU of device d is free: the longest-waiting execution takes it. */
  private endTurn(d: number, nowUs: number): void {
    const next = this.gpu!.release(d);
    if (next >= 0) this.takeTurn(next, d, nowUs);
  }

  /** Instance i's batch size as an index into the tables (which end at their largest batch size). */
  private tableBatch(i: number): number {
    const b = this.batch[i]!;
    return b > this.compute.maxBatch ? this.compute.maxBatch : b;
  }

  /** The execution of instance i is done (it still counts on its device: the caller takes it off).
   *  Triton's statistics count the host work inside the phases it belongs to. */
  private finish(i: number, nowUs: number): void {
    const w = i * 3;
    this.took[w]! += this.hostWork[w]!;
    this.took[w + 1]! += this.hostWork[w + 1]!;
    this.took[w + 2]! += this.hostWork[w + 2]!;
    this.busyUs[i]! += nowUs - this.execStartUs[i]!;
    this.lastEndUs[i] = nowUs;
    this.executions[i]!++;
    this.payload[i] = -1;
    this.tag[i]!++;
  }

  private schedulePhaseEnd(i: number, nowUs: number): void {
    const t = ++this.tag[i]!;
    const rem = this.remaining[i]!;
    this.events.push(rem > 0 ? nowUs + rem / this.rate[i]! : nowUs, Phase.Completion, this.phaseEventKind, i, t);
  }

  /** Bring every running execution on device d up to now at its current rate. */
  private settle(d: number, nowUs: number): void {
    for (let j = this.devStart[d]!; j < this.devStart[d + 1]!; j++) {
      const i = this.devMembers[j]!;
      if (this.payload[i]! < 0 || this.phase[i] === HOST || this.phase[i] === HOST_OUTPUT) continue;
      this.remaining[i] = Math.max(0, this.remaining[i]! - (nowUs - this.lastUs[i]!) * this.rate[i]!);
      this.lastUs[i] = nowUs;
    }
  }

  /** New rates for device d's running executions after its count changed; new phase-end events. */
  private reschedule(d: number, nowUs: number): void {
    const k = this.active[d]!;
    for (let j = this.devStart[d]!; j < this.devStart[d + 1]!; j++) {
      const i = this.devMembers[j]!;
      if (this.payload[i]! < 0 || this.phase[i] === HOST || this.phase[i] === HOST_OUTPUT) continue;
      this.rate[i] = 1 / this.compute.slowdown(this.phase[i] as ComputePhase, k, this.batch[i]!);
      this.schedulePhaseEnd(i, nowUs);
    }
  }
}
