// Clients: the load generator's end of every request. Requests are created and sent here (closed loop:
// each client sends again when its response returns; open loop: on the arrival clock, or with synchronous
// senders (perf_analyzer's --max-threads) when the sender is back from its last request), and responses
// are received and recorded here, as perf_analyzer measures them. Client overheads come from the
// client-send and client-recv streams only, so the server side never shifts their draws.
import type { ComputeTables } from "../compute/compute-model.js";
import { Phase, type EventQueue } from "../kernel/event-queue.js";
import { RandomStream } from "../kernel/rng.js";
import type { Recorder } from "../metrics/recorder.js";
import type { ArrivalClock } from "../workload/arrival-clock.js";
import type { Workload } from "../workload/workload.js";
import { EventKind } from "./event-kinds.js";
import type { ClientPauses } from "./client-pauses.js";
import type { FrontEndHolds } from "./front-end-holds.js";
import type { NetworkDrift } from "./network-drift.js";
import type { RequestPool } from "./request-pool.js";
import type { SimulationObserver } from "./simulation-input.js";

/** Where a sent request goes once it is visible to the scheduler. */
export interface ArrivalSink {
  arrive(request: number, nowUs: number): void;
  /** How much of the batcher's scan the scheduling times hold when the server draws each scan (0: it scans at
   *  once, or the scan comes on top); the clients take it off every scheduling draw. */
  readonly scanInSchedulingUs: number;
}

export class Clients {
  /** Requests created so far (the observer's request ids count these). */
  created = 0;
  completed = 0;
  private readonly rngSend: RandomStream;
  private readonly rngRecv: RandomStream;
  private server: ArrivalSink | null = null;
  /** Taken off every scheduling draw (not below 0): the server's scanInSchedulingUs. */
  private schedulingLessUs = 0;
  /** Synchronous senders of a rate workload (perf_analyzer's --max-threads; 0: none, a pure open loop):
   *  whether each waits for a response, how many of its sends have come due meanwhile, and the next
   *  sender the schedule deals a send to. */
  private readonly senders: number;
  private readonly senderBusy: Uint8Array;
  private readonly senderOwed: Int32Array;
  private nextSender = 0;

  constructor(
    private readonly workload: Workload,
    private readonly clock: ArrivalClock,
    private readonly pool: RequestPool,
    private readonly tables: ComputeTables,
    private readonly eq: EventQueue,
    private readonly recorder: Recorder,
    private readonly observer: SimulationObserver | undefined,
    seed: string,
    private readonly holds: FrontEndHolds | null = null,
    /** Mean extra Network+Server time of a request sent while others are in flight (the tool under
     *  load): a wait on the way back, drawn once per execution (a gamma of shape loadedWaitShape; 1:
     *  exponential) and shared by its responses (they reach the tool together), so the clients they
     *  release stay together. */
    private readonly loadedNetworkUs = 0,
    /** The tool's own pauses (garbage collection): a response reaching it during one is timed at its end. */
    private readonly pauses: ClientPauses | null = null,
    /** The tool's network drift (network-drift.ts): null, each request's draw is its own. */
    private readonly drift: NetworkDrift | null = null,
    private readonly loadedWaitShape = 1,
    /** Closed loop: others in flight that give a request the whole loaded wait (fewer: that share of it). */
    private readonly loadedWaitWholeFrom = 1,
  ) {
    this.rngSend = new RandomStream(seed, "client-send");
    this.rngRecv = new RandomStream(seed, "client-recv");
    this.senders = workload.kind === "concurrency" ? 0 : (workload.senders ?? 0);
    this.senderBusy = new Uint8Array(this.senders);
    this.senderOwed = new Int32Array(this.senders);
  }

  /** The server that requests sent inline (open loop, no overheads) reach at once. */
  connect(server: ArrivalSink): void {
    this.server = server;
    this.schedulingLessUs = server.scanInSchedulingUs;
  }

