// Simulation: the discrete-event model of one Triton model under load. Clients (closed or open
// loop) send requests that cross the network into the scheduler (default scheduler or dynamic
// batcher), payloads run on instances that share GPUs, responses return to the clients. Events at
// one instant run completions, then arrivals, then the batcher once, which sees the whole queue.
// Deterministic: same input and seed ⇒ same summary. This file holds the event loop and the wiring;
// the client side is in clients.ts, the server side in server-model.ts, the result in simulation-result.ts.
import { ComputeTables } from "../compute/compute-model.js";
import { toolCosts, type ToolModel } from "../compute/load-generator.js";
import { EventQueue, Phase } from "../kernel/event-queue.js";
import { RandomStream } from "../kernel/rng.js";
import { Recorder } from "../metrics/recorder.js";
import type { RunSummary, StoppedEarly } from "../metrics/summary.js";
import { ArrivalClock } from "../workload/arrival-clock.js";
import { Clients } from "./clients.js";
import { placeInstances } from "./config.js";
import { EventKind } from "./event-kinds.js";
import { ClientPauses } from "./client-pauses.js";
import { FrontEndHolds } from "./front-end-holds.js";
import { NetworkDrift } from "./network-drift.js";
import { maxInstancesPerDevice } from "./device-layout.js";
import { RequestPool } from "./request-pool.js";
import { ServerModel } from "./server-model.js";
import type { SimulationInput } from "./simulation-input.js";
import { simulationResult, snapshotWindow, type SimulationResult } from "./simulation-result.js";

export type { SimulationInput, SimulationObserver } from "./simulation-input.js";
export type { SimulationResult } from "./simulation-result.js";

/** Requests in flight beyond which an overloaded open-loop run stops (the queue grows without bound). */
export const MAX_IN_FLIGHT = 4_000_000;
/** Events at one instant beyond which a run stops: nothing advances the clock (say every request is
 *  rejected by a full queue and, with no client or network time, resent at once). */
export const MAX_EVENTS_AT_ONE_INSTANT = 10_000_000;

class Simulation {
  private readonly eq = new EventQueue(4096);
  private readonly pool = new RequestPool(1024);
  private readonly devices: Int32Array;
  private readonly recorder: Recorder;
  /** The open-loop send schedule. At one instant a send runs after the heap's completions and before
   *  its other arrivals; it is kept out of the heap. */
  private readonly clock: ArrivalClock;
  private readonly clients: Clients;
  private readonly server: ServerModel;

  constructor(private readonly input: SimulationInput) {
    const { config, workload } = input;
    const responseGapUs = input.responseGapUs ?? 0;
    if (!(responseGapUs >= 0) || !Number.isFinite(responseGapUs)) {
      throw new RangeError(`responseGapUs must be a finite number >= 0, got ${input.responseGapUs}`);
    }
    const loadedNetworkUs = input.loadedNetworkUs ?? 0;
    if (!(loadedNetworkUs >= 0) || !Number.isFinite(loadedNetworkUs)) {
      throw new RangeError(`loadedNetworkUs must be a finite number >= 0, got ${input.loadedNetworkUs}`);
    }
    const loadedWaitWholeFrom = input.loadedWaitWholeFrom ?? 1;
    if (!(Number.isInteger(loadedWaitWholeFrom) && loadedWaitWholeFrom >= 1)) {
      throw new RangeError(`loadedWaitWholeFrom must be an integer >= 1, got ${input.loadedWaitWholeFrom}`);
    }
    const loadedWaitShape = input.loadedWaitShape ?? 1;
    if (!(loadedWaitShape > 0) || !Number.isFinite(loadedWaitShape)) {
      throw new RangeError(`loadedWaitShape must be a finite number > 0, got ${input.loadedWaitShape}`);
    }
    if (input.outputPerRequestUs !== undefined && !Number.isFinite(input.outputPerRequestUs)) {
      throw new RangeError(`outputPerRequestUs must be a finite number, got ${input.outputPerRequestUs}`);
    }
    const nd = input.networkDrift;
    if (nd !== undefined && !(nd.share >= 0 && nd.share <= 1 && nd.correlationUs > 0 && Number.isFinite(nd.correlationUs))) {
      throw new RangeError(`networkDrift needs a share in [0, 1] and a finite correlationUs > 0, got ${nd.share} and ${nd.correlationUs}`);
    }
    this.devices = placeInstances(config);
    const requestMax = workload.kind === "trace" ? workload.batchSizes.reduce((m, b) => Math.max(m, b), 1) : workload.batchSize;
    const maxExec = Math.max(1, config.maxBatchSize, requestMax);
    const tables = new ComputeTables(input.profile, maxExec, maxInstancesPerDevice(this.devices));
    this.recorder = new Recorder(input.measurement, maxExec, this.devices.length); // one entry per instance
    // a rate workload replaying a live run's planned sends seeds its gaps as that run did
    const arrivalSeed = workload.kind === "rate" && workload.arrivalSeed !== undefined ? workload.arrivalSeed : input.seed;
    this.clock = new ArrivalClock(workload, new RandomStream(arrivalSeed, "arrivals"));
    const holds = FrontEndHolds.of(tables.frontEndStalls, input.hostEpisodes === true ? tables.hostEpisodes : null, input.seed);
    const cp = input.clientPauses;
    const pauses = cp !== undefined && cp.perRequest > 0 && cp.meanUs > 0 ? new ClientPauses(cp, new RandomStream(input.seed, "client-pauses")) : null;
    const drift = nd !== undefined && nd.share > 0 ? new NetworkDrift(nd, new RandomStream(input.seed, "network-drift")) : null;
    this.clients = new Clients(workload, this.clock, this.pool, tables, this.eq, this.recorder, input.observer, input.seed, holds, loadedNetworkUs, pauses, drift, loadedWaitShape, loadedWaitWholeFrom);
    this.server = new ServerModel(input, this.devices, tables, this.pool, this.eq, this.recorder, this.clients, responseGapUs, holds);
    this.clients.connect(this.server);
  }

