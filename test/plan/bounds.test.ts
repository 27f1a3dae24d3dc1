// plan's capacity bound prunes configurations before any simulation, so it must never fall below what a
// configuration actually sustains: a saturated closed loop on the built-in profile, with co-located
// instances taking turns on the GPU (the profile's choice) or sharing it, stays at or under the bound.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROFILE } from "../../src/compute/builtin.js";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { withGpuSharing } from "../../src/compute/gpu-sharing.js";
import { loadProfile } from "../../src/cli/profiles.js";
import { capacityBoundPerS } from "../../src/plan/bounds.js";
import { makeServerConfig } from "../../src/server/config.js";
import { simulate } from "../../src/server/simulation.js";

describe("plan's capacity bound", () => {
  const builtin = loadProfile(DEFAULT_PROFILE);
  it("is never below the simulated saturated throughput (turns and processor sharing)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("turns" as const, "shared" as const),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(1, 4, 8, 16, 32),
        fc.boolean(),
        (mode, k, B, dynamic) => {
          const profile = withGpuSharing(builtin, mode);
          const tables = new ComputeTables(profile, 128, 3);
          const bound = capacityBoundPerS({ gpus: 1, instancesPerGpu: k, maxBatchSize: B, dynamic: dynamic ? { preferredBatchSizes: [B], maxQueueDelayUs: 0 } : null }, tables);
          const r = simulate({
            config: makeServerConfig({ maxBatchSize: B, ...(dynamic ? { dynamicBatching: { preferredBatchSizes: [B] } } : {}), instanceGroups: [{ count: k }] }),
            profile,
            workload: { kind: "concurrency", concurrency: 3 * k * B, batchSize: 1, priority: 0, timeoutUs: 0 },
            seed: "bound",
            measurement: { kind: "requests", requests: 3000, warmupRequests: 500 },
          });
          expect(r.throughputPerS).toBeLessThanOrEqual(bound * 1.01);
        },
      ),
      { numRuns: 25 },
    );
  });
});
