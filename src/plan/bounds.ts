// Cheap bounds that prune the search before any simulation. Capacity: k instances per GPU each running
// full batches of B back to back, slowed by contention, give at most G·k·B / (t(B)·slowdown(k, B))
// inferences/s. Latency: no request can finish faster than its overheads plus one execution of its own
// batch alone on the GPU.
import type { ComputeTables } from "../compute/compute-model.js";
import type { Candidate } from "./candidate.js";

/** Upper bound on inferences/s, for requests of `requestBatch` samples (a full batch merges
 *  max_batch_size / requestBatch of them). */
export function capacityBoundPerS(c: Candidate, tables: ComputeTables, requestBatch = 1): number {
  // the default scheduler runs each request alone; a batcher can fill max_batch_size
  const B = c.dynamic === null ? Math.max(1, Math.min(requestBatch, c.maxBatchSize)) : Math.max(1, c.maxBatchSize);
  const requests = c.dynamic === null ? 1 : Math.max(1, Math.floor(B / Math.max(1, requestBatch)));
  let perExecUs = 0;
  for (let phase = 0 as 0 | 1 | 2; phase <= 2; phase = (phase + 1) as 0 | 1 | 2) {
    perExecUs += (tables.meanUs(phase, B) + (requests - 1) * tables.perRequest(phase, requests)) * tables.slowdown(phase, c.instancesPerGpu, B);
  }
  if (perExecUs <= 0) return Number.POSITIVE_INFINITY;
  return (c.gpus * c.instancesPerGpu * B * 1e6) / perExecUs;
}

/** Lower bound on any request's latency, µs (requests of `requestBatch` samples). */
export function latencyFloorUs(tables: ComputeTables, requestBatch: number): number {
  const b = Math.max(1, requestBatch);
  return (
    tables.executionUs(b) + tables.send.mean[Math.min(b, tables.maxBatch)]! + tables.recv.mean[Math.min(b, tables.maxBatch)]! + tables.network.mean[Math.min(b, tables.maxBatch)]!
  );
}
