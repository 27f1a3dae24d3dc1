// One closed-loop level of a servesim.live/v1 run as servesim loadgen records it (`results[]`), for tests
// of what is read from such levels: throughput, Triton's statistics, the breakdown, stability.
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