  /** Closed loop: every client sends its first request at 0. Open loop: the clock starts. */
  start(): void {
    const w = this.workload;
    if (w.kind === "concurrency") {
      for (let c = 0; c < w.concurrency; c++) this.send(c, 0, w.batchSize, w.priority, w.timeoutUs, false);
    } else {
      this.clock.start();
    }
  }

  /** The open-loop send due now, then the clock moves on. */
  generate(nowUs: number): void {
    const w = this.workload;
    if (w.kind === "rate") {
      this.dealOrSend(nowUs, w.batchSize, w.priority, w.timeoutUs);
    } else if (w.kind === "trace") {
      const i = this.clock.index;
      this.dealOrSend(nowUs, w.batchSizes[i]!, w.priorities[i]!, w.timeoutsUs[i]!);
    }
    this.clock.advance(nowUs);
  }

  /** A scheduled send: on time without senders; else perf_analyzer deals the schedule's sends to its
   *  threads in turn, and a thread still waiting for its last response owes this send and makes it when
   *  that response is back (a trace entry's shape goes with it: perf_analyzer's custom intervals carry
   *  none, so a trace with senders is of one shape). */
  private dealOrSend(nowUs: number, batch: number, priority: number, timeoutUs: number): void {
    if (this.senders === 0) {
      this.send(-1, nowUs, batch, priority, timeoutUs, true);
      return;
    }
    const t = this.nextSender;
    this.nextSender = t + 1 === this.senders ? 0 : t + 1;
    if (this.senderBusy[t] === 1) {
      this.senderOwed[t]!++;
    } else {
      this.senderBusy[t] = 1;
      this.send(t, nowUs, batch, priority, timeoutUs, true);
    }
  }

  /** A client starts sending a request at t0; it reaches the scheduler after send + network + scheduling. */
  private send(client: number, dueUs: number, batch: number, priority: number, timeoutUs: number, inline: boolean): void {
    const pool = this.pool;
    const holds = this.holds;
    // a send due during a front-end stall leaves when it ends, and is timed from then (perf_analyzer
    // measures from the actual send); one due in a host episode leaves on time and waits at the front end
    const due = inline && this.pauses !== null ? this.pauses.release(dueUs) : dueUs;
    const t0Us = holds === null ? due : holds.send(due);
    const othersInFlight = pool.inUse; // sent and not yet answered (a request's slot lives that long)
    const r = pool.alloc();
    this.created++;
    const samples = batch > 1 ? batch : 1;
    pool.samples[r] = samples;
    pool.client[r] = client;
    pool.priority[r] = priority;
    pool.timeoutUs[r] = timeoutUs;
    pool.t0Us[r] = t0Us;
    pool.level[r] = 0;
    if (this.observer !== undefined) {
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
      // the share of its execution's loaded wait, in loadedWaitWholeFrom-ths: in closed loop one per other in flight
      const whole = this.loadedWaitWholeFrom;
      pool.loaded[r] = this.workload.kind === "concurrency" ? (othersInFlight < whole ? othersInFlight : whole) : othersInFlight > 0 ? whole : 0;
      const half = (this.drift === null ? tb.network.draw(b, this.rngSend) : tb.network.at(b, this.drift.deviate(t0Us, this.rngSend.normal()))) / 2;
      const drawn = tb.scheduling.draw(b, this.rngSend);
      const sched = drawn > this.schedulingLessUs ? drawn - this.schedulingLessUs : 0;
      pool.sendUs[r] = send;
      pool.netInUs[r] = half;
      if (holds === null) {
        arriveUs = t0Us + send + half;
        visibleUs = arriveUs + sched;
      } else {
        arriveUs = holds.pass(t0Us, send + half);
        visibleUs = holds.pass(arriveUs, sched);
      }
    }
    pool.arriveUs[r] = arriveUs;
    pool.batcherStartUs[r] = visibleUs;
    if (inline && visibleUs === dueUs) this.server!.arrive(r, dueUs);
    else this.eq.push(visibleUs, Phase.Arrival, EventKind.Arrive, r);
  }

