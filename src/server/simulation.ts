// Simulation: the discrete-event model of one Triton model under load. Clients (closed or open
// loop) send requests that cross the network into the scheduler (default scheduler or dynamic
// batcher), payloads run on instances that share GPUs, responses return to the clients. Events at
// one instant run completions, then arrivals, then the batcher once, which sees the whole queue.
// Deterministic: same input and seed ⇒ same summary.
import { ComputeTables } from "../compute/compute-model.js";
import type { Profile } from "../compute/profile.js";
import { EventQueue, Phase } from "../kernel/event-queue.js";
import { RandomStream } from "../kernel/rng.js";
import { Recorder, type Measurement } from "../metrics/recorder.js";
import type { RunSummary } from "../metrics/summary.js";
import { ArrivalClock } from "../workload/arrival-clock.js";
import { loadValue, offeredRate, type Workload } from "../workload/workload.js";
import { placeInstances, type ServerConfig } from "./config.js";
import { DynamicBatcher, IDLE_WAIT_US, type BatcherHost, type QueueScheduler } from "./dynamic-batcher.js";
import type { BatchingPolicy } from "./policy.js";
import { PolicyBatcher } from "./policy-batcher.js";
import { InstanceSet } from "./instances.js";
import { IntFifo, PayloadPool, PayloadState } from "./payloads.js";
import { PriorityQueue, type TimeoutSink } from "./priority-queue.js";
import { RequestPool } from "./request-pool.js";
import { ResponseOrder, type ResponseSink } from "./response-order.js";

export interface SimulationInput {
  readonly config: ServerConfig;
  readonly profile: Profile;
  readonly workload: Workload;
  readonly seed: string;
  readonly measurement: Measurement;
  /** Extra latency percentiles to report (perf_analyzer --percentile). */
  readonly percentiles?: readonly number[];
  /** Stop after this much simulated time even if the window has not closed (default 1 h). */
  readonly maxSimulatedUs?: number;
  readonly observer?: SimulationObserver;
  /** A research batching policy replacing Triton's batcher (the server config's dynamic_batching then
   *  only contributes its queue settings: priority levels and queue policies). */
  readonly policy?: BatchingPolicy;
  /** The load generator handles the responses of one execution one after another: the j-th (from 0)
   *  reaches it j × responseGapUs after the first (default 0: an ideal client). */
  readonly responseGapUs?: number;
}

/** Optional hooks for tests and research tools (they may allocate; the hot path is untouched when absent).
 *  Request ids count from 0 in creation order. */
export interface SimulationObserver {
  onExecutionStart?(e: { readonly instance: number; readonly device: number; readonly startUs: number; readonly batchSize: number; readonly requestIds: readonly number[] }): void;
  onRequestDone?(e: {
    readonly id: number;
    readonly ok: boolean;
    readonly t0Us: number;
    readonly arriveUs: number;
    readonly batcherStartUs: number;
    readonly execStartUs: number;
    readonly execEndUs: number;
    readonly releaseUs: number;
    readonly responseEndUs: number;
    readonly level: number;
    readonly samples: number;
  }): void;
}

export interface SimulationResult {
  readonly summary: RunSummary;
  readonly events: number;
  readonly simulatedUs: number;
}

const EV_ARRIVE = 1;
const EV_PHASE_END = 2;
const EV_TIMER = 3;

/** Requests in flight beyond which an overloaded open-loop run stops (the queue grows without bound). */
const MAX_IN_FLIGHT = 4_000_000;

class Simulation implements BatcherHost, TimeoutSink, ResponseSink {
  private readonly eq = new EventQueue(4096);
  private readonly pool = new RequestPool(1024);
  private readonly payloads: PayloadPool;
  private readonly fifo = new IntFifo(64);
  private readonly idle = new IntFifo(16);
  private readonly instances: InstanceSet;
  private readonly devices: Int32Array;
  private readonly tables: ComputeTables;
  private readonly queue: PriorityQueue;
  private readonly batcher: QueueScheduler | null;
  private readonly order: ResponseOrder | null;
  private readonly recorder: Recorder;
  private readonly rngService: RandomStream;
  private readonly rngSend: RandomStream;
  private readonly rngRecv: RandomStream;
  private readonly maxRequestSamples: number;
  private readonly delayUs: number;
  private readonly mergeAtDequeue: boolean;
  /** The open-loop send schedule. At one instant a send runs after the heap's completions and before
   *  its other arrivals; it is kept out of the heap. */
  private readonly clock: ArrivalClock;

