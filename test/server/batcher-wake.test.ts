// The woken batcher's scan (profile batcherWake, phase EW) and the loaded wait's shape (a load generator's
// loadedWaitShape). Laws: requests that reach the queue before the woken batcher scans join its payload, later
// ones wait for another; a wake-up while a scan is pending joins it; the scan's mean comes off the scheduling time
// and onto a timed wake, so one client measures what it measured without the scan, unless the profile says the
// scheduling time holds less of it (then one client's queue grows by the rest); without a batcher nothing changes; the loaded wait keeps its mean whatever its shape, and spreads less as the shape grows.
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import { Profile, type BatcherWake } from "../../src/compute/profile.js";
import { makeServerConfig, type ServerConfigInput } from "../../src/server/config.js";
import { simulate } from "../../src/server/simulation.js";
import { runArrivals } from "../helpers/trace-run.js";

const constant = (us: number): BatcherWake => ({ probabilities: [0, 1], us: [us, us] });
const base: Profile = parseComputeMs("1=1,8=2");
const scanning = (us: number, p: Profile = base): Profile => ({ ...p, batcherWake: constant(us) });
const dyn0 = { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 0 } };

describe("the woken batcher's scan", () => {
  it("requests that reach the queue before the scan join the payload; a later one waits for another", () => {
    const arrivals = [{ t: 0 }, { t: 20 }, { t: 40 }];
    const plain = runArrivals(dyn0, base, arrivals).executions;
    expect(plain.map((e) => [e.startUs, e.batchSize])).toEqual([
      [0, 1],
      [1000, 2],
    ]);
    const scanned = runArrivals(dyn0, scanning(30), arrivals).executions;
    expect(scanned[0]!.startUs).toBeCloseTo(30, 9);
    expect(scanned.map((e) => e.batchSize)).toEqual([2, 1]);
  });

  it("a wake-up while a scan is pending joins it: one scan, at the first wake-up's time", () => {
    const scanned = runArrivals(dyn0, scanning(30), [{ t: 0 }, { t: 10 }, { t: 29 }]).executions;
    expect(scanned.map((e) => [e.startUs, e.batchSize])).toEqual([[30, 3]]);
  });

  it("is drawn from its quantiles: every first execution starts within the table's range", () => {
    const p: Profile = { ...base, batcherWake: { probabilities: [0, 0.5, 1], us: [5, 20, 40] } };
    const starts = ["a", "b", "c", "d", "e", "f"].map((seed) => runArrivals(dyn0, p, [{ t: 0 }], seed).executions[0]!.startUs);
    for (const s of starts) expect(s >= 5 && s <= 40).toBe(true);
    expect(new Set(starts).size).toBeGreaterThan(1);
  });

  // one client: its request's scheduling time (60 µs) loses the scan's mean (25 µs) and the scan adds it back, a
  // timed wake too, so nothing it measures moves; without a batcher the scheduling time stays whole
  const withOverheads = (p: Profile): Profile => ({
    ...p,
    requestOverheads: [{ batchSize: 1, clientSendUs: { mean: 10, sd: 0 }, clientRecvUs: { mean: 10, sd: 0 }, networkUs: { mean: 100, sd: 0 }, schedulingUs: { mean: 60, sd: 0 } }],
  });
  const oneClient = (config: ServerConfigInput, p: Profile) =>
    simulate({
      config: makeServerConfig(config),
      profile: p,
      workload: { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "1",
      measurement: { kind: "requests", warmupRequests: 10, requests: 200 },
    });
  it.each<[string, ServerConfigInput]>([
    ["delay 0", dyn0],
    ["a 500 µs delay", { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 500 } }],
    ["no dynamic batching", { maxBatchSize: 8 }],
  ])("one client measures the same with the scan as without it (%s)", (_, config) => {
    const run = (p: Profile) => oneClient(config, p);
    const plain = run(withOverheads(base));
    const scanned = run(withOverheads(scanning(25)));
    expect(scanned.latencyUs.p50).toBeCloseTo(plain.latencyUs.p50, 6);
    expect(scanned.latencyUs.p99).toBeCloseTo(plain.latencyUs.p99, 6);
    expect(scanned.throughputPerS).toBeCloseTo(plain.throughputPerS, 6);
  });

  // a host whose probes' scheduling time holds none of the scan (inSchedulingUs 0, phase SQ on the H200): the scan comes
  // on top, after the arrival and after a timed wake alike
  it.each<[string, ServerConfigInput]>([
    ["delay 0", dyn0],
    ["a 500 µs delay", { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 500 } }],
  ])("with none of the scan in the scheduling time, one client's queue grows by the scan (%s)", (_, config) => {
    const run = (p: Profile) => oneClient(config, p);
    const held = run(withOverheads(scanning(25)));
    const onTop = run(withOverheads({ ...base, batcherWake: { ...constant(25), inSchedulingUs: 0 } }));
    expect(onTop.latencyUs.p50).toBeCloseTo(held.latencyUs.p50 + 25, 6);
    expect(onTop.breakdownUs.serverQueue).toBeCloseTo(held.breakdownUs.serverQueue + 25, 6);
  });

  it("the profile's table must run from 0 to 1, not decrease and not go below 0", () => {
    const bad = (w: BatcherWake) => Profile.safeParse({ ...base, batcherWake: w });
    expect(bad({ probabilities: [0, 1], us: [-1, 5] }).success).toBe(false);
    expect(bad({ probabilities: [0, 1], us: [5, 4] }).success).toBe(false);
    expect(bad({ probabilities: [0, 0.9], us: [5, 6] }).success).toBe(false);
    expect(bad({ probabilities: [0, 1], us: [5, 6] }).success).toBe(true);
    expect(bad({ probabilities: [0, 1], us: [5, 6], inSchedulingUs: -1 }).success).toBe(false);
  });
});

describe("the loaded wait's shape", () => {
  const zero = { mean: 0, sd: 0 };
  // four clients on a model without batching: every request after the first is sent with others in flight
  const run = (loadedWaitShape: number) =>
    simulate({
      config: makeServerConfig({ maxBatchSize: 1, instanceGroups: [{ count: 4 }] }),
      profile: { ...parseComputeMs("1=0.5"), requestOverheads: [{ batchSize: 1, clientSendUs: zero, clientRecvUs: zero, networkUs: { mean: 50, sd: 0 }, schedulingUs: zero }] },
      workload: { kind: "concurrency", concurrency: 4, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "shape",
      measurement: { kind: "requests", warmupRequests: 1000, requests: 40_000 },
      loadedNetworkUs: 300,
      loadedWaitShape,
    });
  it("keeps its mean whatever its shape, and spreads less as the shape grows", () => {
    const exp = run(1);
    const g4 = run(4);
    expect(g4.breakdownUs.networkServer).toBeGreaterThan(0.97 * exp.breakdownUs.networkServer);
    expect(g4.breakdownUs.networkServer).toBeLessThan(1.03 * exp.breakdownUs.networkServer);
    expect(g4.latencyUs.p99 - g4.latencyUs.p50).toBeLessThan(0.7 * (exp.latencyUs.p99 - exp.latencyUs.p50));
  });

  it("rejects a shape that is not a positive finite number", () => {
    expect(() => run(0)).toThrow(/loadedWaitShape must be a finite number > 0, got 0/);
  });
});