  /** The loaded wait of one execution's responses: one draw with the tool's mean loaded network time
   *  (exponential, or a gamma of the tool's shape), shared by every response of the execution whose request
   *  was sent with others in flight. */
  loadedWait(): number {
    const mean = this.loadedNetworkUs;
    if (!(mean > 0)) return 0;
    const k = this.loadedWaitShape;
    return k === 1 ? this.rngRecv.exponential(mean) : this.rngRecv.gamma(k, mean / k);
  }

  /** Request r succeeded: Triton's request ends at `nowUs`; its response leaves the server at `releaseUs`
   *  (during the output phase, or `nowUs`) and reaches the client after network and receive, `gapUs`
   *  behind the responses of its execution that the client handles first, plus the execution's loaded
   *  wait `waitUs` when the request was sent with others in flight. */
  finish(r: number, nowUs: number, execStart: number, execEnd: number, input: number, infer: number, output: number, gapUs = 0, releaseUs = nowUs, waitUs = 0): void {
    const pool = this.pool;
    const tb = this.tables;
    const samples = pool.samples[r]!;
    let netOut = 0;
    let recv = 0;
    let send = 0;
    if (tb.hasOverheads) {
      const share = pool.loaded[r]!;
      const whole = this.loadedWaitWholeFrom;
      netOut = pool.netInUs[r]! + (share === whole ? waitUs : (waitUs * share) / whole);
      send = pool.sendUs[r]!;
      recv = tb.recv.draw(samples > tb.maxBatch ? tb.maxBatch : samples, this.rngRecv);
    }
    const t0 = pool.t0Us[r]!;
    const reached = this.holds === null ? releaseUs + netOut + gapUs + recv : this.holds.pass(releaseUs, netOut + gapUs + recv);
    const respEnd = this.pauses === null ? reached : this.pauses.handle(reached);
    const arrive = pool.arriveUs[r]!;
    this.recorder.success(nowUs, samples, respEnd - t0, send, recv, execStart - arrive, input, infer, output, nowUs - arrive);
    this.completed++;
    if (this.observer !== undefined) {
      pool.execStartUs[r] = execStart;
      pool.execEndUs[r] = execEnd;
      this.observe(r, true, releaseUs, respEnd);
    }
    const client = pool.client[r]!;
    pool.release(r);
    if (client >= 0) this.nextFromClient(client, respEnd);
  }

  /** The responses of one execution (or one released response) have all been handed to finish(). */
  endBurst(): void {
    if (this.pauses !== null) this.pauses.endBurst();
  }

  /** An error response (rejected or timed out). */
  fail(r: number, nowUs: number): void {
    const pool = this.pool;
    this.recorder.failure(nowUs);
    const tb = this.tables;
    const samples = pool.samples[r]!;
    const recv = tb.hasOverheads ? tb.recv.draw(samples > tb.maxBatch ? tb.maxBatch : samples, this.rngRecv) : 0;
    const back = (tb.hasOverheads ? pool.netInUs[r]! : 0) + recv;
    const reached = this.holds === null ? nowUs + back : this.holds.pass(nowUs, back);
    const respEnd = this.pauses === null ? reached : this.pauses.handle(reached);
    this.endBurst();
    this.observe(r, false, nowUs, respEnd);
    const client = pool.client[r]!;
    pool.release(r);
    if (client >= 0) this.nextFromClient(client, respEnd);
  }

  private observe(r: number, ok: boolean, releaseUs: number, responseEndUs: number): void {
    const obs = this.observer;
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

  private nextFromClient(client: number, t0Us: number): void {
    const w = this.workload;
    if (w.kind === "concurrency") {
      this.send(client, t0Us, w.batchSize, w.priority, w.timeoutUs, false);
    } else if (this.senders > 0) {
      // a synchronous sender: its response is back; a send that came due meanwhile leaves now, late
      if (this.senderOwed[client]! > 0) {
        this.senderOwed[client]!--;
        if (w.kind === "rate") this.send(client, t0Us, w.batchSize, w.priority, w.timeoutUs, false);
        else this.send(client, t0Us, w.batchSizes[0]!, w.priorities[0]!, w.timeoutsUs[0]!, false);
      } else {
        this.senderBusy[client] = 0;
      }
    }
  }
}