  /** Something changed at this instant: instances and batcher must look again. */
  private dirty = false;
  /** The batcher thread was woken (timer, payload taken, or an arrival passing its wake test). */
  private batcherWoken = false;
  private timerTag = 0;
  private timerAtUs = -1;
  /** Since when the batcher sleeps without a timer of its own (-1 = it has one, or is running). It
   *  re-checks every IDLE_WAIT_US; that tick is pushed as a timer only once something could need it. */
  private sleepSinceUs = -1;

  private readonly responseGapUs: number;

  private created = 0;
  private arrived = 0;
  private completed = 0;
  private rejected = 0;
  private timedOut = 0;

  constructor(private readonly input: SimulationInput) {
    const { config, workload } = input;
    this.responseGapUs = input.responseGapUs ?? 0;
    if (!(this.responseGapUs >= 0) || !Number.isFinite(this.responseGapUs)) {
      throw new RangeError(`responseGapUs must be a finite number >= 0, got ${input.responseGapUs}`);
    }
    this.devices = placeInstances(config);
    const requestMax = workload.kind === "trace" ? workload.batchSizes.reduce((m, b) => Math.max(m, b), 1) : workload.batchSize;
    const maxExec = Math.max(1, config.maxBatchSize, requestMax);
    this.maxRequestSamples = Math.max(1, config.maxBatchSize);
    this.tables = new ComputeTables(input.profile, maxExec, InstanceSet.maxPerDevice(this.devices));
    this.payloads = new PayloadPool(this.pool, 64);
    this.instances = new InstanceSet(this.devices, this.tables, this.eq, EV_PHASE_END);
    for (const i of this.instances.interleavedOrder()) this.idle.push(i);
    const db = config.dynamicBatching;
    this.queue = new PriorityQueue(this.pool, db, this);
    if (input.policy !== undefined) {
      this.batcher = new PolicyBatcher(
        input.policy,
        config.maxBatchSize,
        this.instances.count,
        this.tables,
        this.pool,
        this.queue,
        this.payloads,
        this.fifo,
        this,
      );
    } else {
      this.batcher =
        db === null
          ? null
          : new DynamicBatcher(db, config.maxBatchSize, this.instances.count, this.pool, this.queue, this.payloads, this.fifo, this);
    }
    this.order = db?.preserveOrdering ? new ResponseOrder(this) : null;
    this.delayUs = db?.maxQueueDelayUs ?? 0;
    this.mergeAtDequeue = input.policy === undefined && db !== null && this.delayUs > 0 && config.maxBatchSize > 1;
    this.recorder = new Recorder(input.measurement, maxExec, this.instances.count);
    this.clock = new ArrivalClock(workload, new RandomStream(input.seed, "arrivals"));
    this.rngService = new RandomStream(input.seed, "service");
    this.rngSend = new RandomStream(input.seed, "client-send");
    this.rngRecv = new RandomStream(input.seed, "client-recv");
  }

  run(): SimulationResult {
    const eq = this.eq;
    const rec = this.recorder;
    const m = this.input.measurement;
    const maxUs = this.input.maxSimulatedUs ?? 3_600e6;
    const byDuration = m.kind === "duration";
    let startSnapped = false;
    let events = 0;
    let nowUs = 0;
    this.startWorkload();
    for (;;) {
      const heapT = eq.peekTimeUs();
      const genAt = this.clock.nextAtUs;
      const genFirst = genAt < heapT || (genAt === heapT && eq.peekPhase() !== Phase.Completion);
      const t = genFirst ? genAt : heapT;
      if (t === Number.POSITIVE_INFINITY) break;
      if (byDuration) {
        if (!startSnapped && t >= rec.windowStartUs) {
          this.snapshot(true, rec.windowStartUs);
          startSnapped = true;
        }
        if (t >= rec.windowEndUs) {
          this.snapshot(false, rec.windowEndUs);
          nowUs = rec.windowEndUs;
          break;
        }
      }
      if (t > maxUs || this.pool.inUse > MAX_IN_FLIGHT) break;
      nowUs = t;
      events++;
      if (genFirst) {
        this.generate(t);
      } else {
        eq.pop();
        switch (eq.kind) {
          case EV_ARRIVE:
            this.arrive(eq.ref, t);
            break;
          case EV_PHASE_END:
            this.phaseEnd(eq.ref, eq.tag, t);
            break;
          case EV_TIMER:
            if (eq.tag === this.timerTag) {
              this.timerAtUs = -1;
              this.dirty = true;
              this.batcherWoken = true;
            }
            break;
        }
      }
      if (this.dirty && this.clock.nextAtUs > t && (eq.size === 0 || eq.peekTimeUs() > t || eq.peekPhase() === Phase.Batcher)) {
        this.dirty = false;
        this.decide(t);
      }
      if (!byDuration) {
        const before = rec.windowStartUs;
        rec.checkCounts(t);
        if (before < 0 && rec.windowStartUs >= 0) this.snapshot(true, t);
        if (rec.done) {
          this.snapshot(false, t);
          break;
        }
      }
    }
    if (!rec.done) {
      // stopped early (time cap, runaway queue, or a finite trace ran out): close the window here
      if (rec.windowStartUs < 0) {
        rec.windowStartUs = nowUs;
        this.snapshot(true, nowUs);
      }
      rec.windowEndUs = Math.max(rec.windowStartUs, nowUs);
      this.snapshot(false, rec.windowEndUs);
    }
    return this.result(events, nowUs);
  }