  run(): SimulationResult {
    const eq = this.eq;
    const rec = this.recorder;
    const clock = this.clock;
    const server = this.server;
    const inst = server.instances;
    const m = this.input.measurement;
    const maxUs = this.input.maxSimulatedUs ?? 3_600e6;
    const byDuration = m.kind !== "requests"; // fixed times, or perf_analyzer's windows
    let startSnapped = false;
    let events = 0;
    let nowUs = 0;
    let stop: StoppedEarly["reason"] | null = null;
    let sameInstant = 0;
    this.clients.start();
    for (;;) {
      const heapT = eq.peekTimeUs();
      const genAt = clock.nextAtUs;
      const genFirst = genAt < heapT || (genAt === heapT && eq.peekPhase() !== Phase.Completion);
      const t = genFirst ? genAt : heapT;
      if (t === Number.POSITIVE_INFINITY) {
        stop = "load-ended";
        break;
      }
      if (byDuration) {
        if (!startSnapped && t >= rec.windowStartUs) {
          snapshotWindow(rec, inst, true, rec.windowStartUs);
          startSnapped = true;
        }
        if (t >= rec.windowEndUs) {
          snapshotWindow(rec, inst, false, rec.windowEndUs);
          nowUs = rec.windowEndUs;
          break;
        }
      }
      if (t > maxUs || this.pool.inUse > MAX_IN_FLIGHT) {
        stop = t > maxUs ? "time-cap" : "queue-cap";
        break;
      }
      if (t === nowUs) {
        if (++sameInstant > MAX_EVENTS_AT_ONE_INSTANT) {
          stop = "no-progress";
          break;
        }
      } else {
        sameInstant = 0;
      }
      nowUs = t;
      events++;
      if (genFirst) {
        this.clients.generate(t);
      } else {
        eq.pop();
        switch (eq.kind) {
          case EventKind.Arrive:
            server.arrive(eq.ref, t);
            break;
          case EventKind.PhaseEnd:
            server.phaseEnd(eq.ref, eq.tag, t);
            break;
          case EventKind.Timer:
            server.onTimer(eq.tag);
            break;
          case EventKind.InstanceFree:
            server.instanceFree(eq.ref, t);
            break;
          case EventKind.Wake:
            server.onWake(t);
            break;
        }
      }
      if (server.dirty && clock.nextAtUs > t && (eq.size === 0 || eq.peekTimeUs() > t || eq.peekPhase() === Phase.Batcher)) {
        server.dirty = false;
        server.decide(t);
      }
      if (!byDuration) {
        const before = rec.windowStartUs;
        rec.checkCounts(t);
        if (before < 0 && rec.windowStartUs >= 0) snapshotWindow(rec, inst, true, t);
        if (rec.done) {
          snapshotWindow(rec, inst, false, t);
          break;
        }
      }
    }
    if (!rec.done) {
      // stopped early (time cap, runaway queue, or a finite trace ran out): close the window here
      if (rec.windowStartUs < 0) {
        rec.windowStartUs = nowUs;
        snapshotWindow(rec, inst, true, nowUs);
      }
      rec.windowEndUs = Math.max(rec.windowStartUs, nowUs);
      snapshotWindow(rec, inst, false, rec.windowEndUs);
    }
    const early = stop === null ? null : { reason: stop, atUs: nowUs };
    return simulationResult(this.input, rec, this.devices, this.clients, server, this.pool.inUse, events, nowUs, early);
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

/** `simulate` as a given load generator measures it: with its own costs (its profile) and response gap. */
export function simulateAs(tool: ToolModel, input: Omit<SimulationInput, "profile" | "responseGapUs" | "loadedNetworkUs" | "loadedWaitShape" | "loadedWaitWholeFrom" | "networkDrift" | "clientPauses" | "outputPerRequestUs">): RunSummary {
  return simulate({
    ...input,
    profile: tool.profile,
    ...toolCosts(tool),
    ...(tool.clientPauses !== undefined ? { clientPauses: tool.clientPauses } : {}),
  });
}
