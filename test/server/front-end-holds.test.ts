// Host episodes hold the front end (server/front-end-holds.ts; SimulationInput.hostEpisodes): nothing passes it during one while the load
// generator keeps sending. Laws: an open-loop request sent into an episode waits out the rest of it, so the
// light open loop's tail is the residual of exponential episodes, D·ln(100·φ) at p99 for a share φ of the time
// in them; a closed loop's clients are each held once an episode, so its tail hardly moves; a profile without
// episodes, or a run that leaves them out (the default: plan's host), simulates exactly as before.
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { readModelConfigPbtxt } from "../../src/server/pbtxt.js";
import { simulate } from "../../src/server/simulation.js";
import type { Workload } from "../../src/workload/workload.js";

const config = readModelConfigPbtxt('name: "m"\nmax_batch_size: 8\ninstance_group [{ count: 1 kind: KIND_GPU }]', "m");
const base: Profile = parseComputeMs("1=1,8=3");
const ratePerS = 2;
const meanUs = 20_000;
/** The share of the time the episodes cover: they start r times a second of time outside them and last D on average. */
const share = (ratePerS * meanUs * 1e-6) / (1 + ratePerS * meanUs * 1e-6);
const episodic: Profile = { ...base, hostEpisodes: { ratePerS, meanDurationUs: meanUs, execFactor: 2.5, frontEndFactor: 6 } };
const run = (profile: Profile, workload: Workload, requests: number, seed = "1", hostEpisodes = true) =>
  simulate({ config, profile, workload, seed, hostEpisodes, measurement: { kind: "requests", warmupRequests: 1000, requests } });
const open: Workload = { kind: "rate", requestsPerS: 300, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 };
const closed: Workload = { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 };

describe("host episodes hold the front end", () => {
  it("a light open loop's p99 is the residual of the episodes it was sent into: D·ln(100·φ) past the usual", () => {
    const quiet = run(base, open, 100_000);
    const held = run(episodic, open, 100_000);
    const expected = quiet.latencyUs.p50 + meanUs * Math.log(100 * share);
    expect(held.latencyUs.p99).toBeGreaterThan(0.85 * expected);
    expect(held.latencyUs.p99).toBeLessThan(1.15 * expected);
    // the median stays where it was: sends are not put off, and most meet no episode
    expect(held.latencyUs.p50).toBeLessThan(quiet.latencyUs.p50 * 1.05);
  });

  it("a closed loop's client is held once an episode: its p99 hardly moves, its throughput drops by about the share held", () => {
    const quiet = run(base, closed, 60_000);
    const held = run(episodic, closed, 60_000);
    expect(held.latencyUs.p99).toBeLessThan(quiet.latencyUs.p99 * 1.2);
    expect(held.latencyUs.max).toBeGreaterThan(meanUs); // the request in flight when an episode began waited it out
    expect(held.throughputPerS / quiet.throughputPerS).toBeCloseTo(1 - share, 2);
  });

  it("without episodes, or left out, the run is the one before them, and with them it is deterministic", () => {
    const { hostEpisodes: _dropped, ...without } = episodic;
    expect(JSON.stringify(run(without, open, 5000))).toBe(JSON.stringify(run(base, open, 5000)));
    expect(JSON.stringify(run(episodic, open, 5000, "1", false))).toBe(JSON.stringify(run(base, open, 5000)));
    expect(JSON.stringify(run(episodic, open, 5000))).not.toBe(JSON.stringify(run(base, open, 5000)));
    expect(JSON.stringify(run(episodic, open, 5000, "7"))).toBe(JSON.stringify(run(episodic, open, 5000, "7")));
  });
});