  /** Instance busy time and executions at a window edge. */
  private snapshot(start: boolean, atUs: number): void {
    const inst = this.instances;
    const busy = (i: number): number => inst.busyUntil(i, atUs);
    const execs = (i: number): number => inst.executions[i]!;
    if (start) this.recorder.snapshotStart(busy, execs);
    else this.recorder.snapshotEnd(busy, execs);
  }

  private result(events: number, nowUs: number): SimulationResult {
    const inTransit = this.created - this.arrived;
    const summary = this.recorder.summarize({
      mode: this.input.workload.kind,
      load: loadValue(this.input.workload),
      seed: this.input.seed,
      extraPercentiles: this.input.percentiles ?? [],
      instanceDevices: this.devices,
      conservation: {
        arrived: this.arrived,
        completed: this.completed,
        rejected: this.rejected,
        timedOut: this.timedOut,
        inFlight: this.pool.inUse - inTransit,
      },
      offeredRequestsPerS: offeredRate(this.input.workload),
    });
    return { summary, events, simulatedUs: nowUs };
  }

  // ── workload ────────────────────────────────────────────────────────────────────────────────────

  private startWorkload(): void {
    const w = this.input.workload;
    if (w.kind === "concurrency") {
      for (let c = 0; c < w.concurrency; c++) this.send(c, 0, w.batchSize, w.priority, w.timeoutUs, false);
    } else {
      this.clock.start();
    }
  }

  /** The open-loop send due now, then the clock moves on. */
  private generate(nowUs: number): void {
    const w = this.input.workload;
    if (w.kind === "rate") {
      this.send(-1, nowUs, w.batchSize, w.priority, w.timeoutUs, true);
    } else if (w.kind === "trace") {
      const i = this.clock.index;
      this.send(-1, nowUs, w.batchSizes[i]!, w.priorities[i]!, w.timeoutsUs[i]!, true);
    }
    this.clock.advance(nowUs);
  }

  /** A client starts sending a request at t0; it reaches the scheduler after send + network + scheduling. */
  private send(client: number, t0Us: number, batch: number, priority: number, timeoutUs: number, inline: boolean): void {
    const pool = this.pool;
    const r = pool.alloc();
    this.created++;
    const samples = batch > 1 ? batch : 1;
    pool.samples[r] = samples;
    pool.client[r] = client;
    pool.priority[r] = priority;
    pool.timeoutUs[r] = timeoutUs;
    pool.t0Us[r] = t0Us;
    pool.level[r] = 0;
    if (this.input.observer !== undefined) {
      pool.id[r] = this.created - 1;
      pool.execStartUs[r] = -1;
      pool.execEndUs[r] = -1;
    }
    let arriveUs = t0Us;
    let visibleUs = t0Us;
    if (this.tables.hasOverheads) {
      const tb = this.tables;
      const b = samples > tb.maxBatch ? tb.maxBatch : samples;
      const send = tb.send.draw(b, this.rngSend);
      const half = tb.network.draw(b, this.rngSend) / 2;
      const sched = tb.scheduling.draw(b, this.rngSend);
      pool.sendUs[r] = send;
      pool.netInUs[r] = half;
      arriveUs = t0Us + send + half;
      visibleUs = arriveUs + sched;
    }
    pool.arriveUs[r] = arriveUs;
    pool.batcherStartUs[r] = visibleUs;
    if (inline && visibleUs === t0Us) this.arrive(r, t0Us);
    else this.eq.push(visibleUs, Phase.Arrival, EV_ARRIVE, r);
  }

