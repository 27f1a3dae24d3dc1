// ServerModel: the server side of a simulation — requests arriving at the scheduler (default scheduler
// or a batcher over the priority queue), idle instances taking payloads, executions ending, responses
// released (in order under preserve_ordering) to the clients. Per-instant work is flagged here (`dirty`,
// batcher woken) and acted on once by `decide`; state lives in the pools, nothing is allocated per event.
import type { ComputeTables } from "../compute/compute-model.js";
import { Phase, type EventQueue } from "../kernel/event-queue.js";
import { RandomStream } from "../kernel/rng.js";
import type { Recorder } from "../metrics/recorder.js";
import { BatcherWakeups } from "./batcher-wakeups.js";
import type { Clients } from "./clients.js";
import { DynamicBatcher, type BatcherHost, type QueueScheduler } from "./dynamic-batcher.js";
import { EventKind } from "./event-kinds.js";
import type { InstanceSet } from "./instances.js";
import { makeInstanceSet } from "./turn-instances.js";
import { IntFifo, PayloadPool, PayloadState } from "./payloads.js";
import { PolicyBatcher } from "./policy-batcher.js";
import { PriorityQueue, type TimeoutSink } from "./priority-queue.js";
import type { RequestPool } from "./request-pool.js";
import { ResponseOrder, type ResponseSink } from "./response-order.js";
import type { SimulationInput } from "./simulation-input.js";
import type { FrontEndHolds } from "./front-end-holds.js";
import { SlowStretchProcess } from "./slow-stretches.js";

export class ServerModel implements BatcherHost, TimeoutSink, ResponseSink {
  readonly instances: InstanceSet;
  /** Something changed at this instant: instances and batcher must look again. */
  dirty = false;
  arrived = 0;
  rejected = 0;
  timedOut = 0;
  private readonly payloads: PayloadPool;
  private readonly fifo = new IntFifo(64);
  private readonly idle = new IntFifo(16);
  private readonly queue: PriorityQueue;
  private readonly batcher: QueueScheduler | null;
  private readonly order: ResponseOrder | null;
  /** When the batcher thread looks again (notifications with their scan, its timer and periodic re-check). */
  private readonly wakeups: BatcherWakeups;
  private readonly rngService: RandomStream;
  private readonly maxBatchSize: number;
  private readonly maxRequestSamples: number;
  private readonly delayUs: number;
  private readonly mergeAtDequeue: boolean;
  /** The load generator's extra output time per merged request (SimulationInput.outputPerRequestUs). */
  private readonly toolOutputUs: number;
  /** Instance i's running execution already sent its responses (during its per-request output). */
  private readonly respondedEarly: Uint8Array;

  constructor(
    private readonly input: SimulationInput,
    private readonly devices: Int32Array,
    private readonly tables: ComputeTables,
    private readonly pool: RequestPool,
    private readonly eq: EventQueue,
    private readonly recorder: Recorder,
    private readonly clients: Clients,
    private readonly responseGapUs: number,
    private readonly holds: FrontEndHolds | null = null,
  ) {
    const config = input.config;
    this.maxBatchSize = config.maxBatchSize;
    this.maxRequestSamples = Math.max(1, config.maxBatchSize);
    this.toolOutputUs = input.outputPerRequestUs ?? 0;
    this.payloads = new PayloadPool(pool, 64);
    const st = tables.slowStretches;
    const stretches = st === null ? null : new SlowStretchProcess(devices.length, st, new RandomStream(input.seed, "slow-stretches"));
    this.instances = makeInstanceSet(devices, tables, eq, EventKind.PhaseEnd, stretches);
    for (const i of this.instances.interleavedOrder()) this.idle.push(i);
    const db = config.dynamicBatching;
    this.queue = new PriorityQueue(pool, db, this);
    if (input.policy !== undefined) {
      this.batcher = new PolicyBatcher(input.policy, config.maxBatchSize, this.instances.count, tables, pool, this.queue, this.payloads, this.fifo, this);
    } else {
      this.batcher =
        db === null ? null : new DynamicBatcher(db, config.maxBatchSize, this.instances.count, pool, this.queue, this.payloads, this.fifo, this);
    }
    this.order = db?.preserveOrdering ? new ResponseOrder(this) : null;
    // responses leave one by one during the per-request output (held ones under preserve_ordering: at the end)
    if (this.order === null) this.instances.responding = (i, nowUs, hostOutputUs) => this.respondOneByOne(i, nowUs, hostOutputUs);
    const onInfer = input.observer?.onInferEnd;
    if (onInfer !== undefined) {
      this.instances.inferEnded = (i, startUs, endUs) => onInfer({ instance: i, startUs, endUs, batchSize: this.instances.batch[i]! });
    }
    this.respondedEarly = new Uint8Array(this.instances.count);
    this.delayUs = db?.maxQueueDelayUs ?? 0;
    this.mergeAtDequeue = input.policy === undefined && db !== null && this.delayUs > 0 && config.maxBatchSize > 1;
    this.rngService = new RandomStream(input.seed, "service");
    this.wakeups = new BatcherWakeups(eq, tables, input.seed, this.batcher !== null && tables.batcherWake !== null);
  }

