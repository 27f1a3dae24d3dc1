// Model instances and the GPUs they share: an execution's three phases (compute input, infer, output) at full speed,
// right when no device holds two instances or the profile measured no contention (else sharing-instances.ts or
// turn-instances.ts, chosen by makeInstanceSet). Merged requests' host work runs off the device; superseded phase-end
// events stay in the heap, ignored by tag. docs/DESIGN.md, "Instances and GPUs" and "Request composition".
import { ComputePhase, type ComputeTables } from "../compute/compute-model.js";
import { Phase, type EventQueue } from "../kernel/event-queue.js";
import { DeviceLayout, maxInstancesPerDevice } from "./device-layout.js";
import type { SlowStretchProcess } from "./slow-stretches.js";

/** phase[i] while an execution does its host work (before its device phases). */
export const HOST = -1;
/** phase[i] while an execution of several requests does the per-request part of its output on the host,
 *  after its device phases: one response after another. */
export const HOST_OUTPUT = 5;

/** How executions on one device run beside each other: each at full speed ("alone": no device holds two
 *  instances, or the profile measured no contention), processor sharing, or turns on the GPU. */
export type InstanceKind = "alone" | "sharing" | "turns";

export function instanceKind(device: Int32Array, compute: ComputeTables): InstanceKind {
  if (!compute.contended || maxInstancesPerDevice(device) < 2) return "alone";
  return compute.gpuTurns ? "turns" : "sharing";
}

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
  /** The idle and slow-stretch factors on the current execution's work. */
  protected readonly scale: Float64Array;
  /** Executions running on each device. */
  readonly active: Int32Array;
  /** When each device last ran an execution's device phases (-Infinity before the first). */
  protected readonly devLastEndUs: Float64Array;
  /** Where the instances sit; devStart, devMembers and maxPer are its start, members and maxPer. */
  protected readonly layout: DeviceLayout;
  /** Instances of each device, flattened: devStart[d] .. devStart[d+1]. */
  protected readonly devStart: Int32Array;
  /** The most instances on one device. */
  protected readonly maxPer: number;
  protected readonly devMembers: Int32Array;
  private readonly idleAware: boolean;
  /** Told when an execution of several requests leaves its device phases and begins its per-request
   *  output (`hostOutputUs`, at full speed), during which its responses go out one by one. */
  responding: ((i: number, nowUs: number, hostOutputUs: number) => void) | null = null;
  /** Told when an execution's infer phase ends (a research observer's hook; null on the hot path): instance i's
   *  infer ran from `startUs` (its host part and its wait for the GPU included) to `endUs`. */
  inferEnded: ((i: number, startUs: number, endUs: number) => void) | null = null;

  constructor(
    device: Int32Array,
    protected readonly compute: ComputeTables,
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
    this.scale = new Float64Array(n);
    this.layout = new DeviceLayout(device);
    this.active = new Int32Array(this.layout.devices);
    this.devLastEndUs = new Float64Array(this.layout.devices).fill(Number.NEGATIVE_INFINITY);
    this.devStart = this.layout.start;
    this.devMembers = this.layout.members;
    this.maxPer = this.layout.maxPer;
    if (instanceKind(device, compute) !== this.kind()) throw new Error("InstanceSet: build it with makeInstanceSet (turn-instances.ts)");
    this.idleAware = compute.hasIdle;
  }

  /** Which way this set runs co-located executions (overridden by the sharing and turn-taking sets). */
  protected kind(): InstanceKind {
    return "alone";
  }

  /** Instance order for the idle queue at start: round-robin over devices. */
  interleavedOrder(): number[] {
    return this.layout.interleavedOrder();
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
    // after idling, the same work takes longer (the profile's idle stretch); the idle time is the
    // device's: an instance whose GPU ran other instances meanwhile meets no idle GPU (what taking over
    // from another instance costs is the switch, measured on the same rotation)
    if (this.idleAware) {
      const stretch = this.compute.idleFactor(this.idleUs(i, nowUs));
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
    this.scale[i] = scale;
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
  protected beginDevice(i: number, nowUs: number): void {
    const w = i * 3;
    const d = this.device[i]!;
    this.phaseStartUs[i] = nowUs;
    this.lastUs[i] = nowUs;
    let first: number = ComputePhase.Input;
    while (first < ComputePhase.Output && this.work[w + first] === 0) first++;
    this.phase[i] = first;
    this.remaining[i] = this.work[w + first]!;
    this.joinDevice(i, d, nowUs);
  }

  /** Instance i's execution counts on device d from now on (its first device phase is set up). */
  protected joinDevice(i: number, d: number, nowUs: number): void {
    this.active[d]!++;
    this.rate[i] = 1;
    this.schedulePhaseEnd(i, nowUs);
  }

  /** Handle a phase-end event; returns true when the execution finished (the caller completes it). */
  phaseEnded(i: number, tag: number, nowUs: number): boolean {
    if (tag !== this.tag[i] || this.payload[i]! < 0) return false; // stale event
    if (this.phase[i] === HOST) {
      this.beginDevice(i, nowUs);
      return false;
    }
    if (this.phase[i] === HOST_OUTPUT) {
      this.finish(i, nowUs);
      return true;
    }
    return this.devicePhaseEnded(i, nowUs);
  }

  /** A device phase of instance i ended; true when the execution is done. */
  protected devicePhaseEnded(i: number, nowUs: number): boolean {
    const w = i * 3;
    for (;;) {
      const p = this.phase[i]!;
      this.took[w + p] = nowUs - this.phaseStartUs[i]!;
      if (p === ComputePhase.Infer && this.inferEnded !== null) this.inferEnded(i, this.phaseStartUs[i]!, nowUs);
      if (p === ComputePhase.Output) break;
      const np = p + 1;
      this.phase[i] = np;
      this.phaseStartUs[i] = nowUs;
      this.lastUs[i] = nowUs;
      this.remaining[i] = this.work[w + np]!;
      if (this.remaining[i]! > 0) {
        this.nextPhaseRate(i, np as ComputePhase);
        this.schedulePhaseEnd(i, nowUs);
        return false;
      }
    }
    const hostOut = this.beginHostOutput(i, nowUs);
    if (!hostOut) this.finish(i, nowUs);
    this.leaveDevice(i, nowUs);
    return !hostOut;
  }

  /** Instance i's execution goes on to device phase `phase`: the rate it runs at (full speed here). */
  protected nextPhaseRate(_i: number, _phase: ComputePhase): void {}

  /** After its device phases, an execution of several requests does its per-request output on the host
   *  (the responses going out one by one); false when it has none (the execution is done). */
  protected beginHostOutput(i: number, nowUs: number): boolean {
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

  /** How long instance i's device has been idle at nowUs: 0 while another execution runs its device
   *  phases there, else the time since the device (or the instance itself, if later) last worked. */
  private idleUs(i: number, nowUs: number): number {
    const d = this.device[i]!;
    if (this.active[d]! > 0) return 0;
    const own = nowUs - this.lastEndUs[i]!;
    const dev = nowUs - this.devLastEndUs[d]!;
    return dev < own ? dev : own;
  }

  /** An execution of instance i leaves its device phases now. */
  protected leaveDevice(i: number, nowUs: number): void {
    const d = this.device[i]!;
    this.active[d]!--;
    this.devLastEndUs[d] = nowUs;
  }

  /** Instance i's batch size as an index into the tables (which end at their largest batch size). */
  protected tableBatch(i: number): number {
    const b = this.batch[i]!;
    return b > this.compute.maxBatch ? this.compute.maxBatch : b;
  }

  /** The execution of instance i is done (it still counts on its device: the caller takes it off).
   *  Triton's statistics count the host work inside the phases it belongs to. */
  protected finish(i: number, nowUs: number): void {
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

  protected schedulePhaseEnd(i: number, nowUs: number): void {
    const t = ++this.tag[i]!;
    const rem = this.remaining[i]!;
    this.events.push(rem > 0 ? nowUs + rem / this.rate[i]! : nowUs, Phase.Completion, this.phaseEventKind, i, t);
  }
}
