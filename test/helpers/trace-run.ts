// Test helper: run the simulator on an explicit list of arrivals with an inline compute model and
// collect every execution and request outcome through the observer (optionally with a research policy).
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { makeServerConfig, type ServerConfigInput } from "../../src/server/config.js";
import type { BatchingPolicy } from "../../src/server/policy.js";
import { runSimulation, type SimulationObserver } from "../../src/server/simulation.js";
import type { RunSummary } from "../../src/metrics/summary.js";

export interface Arrival {
  readonly t: number;
  readonly b?: number;
  readonly priority?: number;
  readonly timeoutUs?: number;
}

export interface Execution {
  readonly instance: number;
  readonly device: number;
  readonly startUs: number;
  readonly batchSize: number;
  readonly requestIds: readonly number[];
}

type DoneEvent = Parameters<NonNullable<SimulationObserver["onRequestDone"]>>[0];

export interface TraceRun {
  readonly executions: Execution[];
  readonly done: Map<number, DoneEvent>;
  readonly summary: RunSummary;
}

export function runArrivals(
  config: ServerConfigInput,
  compute: string | Profile,
  arrivals: readonly Arrival[],
  seed = "t",
  policy?: BatchingPolicy,
): TraceRun {
  const executions: Execution[] = [];
  const done = new Map<number, DoneEvent>();
  const profile = typeof compute === "string" ? parseComputeMs(compute) : compute;
  const res = runSimulation({
    config: makeServerConfig(config),
    profile,
    workload: {
      kind: "trace",
      timesUs: Float64Array.from(arrivals.map((a) => a.t)),
      batchSizes: Int32Array.from(arrivals.map((a) => a.b ?? 1)),
      priorities: Int32Array.from(arrivals.map((a) => a.priority ?? 0)),
      timeoutsUs: Float64Array.from(arrivals.map((a) => a.timeoutUs ?? 0)),
      loop: false,
    },
    seed,
    measurement: { kind: "duration", warmupUs: 0, durationUs: 1e12 },
    ...(policy !== undefined ? { policy } : {}),
    observer: {
      onExecutionStart: (e) => executions.push({ ...e, requestIds: [...e.requestIds] }),
      onRequestDone: (e) => done.set(e.id, e),
    },
  });
  return { executions, done, summary: res.summary };
}

/** n arrivals at the same instant. */
export const burst = (n: number, t = 0, extra: Omit<Arrival, "t"> = {}): Arrival[] =>
  Array.from({ length: n }, () => ({ t, ...extra }));
