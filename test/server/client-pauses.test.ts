// The load generator's own pauses (garbage collection, server/client-pauses.ts): laws of the process
// and of a simulation measured through it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import { RandomStream } from "../../src/kernel/rng.js";
import { ClientPauses } from "../../src/server/client-pauses.js";
import { makeServerConfig } from "../../src/server/config.js";
import { simulate } from "../../src/server/simulation.js";

describe("client pauses", () => {
  it("never pausing changes nothing; a response is never handled before it arrived", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (ts, q) => {
        const none = new ClientPauses({ perRequest: 0, meanUs: 3000 }, new RandomStream("s", "p"));
        const some = new ClientPauses({ perRequest: q, meanUs: 3000 }, new RandomStream("s", "p"));
        const sorted = [...ts].sort((a, b) => a - b);
        for (const t of sorted) {
          expect(none.handle(t)).toBe(t);
          none.endBurst();
          expect(some.handle(t)).toBeGreaterThanOrEqual(t);
          some.endBurst();
        }
      }),
    );
  });

  it("a pause made due during a burst starts after its last response and holds what reaches the tool meanwhile", () => {
    const p = new ClientPauses({ perRequest: 1, meanUs: 2000 }, new RandomStream("s", "p"));
    // the burst's own responses are not held: the pause is only due
    expect(p.handle(100)).toBe(100);
    expect(p.handle(250)).toBe(250);
    p.endBurst();
    const held = p.handle(251);
    expect(held).toBeGreaterThan(251);
    // the open-loop schedule waits for the same pause, without starting one
    expect(p.release(260)).toBe(held);
    // something earlier than the pause is not held
    expect(p.release(200)).toBe(200);
  });

  it("rejects a probability outside [0, 1] or a negative mean", () => {
    expect(() => new ClientPauses({ perRequest: 1.5, meanUs: 1 }, new RandomStream("s", "p"))).toThrow(RangeError);
    expect(() => new ClientPauses({ perRequest: 0.1, meanUs: -1 }, new RandomStream("s", "p"))).toThrow(RangeError);
  });

  const run = (clientPauses?: { perRequest: number; meanUs: number }) =>
    simulate({
      config: makeServerConfig({ maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 500 }, instanceGroups: [{ count: 2 }] }),
      profile: parseComputeMs("1=0.7,8=1.4"),
      workload: { kind: "rate", requestsPerS: 4000, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "pauses",
      measurement: { kind: "requests", warmupRequests: 2000, requests: 40_000 },
      ...(clientPauses !== undefined ? { clientPauses } : {}),
    });

  it("in a simulation: the tail grows and the median hardly moves; throughput and the server's work per request stay close; same seed, same result", () => {
    const plain = run();
    const paused = run({ perRequest: 0.0043, meanUs: 2800 });
    expect(paused.latencyUs.p99).toBeGreaterThan(plain.latencyUs.p99 + 500);
    expect(Math.abs(paused.latencyUs.p50 / plain.latencyUs.p50 - 1)).toBeLessThan(0.05);
    expect(Math.abs(paused.throughputPerS / plain.throughputPerS - 1)).toBeLessThan(0.02);
    // sends held by a pause leave together, so batches form a little differently; the server's work per request stays close
    expect(Math.abs(paused.breakdownUs.computeInfer / plain.breakdownUs.computeInfer - 1)).toBeLessThan(0.05);
    expect(run({ perRequest: 0.0043, meanUs: 2800 })).toEqual(paused);
    // a pause probability of 0 is no pauses at all
    expect(run({ perRequest: 0, meanUs: 2800 })).toEqual(plain);
  });
});