  // ── server ──────────────────────────────────────────────────────────────────────────────────────

  private arrive(r: number, nowUs: number): void {
    const pool = this.pool;
    this.arrived++;
    if (pool.samples[r]! > this.maxRequestSamples) {
      // INVALID_ARG: the request's batch exceeds max_batch_size
      this.rejected++;
      this.fail(r, nowUs);
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
      this.fail(r, nowUs);
      return;
    } else if (this.batcher.wakesOnEnqueue()) {
      this.batcherWoken = true;
    } else {
      this.scheduleTick(nowUs);
    }
    if (this.order !== null) pool.seq[r] = this.order.assign();
    this.dirty = true;
  }

  onQueueTimeout(r: number, nowUs: number): void {
    this.timedOut++;
    if (this.order !== null) this.order.skip(this.pool.seq[r]!, nowUs);
    this.fail(r, nowUs);
  }

  /** Instances and (if woken) the batcher act on the state reached at this instant. */
  private decide(nowUs: number): void {
    this.dispatch(nowUs);
    if (this.batcher !== null && this.batcherWoken) {
      this.sleepSinceUs = -1;
      this.batcher.run(nowUs);
    }
    // wake-ups raised while the batcher itself was running are absorbed by that run
    this.batcherWoken = false;
  }

  idleInstances(): number {
    return this.idle.length;
  }

  sleepFrom(nowUs: number): void {
    this.sleepSinceUs = nowUs;
    // a fresh wait: any timer from an earlier decision no longer applies
    this.timerTag++;
    this.timerAtUs = -1;
  }

  /** The sleeping batcher's next periodic re-check after now, as a timer. */
  private scheduleTick(nowUs: number): void {
    const since = this.sleepSinceUs;
    if (since < 0) return;
    const at = since + (Math.floor((nowUs - since) / IDLE_WAIT_US) + 1) * IDLE_WAIT_US;
    if (at === this.timerAtUs) return;
    this.timerAtUs = at;
    this.eq.push(at, Phase.Batcher, EV_TIMER, 0, ++this.timerTag);
  }

