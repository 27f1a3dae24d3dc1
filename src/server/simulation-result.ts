// The measurement window's edges and the run's result: instance busy time and executions snapshotted at
// each edge, then the recorder folded into a RunSummary with the request conservation counts (every
// created request is in transit, in flight at the server, completed, rejected or timed out).
import type { Recorder } from "../metrics/recorder.js";
import type { RunSummary, StoppedEarly } from "../metrics/summary.js";
import { loadValue, offeredRate } from "../workload/workload.js";
import type { Clients } from "./clients.js";
import type { InstanceSet } from "./instances.js";
import type { ServerModel } from "./server-model.js";
import type { SimulationInput } from "./simulation-input.js";

export interface SimulationResult {
  readonly summary: RunSummary;
  readonly events: number;
  readonly simulatedUs: number;
}

/** Instance busy time and executions at a window edge. */
export function snapshotWindow(recorder: Recorder, inst: InstanceSet, start: boolean, atUs: number): void {
  const busy = (i: number): number => inst.busyUntil(i, atUs);
  const execs = (i: number): number => inst.executions[i]!;
  if (start) recorder.snapshotStart(busy, execs);
  else recorder.snapshotEnd(busy, execs);
}

/** The summary of a finished run; `inUse` is the request pool's live count at the end. */
export function simulationResult(
  input: SimulationInput,
  recorder: Recorder,
  devices: Int32Array,
  clients: Clients,
  server: ServerModel,
  inUse: number,
  events: number,
  nowUs: number,
  stoppedEarly: StoppedEarly | null = null,
): SimulationResult {
  const inTransit = clients.created - server.arrived;
  const summary = recorder.summarize({
    mode: input.workload.kind,
    load: loadValue(input.workload),
    seed: input.seed,
    extraPercentiles: input.percentiles ?? [],
    instanceDevices: devices,
    conservation: {
      arrived: server.arrived,
      completed: clients.completed,
      rejected: server.rejected,
      timedOut: server.timedOut,
      inFlight: inUse - inTransit,
    },
    offeredRequestsPerS: offeredRate(input.workload),
  });
  return { summary: stoppedEarly === null ? summary : { ...summary, stoppedEarly }, events, simulatedUs: nowUs };
}
