// The load generator's network drift (server/network-drift.ts): a request's network deviate is part a host-wide
// Ornstein–Uhlenbeck process, part its own. Laws: each deviate stays standard normal (the tool's one-client spread
// is kept), deviates t apart correlate share × exp(−t / correlation time), a share of 0 changes nothing, and in a
// one-client run the way in of successive requests correlates as the calibration traces' gaps do.
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/cli/profiles.js";
import { forTool } from "../../src/compute/load-generator.js";
import { RandomStream } from "../../src/kernel/rng.js";
import { makeServerConfig } from "../../src/server/config.js";
import { NetworkDrift, type NetworkDriftParams } from "../../src/server/network-drift.js";
import { simulate } from "../../src/server/simulation.js";
import type { SimulationInput } from "../../src/server/simulation-input.js";

const params: NetworkDriftParams = { share: 0.41, correlationUs: 81_000 };

const correlation = (a: readonly number[], b: readonly number[]): number => {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

describe("NetworkDrift", () => {
  it("keeps each deviate standard normal and correlates them share × exp(−t / τ) apart", () => {
    const drift = new NetworkDrift(params, new RandomStream("1", "drift"));
    const own = new RandomStream("1", "own");
    const z: number[] = [];
    for (let i = 0; i < 40_000; i++) z.push(drift.deviate(i * 1000, own.normal()));
    const mean = z.reduce((s, x) => s + x, 0) / z.length;
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
    for (const k of [1, 20, 80]) {
      const r = correlation(z.slice(0, -k), z.slice(k));
      expect(r).toBeCloseTo(params.share * Math.exp((-k * 1000) / params.correlationUs), 1);
    }
  });

  it("two requests sent at one instant share the host's part", () => {
    const drift = new NetworkDrift(params, new RandomStream("2", "drift"));
    const own = new RandomStream("2", "own");
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      a.push(drift.deviate(i * 1e6, own.normal())); // 1 s apart: pairs nearly independent of each other
      b.push(drift.deviate(i * 1e6, own.normal()));
    }
    expect(correlation(a, b)).toBeCloseTo(params.share, 1);
  });
});

describe("network drift in a simulation", () => {
  const tool = forTool(loadProfile("h100-bert-base-seq128-fp16"), "perf_analyzer");
  const oneClient = (drift: NetworkDriftParams | undefined, observe?: (inUs: number) => void): ReturnType<typeof simulate> => {
    const input: SimulationInput = {
      config: makeServerConfig({ maxBatchSize: 8 }),
      profile: tool.profile,
      workload: { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "7",
      measurement: { kind: "requests", warmupRequests: 500, requests: 20_000 },
      ...(drift !== undefined ? { networkDrift: drift } : {}),
      ...(observe !== undefined ? { observer: { onRequestDone: (e) => observe(e.arriveUs - e.t0Us) } } : {}),
    };
    return simulate(input);
  };

  it("a share of 0 changes nothing", () => {
    expect(JSON.stringify(oneClient({ share: 0, correlationUs: 81_000 }))).toBe(JSON.stringify(oneClient(undefined)));
  });

  it("one client's latency keeps its distribution", () => {
    const plain = oneClient(undefined).latencyUs;
    const drifting = oneClient(params).latencyUs;
    expect(drifting.p50 / plain.p50).toBeGreaterThan(0.98);
    expect(drifting.p50 / plain.p50).toBeLessThan(1.02);
    expect(drifting.p90 / plain.p90).toBeGreaterThan(0.97);
    expect(drifting.p90 / plain.p90).toBeLessThan(1.03);
  });

  it("successive requests' way in correlates with the drift and not without it", () => {
    const logs = (drift: NetworkDriftParams | undefined): number[] => {
      const ways: number[] = [];
      oneClient(drift, (w) => ways.push(Math.log(w)));
      return ways;
    };
    const lag = (xs: readonly number[], k: number): number => correlation(xs.slice(0, -k), xs.slice(k));
    // a request every ~1 ms: five apart is ~5 ms, well inside the 81 ms correlation time
    expect(lag(logs(params), 5)).toBeGreaterThan(0.3);
    expect(Math.abs(lag(logs(undefined), 5))).toBeLessThan(0.05);
  });

  it("refuses a share outside [0, 1]", () => {
    expect(() => oneClient({ share: 1.5, correlationUs: 1000 })).toThrow(/networkDrift needs a share in \[0, 1\]/);
  });
});
