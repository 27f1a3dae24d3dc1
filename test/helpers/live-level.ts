// One closed-loop level of a servesim.live/v1 run as servesim loadgen records it (`results[]`), for tests
// of what is read from such levels: throughput, Triton's statistics, the breakdown, stability; and a whole
// composition run (loadgen on a calibration-only dynamic-batching model) made of such levels.
import { parseLiveRun } from "../../src/calibrate/live-run.js";
export interface LiveLevelFields {
  readonly throughputPerS: number;
  readonly requests: number;
  readonly stable?: boolean;
  readonly breakdownUs?: Record<string, number>;
  readonly triton?: Record<string, unknown>;
  readonly cpuCores?: number;
}

export function liveLevel(load: number, f: LiveLevelFields) {
  return {
    load,
    stable: f.stable ?? true,
    trials: 3,
    summary: {
      mode: "concurrency",
      load,
      throughputPerS: f.throughputPerS,
      requests: f.requests,
      latencyUs: { mean: 1, p50: 1, p90: 1, p95: 1, p99: 1 },
      breakdownUs: f.breakdownUs ?? {},
      triton: f.triton ?? {},
    },
    windows: [],
    client: { cpuCores: f.cpuCores ?? 0.1 },
  };
}

/** A servesim loadgen composition run of `levels` (closed loop, -b 1) on a dynamic-batching model with
 *  `instances` instances, parsed as compose-profile reads it. */
export function compositionRun(levels: readonly unknown[], instances = 1) {
  return parseLiveRun(
    {
      schema: "servesim.live/v1",
      name: "comp",
      model: "cal",
      network: "loopback",
      tool: "servesim-loadgen",
      toolVersion: "t",
      load: { mode: "concurrency", distribution: null, batchSize: 1, levels: levels.map((l) => (l as { load: number }).load) },
      modelConfig: { name: "cal", max_batch_size: 64, dynamic_batching: {}, instance_group: [{ count: instances, kind: "KIND_GPU" }] },
      measurement: { intervalMs: 500, stabilityPct: 10 },
      metadata: { date: "d", command: "c" },
      results: levels,
    },
    "comp",
  );
}
