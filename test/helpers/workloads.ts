// Test helper: the workloads tests drive most, single-sample requests at the default priority and no timeout.
import type { Workload } from "../../src/workload/workload.js";

/** An open loop of Poisson arrivals; with `senders`, perf_analyzer's synchronous sending threads. */
export const poisson = (requestsPerS: number, senders?: number): Workload => ({
  kind: "rate",
  requestsPerS,
  distribution: "poisson",
  cv: 1,
  batchSize: 1,
  priority: 0,
  timeoutUs: 0,
  ...(senders !== undefined ? { senders } : {}),
});

/** A closed loop of `concurrency` clients. */
export const closed = (concurrency: number, batchSize = 1): Workload => ({ kind: "concurrency", concurrency, batchSize, priority: 0, timeoutUs: 0 });