  wakeAt(atUs: number): void {
    this.sleepSinceUs = -1;
    if (atUs === this.timerAtUs) return;
    this.timerAtUs = atUs;
    this.eq.push(atUs, Phase.Batcher, EV_TIMER, 0, ++this.timerTag);
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
          if (payloads.size[p]! + payloads.size[f]! > this.input.config.maxBatchSize) break;
          this.fifo.shift();
          this.batcher!.forget(f);
          payloads.merge(p, f);
        }
      }
      // the payload's callback wakes the batcher thread (it may form the next payload now)
      if (this.batcher !== null) this.batcherWoken = true;
      const b = payloads.size[p]!;
      const tb = this.tables;
      const rng = this.rngService;
      const obs = this.input.observer;
      if (obs?.onExecutionStart) {
        const ids: number[] = [];
        for (let r = payloads.head[p]!; r !== -1; r = this.pool.next[r]!) ids.push(this.pool.id[r]!);
        obs.onExecutionStart({ instance: i, device: this.devices[i]!, startUs: nowUs, batchSize: b, requestIds: ids });
      }
      const extra = payloads.count[p]! - 1; // merged requests cost extra (per the profile)
      const pr = tb.perRequestUs;
      this.instances.start(
        i,
        p,
        b,
        nowUs,
        tb.drawUs(0, b, rng),
        tb.drawUs(1, b, rng),
        tb.drawUs(2, b, rng),
        extra * pr[0],
        extra * pr[1],
        extra * pr[2],
      );
    }
  }

  private phaseEnd(i: number, tag: number, nowUs: number): void {
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
    let r = this.payloads.head[p]!;
    const order = this.order;
    let gapUs = 0; // the load generator takes the batch's responses one at a time
    while (r !== -1) {
      const next = pool.next[r]!;
      pool.payloadSize[r] = b;
      if (order !== null) {
        pool.execStartUs[r] = execStart;
        pool.inputUs[r] = input;
        pool.inferUs[r] = infer;
        pool.outputUs[r] = output;
        pool.execEndUs[r] = nowUs;
        order.complete(pool.seq[r]!, r, nowUs);
      } else {
        this.finish(r, nowUs, execStart, nowUs, input, infer, output, gapUs);
        gapUs += this.responseGapUs;
      }
      r = next;
    }
    const batcher = this.batcher;
    if (batcher?.observe !== undefined) batcher.observe(b, nowUs - this.payloads.batcherStartUs[p]!, nowUs, nowUs - execStart);
    this.payloads.release(p);
    this.idle.push(i);
    this.dirty = true;
    if (batcher?.wakesOnInstanceIdle) this.batcherWoken = true;
    // Nothing wakes Triton's batcher when an instance goes idle; without prefetch it may be sleeping on
    // the lack of a slot, so its periodic re-check is what eventually notices.
    if (this.batcher !== null && !this.batcher.prefetch && this.fifo.length === 0) this.scheduleTick(nowUs);
  }

  /** preserve_ordering: a held response is released now. */
  release(r: number, nowUs: number): void {
    const pool = this.pool;
    this.finish(r, nowUs, pool.execStartUs[r]!, pool.execEndUs[r]!, pool.inputUs[r]!, pool.inferUs[r]!, pool.outputUs[r]!);
  }

  /** The response leaves the server at `nowUs` and reaches the client after network and receive (and
   *  `gapUs` behind the responses of its execution that the client handles first). */
  private finish(r: number, nowUs: number, execStart: number, execEnd: number, input: number, infer: number, output: number, gapUs = 0): void {
    const pool = this.pool;
    const tb = this.tables;
    const samples = pool.samples[r]!;
    let netOut = 0;
    let recv = 0;
    let send = 0;
    if (tb.hasOverheads) {
      netOut = pool.netInUs[r]!;
      send = pool.sendUs[r]!;
      recv = tb.recv.draw(samples > tb.maxBatch ? tb.maxBatch : samples, this.rngRecv);
    }
    const t0 = pool.t0Us[r]!;
    const respEnd = nowUs + netOut + gapUs + recv;
    const arrive = pool.arriveUs[r]!;
    this.recorder.success(nowUs, samples, respEnd - t0, send, recv, execStart - arrive, input, infer, output, nowUs - arrive);
    this.completed++;
    if (this.input.observer !== undefined) {
      pool.execStartUs[r] = execStart;
      pool.execEndUs[r] = execEnd;
      this.observe(r, true, nowUs, respEnd);
    }
    const client = pool.client[r]!;
    pool.release(r);
    if (client >= 0) this.nextFromClient(client, respEnd);
  }

  private observe(r: number, ok: boolean, releaseUs: number, responseEndUs: number): void {
    const obs = this.input.observer;
    if (!obs?.onRequestDone) return;
    const pool = this.pool;
    obs.onRequestDone({
      id: pool.id[r]!,
      ok,
      t0Us: pool.t0Us[r]!,
      arriveUs: pool.arriveUs[r]!,
      batcherStartUs: pool.batcherStartUs[r]!,
      execStartUs: ok ? pool.execStartUs[r]! : -1,
      execEndUs: ok ? pool.execEndUs[r]! : -1,
      releaseUs,
      responseEndUs,
      level: pool.level[r]!,
      samples: pool.samples[r]!,
    });
  }

  /** An error response (rejected or timed out). */
  private fail(r: number, nowUs: number): void {
    const pool = this.pool;
    this.recorder.failure(nowUs);
    const tb = this.tables;
    const samples = pool.samples[r]!;
    const recv = tb.hasOverheads ? tb.recv.draw(samples > tb.maxBatch ? tb.maxBatch : samples, this.rngRecv) : 0;
    const respEnd = nowUs + (tb.hasOverheads ? pool.netInUs[r]! : 0) + recv;
    this.observe(r, false, nowUs, respEnd);
    const client = pool.client[r]!;
    pool.release(r);
    if (client >= 0) this.nextFromClient(client, respEnd);
  }

  private nextFromClient(client: number, t0Us: number): void {
    const w = this.input.workload;
    if (w.kind === "concurrency") this.send(client, t0Us, w.batchSize, w.priority, w.timeoutUs, false);
  }
}

/** Run one simulation; returns the summary and the kernel's counters. */
export function runSimulation(input: SimulationInput): SimulationResult {
  return new Simulation(input).run();
}

/** Run one simulation and return its summary. */
export function simulate(input: SimulationInput): RunSummary {
  return runSimulation(input).summary;
}
