// A run that ends before its measurement does says why (summary.stoppedEarly): the simulated-time cap,
// a queue past capacity growing without bound, a finite trace running out, or a clock that no longer
// advances. A run that completes its
// measurement carries no such field, so its output is as before.
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import { stoppedEarlyNotes } from "../../src/cli/simulate.js";
import { makeServerConfig } from "../../src/server/config.js";
import { MAX_EVENTS_AT_ONE_INSTANT, MAX_IN_FLIGHT, simulate } from "../../src/server/simulation.js";
import type { Workload } from "../../src/workload/workload.js";

const config = makeServerConfig({ maxBatchSize: 1 });
const profile = parseComputeMs("1=8"); // 125 requests/s at most
const rate = (requestsPerS: number): Workload => ({ kind: "rate", requestsPerS, distribution: "constant", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 });
const requests = (n: number) => ({ kind: "requests" as const, warmupRequests: 100, requests: n });

describe("runs that end before their measurement", () => {
  it("a completed measurement has no stoppedEarly", () => {
    const s = simulate({ config, profile, workload: rate(50), seed: "s", measurement: requests(500) });
    expect(s.requests).toBe(500);
    expect(s.stoppedEarly).toBeUndefined();
    expect(stoppedEarlyNotes([s])).toEqual([]);
  });

  it("the simulated-time cap: stopped at the cap with what was measured so far", () => {
    const s = simulate({ config, profile, workload: rate(50), seed: "s", measurement: requests(10_000), maxSimulatedUs: 20e6 });
    expect(s.stoppedEarly?.reason).toBe("time-cap");
    expect(s.stoppedEarly!.atUs).toBeLessThanOrEqual(20e6);
    expect(s.requests).toBeGreaterThan(0);
    expect(s.requests).toBeLessThan(10_000);
    expect(stoppedEarlyNotes([s])[0]).toMatch(/^note: level 50: stopped at the cap of 20 s of simulated time .*requests measured/);
  });

  it("a queue past capacity: stopped once more than MAX_IN_FLIGHT requests are in flight", () => {
    const s = simulate({ config, profile, workload: rate(1e8), seed: "s", measurement: requests(1000) });
    expect(s.stoppedEarly?.reason).toBe("queue-cap");
    expect(s.conservation.inFlight + s.conservation.completed).toBeGreaterThan(MAX_IN_FLIGHT);
    expect(stoppedEarlyNotes([s])[0]).toMatch(/past capacity: more than 4,000,000 requests were in flight/);
  });

  it("a finite trace that runs out before the measurement count", () => {
    const n = 50;
    const trace: Workload = {
      kind: "trace",
      timesUs: Float64Array.from({ length: n }, (_, i) => i * 20_000),
      batchSizes: new Int32Array(n).fill(1),
      priorities: new Int32Array(n),
      timeoutsUs: new Float64Array(n),
      loop: false,
    };
    const s = simulate({ config, profile, workload: trace, seed: "s", measurement: { kind: "requests", warmupRequests: 0, requests: 1000 } });
    expect(s.stoppedEarly?.reason).toBe("load-ended");
    expect(stoppedEarlyNotes([s])[0]).toMatch(/the load ran out at/);
  });

  it("a clock that stops: every request rejected by a full queue and resent at the same instant", () => {
    const s = simulate({
      config: makeServerConfig({ maxBatchSize: 2, dynamicBatching: { maxQueueDelayUs: 0, defaultQueuePolicy: { maxQueueSize: 1 } } }),
      profile: parseComputeMs("1=8,2=9"), // no client or network time: a rejection comes back at once
      workload: { kind: "concurrency", concurrency: 2, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "s",
      measurement: requests(200),
    });
    expect(s.stoppedEarly).toEqual({ reason: "no-progress", atUs: 0 });
    expect(s.conservation.rejected).toBeGreaterThan(MAX_EVENTS_AT_ONE_INSTANT / 4);
    expect(stoppedEarlyNotes([s])[0]).toMatch(/the simulated clock stopped at 0 s/);
  });
});
