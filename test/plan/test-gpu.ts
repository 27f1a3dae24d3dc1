// The synthetic GPU the planner's law tests plan on: three batch sizes measured alone and two-way, and a
// client's overheads; and a plan input on it (2500 requests/s, p99 ≤ 12 ms, quick search, up to two
// instances and max_batch_size 32 on one GPU) that a test adjusts.
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import type { PlanInput } from "../../src/plan/search.js";

export const testGpu: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "test-gpu",
  metadata: { source: "synthetic" },
  compute: [
    { batchSize: 1, concurrency: 1, computeInputUs: { mean: 40, sd: 5 }, computeInferUs: { mean: 900, sd: 60 }, computeOutputUs: { mean: 30, sd: 5 } },
    { batchSize: 8, concurrency: 1, computeInputUs: { mean: 60, sd: 5 }, computeInferUs: { mean: 1500, sd: 80 }, computeOutputUs: { mean: 35, sd: 5 } },
    { batchSize: 32, concurrency: 1, computeInputUs: { mean: 120, sd: 10 }, computeInferUs: { mean: 3600, sd: 150 }, computeOutputUs: { mean: 50, sd: 5 } },
    { batchSize: 8, concurrency: 2, computeInputUs: { mean: 70, sd: 5 }, computeInferUs: { mean: 2500, sd: 120 }, computeOutputUs: { mean: 40, sd: 5 } },
    { batchSize: 32, concurrency: 2, computeInputUs: { mean: 130, sd: 10 }, computeInferUs: { mean: 6800, sd: 300 }, computeOutputUs: { mean: 55, sd: 5 } },
  ],
  requestOverheads: [{ batchSize: 1, clientSendUs: { mean: 30, sd: 5 }, clientRecvUs: { mean: 10, sd: 2 }, networkUs: { mean: 300, sd: 50 }, schedulingUs: { mean: 40, sd: 10 } }],
};

export const testGpuPlan = (over: Partial<PlanInput> = {}): PlanInput => ({
  profile: testGpu,
  load: { kind: "rate", requestsPerS: 2500, distribution: "poisson", cv: 1, batchSize: 1 },
  slo: { statistic: "p99", boundMs: 12 },
  objective: "throughput",
  constraints: { minThroughputPerS: 0, maxInstancesPerGpu: 2, maxBatchSizeLimit: 32, maxGpus: 1 },
  quick: true,
  seed: "plan-test",
  ...over,
});