  /** How much of the batcher's scan the scheduling times hold, which the clients take off them (0 without one). */
  get scanInSchedulingUs(): number {
    return this.wakeups.scanInSchedulingUs;
  }

  arrive(r: number, nowUs: number): void {
    const pool = this.pool;
    this.arrived++;
    if (pool.samples[r]! > this.maxRequestSamples) {
      // INVALID_ARG: the request's batch exceeds max_batch_size
      this.rejected++;
      this.clients.fail(r, nowUs);
      return;
    }
    if (this.batcher === null) {
      const p = this.payloads.alloc();
      this.payloads.add(p, r);
      this.payloads.state[p] = PayloadState.Queued;
      this.fifo.push(p);
    } else if (!this.queue.enqueue(r, pool.priority[r]!, pool.timeoutUs[r]!, nowUs)) {
      // UNAVAILABLE: exceeds maximum queue size
      this.rejected++;
      this.clients.fail(r, nowUs);
      return;
    } else if (this.batcher.wakesOnEnqueue()) {
      this.wakeups.notify(nowUs);
    } else {
      this.wakeups.scheduleTick(nowUs);
    }
    if (this.order !== null) pool.seq[r] = this.order.assign();
    this.dirty = true;
  }

  onQueueTimeout(r: number, nowUs: number): void {
    this.timedOut++;
    if (this.order !== null) this.order.skip(this.pool.seq[r]!, nowUs);
    this.clients.fail(r, nowUs);
  }

  /** A woken batcher's scan is due. */
  onWake(nowUs: number): void {
    this.wakeups.onScan(nowUs);
    this.dirty = true;
  }

  /** A timer event fired; the live one wakes the batcher. */
  onTimer(tag: number): void {
    if (this.wakeups.onTimer(tag)) this.dirty = true;
  }

  /** Instances and (if woken) the batcher act on the state reached at this instant. */
  decide(nowUs: number): void {
    this.dispatch(nowUs);
    const wakeups = this.wakeups;
    if (this.batcher !== null && wakeups.woken) {
      wakeups.running();
      this.batcher.run(nowUs);
    }
    // wake-ups raised while the batcher itself was running are absorbed by that run
    wakeups.woken = false;
  }

  idleInstances(): number {
    return this.idle.length;
  }

  sleepFrom(nowUs: number): void {
    this.wakeups.sleepFrom(nowUs);
  }

  /** The batcher, running at nowUs, sleeps until atUs (woken late by the host: BatcherWakeups). */
  wakeAt(atUs: number, nowUs: number): void {
    this.wakeups.wakeAt(atUs, nowUs);
  }

  /** Idle instances take payloads in FIFO order (longest-idle instance first). With a queue delay and
   *  batching, a dequeued payload absorbs following payloads that waited past the delay and still fit
   *  (Triton's InstanceQueue); every payload it inspects stops growing. */
  dispatch(nowUs: number): void {
    const payloads = this.payloads;
    while (this.idle.length > 0 && this.fifo.length > 0) {
      const p = this.fifo.shift();
      const i = this.idle.shift();
      payloads.state[p] = PayloadState.Executing;
      if (this.mergeAtDequeue) {
        while (this.fifo.length > 0) {
          const f = this.fifo.peek();
          if (!(nowUs - payloads.batcherStartUs[f]! > this.delayUs)) break;
          payloads.state[f] = PayloadState.Executing;
          if (payloads.size[p]! + payloads.size[f]! > this.maxBatchSize) break;
          this.fifo.shift();
          this.batcher!.forget(f);
          payloads.merge(p, f);
        }
      }
      // the payload's callback wakes the batcher thread (it may form the next payload now)
      if (this.batcher !== null) this.wakeups.notify(nowUs);
      const b = payloads.size[p]!;
      const tb = this.tables;
      const rng = this.rngService;
      const obs = this.input.observer;
      if (obs?.onExecutionStart) {
        const ids: number[] = [];
        for (let r = payloads.head[p]!; r !== -1; r = this.pool.next[r]!) ids.push(this.pool.id[r]!);
        obs.onExecutionStart({ instance: i, device: this.devices[i]!, startUs: nowUs, batchSize: b, requestIds: ids });
      }
      const n = payloads.count[p]!;
      const extra = n - 1; // merged requests cost extra (per the profile)
      this.instances.start(
        i, p, b, nowUs, tb.drawUs(0, b, rng), tb.drawUs(1, b, rng), tb.drawUs(2, b, rng),
        extra * tb.perRequest(0, n), extra * tb.perRequest(1, n), extra * Math.max(0, tb.perRequest(2, n) + this.toolOutputUs),
      );
    }
  }

