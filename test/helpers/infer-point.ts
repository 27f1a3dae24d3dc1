// Test helper: a profile compute point with only an infer time (deterministic, 100 executions).
import type { ComputePoint } from "../../src/compute/profile.js";

const zero = { mean: 0, sd: 0 };

export const inferPoint = (batchSize: number, concurrency: number, inferUs: number): ComputePoint => ({
  batchSize,
  concurrency,
  computeInputUs: zero,
  computeInferUs: { mean: inferUs, sd: 0 },
  computeOutputUs: zero,
  executions: 100,
});
