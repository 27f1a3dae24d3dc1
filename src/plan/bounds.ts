// Cheap bounds that prune the search before any simulation. Capacity: with j of its k instances running
// full batches of B on a GPU, the device completes at most j·B per Σ_phase t(B)·slowdown(phase, j, B) µs
// (processor sharing: all j progress at the slowed rate; turn-taking: one turn of that k-way cycle over j
// each), so G · max over j ≤ k of that rate bounds the inferences/s. The cost of merging requests into an
// execution is the instance's own host work: with one instance it adds to every execution's cycle; with
// more, another instance's device work overlaps it, so it is left out (a bound that counted it was below
// what two instances actually sustain). Latency: no request can finish faster than its overheads plus one
// execution of its own batch alone on the GPU.
import type { ComputeTables } from "../compute/compute-model.js";
import type { Candidate } from "./candidate.js";

/** Upper bound on inferences/s, for requests of `requestBatch` samples (a full batch merges
 *  max_batch_size / requestBatch of them). */
export function capacityBoundPerS(c: Candidate, tables: ComputeTables, requestBatch = 1): number {
  // the default scheduler runs each request alone; a batcher can fill max_batch_size
  const B = c.dynamic === null ? Math.max(1, Math.min(requestBatch, c.maxBatchSize)) : Math.max(1, c.maxBatchSize);
  const requests = c.dynamic === null ? 1 : Math.max(1, Math.floor(B / Math.max(1, requestBatch)));
  const k = Math.max(1, c.instancesPerGpu);
  let best = 0;
  for (let j = 1; j <= k; j++) {
    const perExecUs = k === 1 ? mergedExecutionUs(tables, B, requests) : tables.contendedExecutionUs(j, B);
    if (perExecUs <= 0) return Number.POSITIVE_INFINITY;
    best = Math.max(best, (j * B * 1e6) / perExecUs);
  }
  return c.gpus * best;
}

/** One instance's execution of b samples merged from `requests` requests: its phases with the merging
 *  cost of each (summed phase by phase, as the bound has always been computed). */
function mergedExecutionUs(tables: ComputeTables, b: number, requests: number): number {
  let us = 0;
  for (let phase = 0 as 0 | 1 | 2; phase <= 2; phase = (phase + 1) as 0 | 1 | 2) us += tables.meanUs(phase, b) + (requests - 1) * tables.perRequest(phase, requests);
  return us;
}

/** Lower bound on any request's latency, µs (requests of `requestBatch` samples). */
export function latencyFloorUs(tables: ComputeTables, requestBatch: number): number {
  const b = Math.max(1, requestBatch);
  return (
    tables.executionUs(b) + tables.send.mean[Math.min(b, tables.maxBatch)]! + tables.recv.mean[Math.min(b, tables.maxBatch)]! + tables.network.mean[Math.min(b, tables.maxBatch)]!
  );
}