  /** A phase of instance i's execution ended; after its last phase the responses go out. */
  phaseEnd(i: number, tag: number, nowUs: number): void {
    const inst = this.instances;
    const p = inst.payload[i]!;
    if (!inst.phaseEnded(i, tag, nowUs)) return;
    const pool = this.pool;
    const w = i * 3;
    const input = inst.took[w]!;
    const infer = inst.took[w + 1]!;
    const output = inst.took[w + 2]!;
    const execStart = inst.execStartUs[i]!;
    const b = this.payloads.size[p]!;
    this.recorder.execution(nowUs, b, input, infer, output);
    const order = this.order;
    if (order !== null) {
      // preserve_ordering: each response is held until the earlier ones have left
      for (let r = this.payloads.head[p]!; r !== -1; ) {
        const next = pool.next[r]!;
        pool.payloadSize[r] = b;
        pool.execStartUs[r] = execStart;
        pool.inputUs[r] = input;
        pool.inferUs[r] = infer;
        pool.outputUs[r] = output;
        pool.execEndUs[r] = nowUs;
        order.complete(pool.seq[r]!, r, nowUs);
        r = next;
      }
    } else if (this.respondedEarly[i] === 1) {
      this.respondedEarly[i] = 0; // sent during the per-request output
    } else {
      this.sendResponses(p, execStart, nowUs, nowUs, 0, input, infer, output);
    }
    const batcher = this.batcher;
    if (batcher?.observe !== undefined) batcher.observe(b, nowUs - this.payloads.batcherStartUs[p]!, nowUs, nowUs - execStart);
    const requests = this.payloads.count[p]!;
    this.payloads.release(p);
    const tables = this.tables;
    const turnaround = tables.turnaroundBaseUs + tables.turnaroundPerRequestUs * requests;
    if (turnaround > 0) {
      const at = this.holds === null ? nowUs + turnaround : this.holds.pass(nowUs, turnaround);
      this.eq.push(at, Phase.Completion, EventKind.InstanceFree, i);
    }
    else this.instanceFree(i, nowUs);
  }

  /** Instance i's execution of n ≥ 2 requests ends with its per-request output (`hostOutputUs`, from
   *  now): the backend sends one response after another, each as its share of that work is done, the
   *  first now and the last at the execution's end (Triton's traces: a batch's GRPC_SEND_END times are
   *  spaced about as the per-request output cost, the last at COMPUTE_END). Triton's statistics still
   *  count the whole output phase for every request, and the request itself ends with the execution. */
  private respondOneByOne(i: number, nowUs: number, hostOutputUs: number): void {
    const inst = this.instances;
    const p = inst.payload[i]!;
    const w = i * 3;
    // what Triton's statistics will say once the execution ends (host work counts inside its phases)
    const input = inst.took[w]! + inst.hostWork[w]!;
    const infer = inst.took[w + 1]! + inst.hostWork[w + 1]!;
    const output = inst.took[w + 2]! + hostOutputUs;
    const n = this.payloads.count[p]!;
    this.sendResponses(p, inst.execStartUs[i]!, nowUs + hostOutputUs, nowUs, n > 1 ? hostOutputUs / (n - 1) : 0, input, infer, output);
    this.respondedEarly[i] = 1;
  }

  /** The responses of payload p go to their clients: the j-th of n leaves at firstUs + j × stepUs, the last
   *  at endUs (when Triton's requests end); the load generator takes them one at a time, each
   *  responseGapUs after the one before. */
  private sendResponses(p: number, execStart: number, endUs: number, firstUs: number, stepUs: number, input: number, infer: number, output: number): void {
    const pool = this.pool;
    const b = this.payloads.size[p]!;
    const n = this.payloads.count[p]!;
    let gapUs = 0;
    let j = 0;
    const waitUs = this.clients.loadedWait();
    for (let r = this.payloads.head[p]!; r !== -1; j++) {
      const next = pool.next[r]!;
      pool.payloadSize[r] = b;
      this.clients.finish(r, endUs, execStart, endUs, input, infer, output, gapUs, j < n - 1 ? firstUs + j * stepUs : endUs, waitUs);
      gapUs += this.responseGapUs;
      r = next;
    }
    this.clients.endBurst();
  }

  /** Instance i can take a payload again (its turnaround after an execution is over). */
  instanceFree(i: number, nowUs: number): void {
    this.idle.push(i);
    this.dirty = true;
    const batcher = this.batcher;
    if (batcher === null) return;
    if (batcher.wakesOnInstanceIdle) this.wakeups.woken = true;
    // Triton's payload calls back as its execution returns, just before the instance asks for more (core's
    // Payload::Execute): without prefetch that notify is what forms this instance's next payload.
    else if (!batcher.prefetch && this.fifo.length === 0) this.wakeups.notify(nowUs);
  }

  /** preserve_ordering: a held response is released now. */
  release(r: number, nowUs: number): void {
    const pool = this.pool;
    this.clients.finish(r, nowUs, pool.execStartUs[r]!, pool.execEndUs[r]!, pool.inputUs[r]!, pool.inferUs[r]!, pool.outputUs[r]!);
    this.clients.endBurst();
  }
}
