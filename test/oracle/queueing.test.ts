// Oracle tests: the simulator against queueing theory. M/D/1 and M/G/1 mean waits (Pollaczek–Khinchine;
// lognormal service with cv = 1 has the M/M/1 mean wait), and closed-loop identities.
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { makeServerConfig, type ServerConfigInput } from "../../src/server/config.js";
import { simulate } from "../../src/server/simulation.js";
import { closed, poisson } from "../helpers/workloads.js";


function lognormalProfile(meanUs: number, cv: number): Profile {
  return {
    schema: PROFILE_SCHEMA_ID,
    name: `lognormal(${meanUs},${cv})`,
    metadata: { source: "synthetic" },
    compute: [{ batchSize: 1, concurrency: 1, computeInputUs: { mean: 0, sd: 0 }, computeInferUs: { mean: meanUs, sd: cv * meanUs }, computeOutputUs: { mean: 0, sd: 0 } }],
    requestOverheads: [],
  };
}

/** Pollaczek–Khinchine mean wait in queue, µs. */
const pkWaitUs = (ratePerS: number, meanUs: number, cv: number): number => {
  const rho = (ratePerS * meanUs) / 1e6;
  return (rho * meanUs * (1 + cv * cv)) / (2 * (1 - rho));
};

const M1 = { maxBatchSize: 1 } satisfies ServerConfigInput;
const measurement = { kind: "requests", warmupRequests: 20_000, requests: 600_000 } as const;

describe("open loop against Pollaczek–Khinchine", () => {
  for (const rho of [0.5, 0.8]) {
    it(`M/D/1 at ρ = ${rho}: mean queue wait within 2 %`, () => {
      const serviceUs = 1000;
      const rate = (rho * 1e6) / serviceUs;
      const s = simulate({ config: makeServerConfig(M1), profile: parseComputeMs("1=1"), workload: poisson(rate), seed: "md1", measurement });
      const expected = pkWaitUs(rate, serviceUs, 0);
      expect(Math.abs(s.breakdownUs.serverQueue / expected - 1)).toBeLessThan(0.02);
      expect(Math.abs(s.requestThroughputPerS / rate - 1)).toBeLessThan(0.01);
    });
  }

  for (const [rho, cv] of [
    [0.5, 1],
    [0.7, 1],
    [0.6, 0.5],
  ] as const) {
    it(`M/G/1, lognormal service cv = ${cv}${cv === 1 ? " (the M/M/1 mean)" : ""}, ρ = ${rho}: mean queue wait within 2 %`, () => {
      const serviceUs = 1000;
      const rate = (rho * 1e6) / serviceUs;
      // heavy-tailed service makes one run's mean wait noisy: average independent replications
      const seeds = ["r1", "r2", "r3", "r4"];
      const waits = seeds.map(
        (seed) =>
          simulate({
            config: makeServerConfig(M1),
            profile: lognormalProfile(serviceUs, cv),
            workload: poisson(rate),
            seed,
            measurement: { kind: "requests", warmupRequests: 10_000, requests: 250_000 },
          }).breakdownUs.serverQueue,
      );
      const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
      expect(Math.abs(mean / pkWaitUs(rate, serviceUs, cv) - 1)).toBeLessThan(0.02);
    });
  }
});

describe("closed-loop identities", () => {
  const compute = "1=8.38,8=15.46";
  it("C ≤ max_batch_size, delay 0, one instance: throughput = C / t(C) and every batch holds C", () => {
    const profile = parseComputeMs(compute);
    for (const c of [1, 2, 3, 5, 8]) {
      const s = simulate({
        config: makeServerConfig({ maxBatchSize: 8, dynamicBatching: {} }),
        profile,
        workload: closed(c),
        seed: "c",
        measurement: { kind: "requests", warmupRequests: 100, requests: 5000 },
      });
      const tUs = 8380 + ((15460 - 8380) * (c - 1)) / 7;
      expect(s.throughputPerS).toBeCloseTo((c * 1e6) / tUs, 6);
      expect(s.triton.batchStats.map((b) => b.batchSize)).toEqual([c]);
    }
  });

  it("Little's law: concurrency = request throughput × mean latency, whatever the configuration", () => {
    const configs: ServerConfigInput[] = [
      { maxBatchSize: 1 },
      { maxBatchSize: 8, dynamicBatching: { preferredBatchSizes: [4, 8], maxQueueDelayUs: 5000 } },
      { maxBatchSize: 16, dynamicBatching: { maxQueueDelayUs: 300 }, instanceGroups: [{ count: 2 }] },
    ];
    for (const config of configs) {
      for (const c of [1, 7, 32]) {
        const s = simulate({
          config: makeServerConfig(config),
          profile: lognormalProfile(2000, 0.3),
          workload: closed(c),
          seed: "little",
          measurement: { kind: "requests", warmupRequests: 2000, requests: 60_000 },
        });
        expect(Math.abs((s.requestThroughputPerS * s.latencyUs.mean) / 1e6 / c - 1)).toBeLessThan(0.01);
      }
    }
  });

  it("the seed study: 119 inferences/s at batch 1 × concurrency 64, 517 at batch 8 × concurrency 8", () => {
    const profile = parseComputeMs(compute);
    const run = (maxBatchSize: number, b: number, c: number): number =>
      simulate({
        config: makeServerConfig({ maxBatchSize }),
        profile,
        workload: closed(c, b),
        seed: "seed",
        measurement: { kind: "requests", warmupRequests: 500, requests: 5000 },
      }).throughputPerS;
    expect(Math.abs(run(1, 1, 64) / 119 - 1)).toBeLessThan(0.02);
    expect(Math.abs(run(8, 8, 8) / 517 - 1)).toBeLessThan(0.02);
  });
});
