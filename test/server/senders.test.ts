// perf_analyzer's synchronous request-rate senders (--max-threads N): the schedule's sends are dealt to N
// threads in turn, and a thread still waiting for its last response makes its next send when that response
// is back. Laws: never more than N requests in flight; with senders always free (N far above rate ×
// latency) the run is the pure open loop, draw for draw; past capacity every sender is always busy (Little:
// throughput × mean latency = N, as for N closed-loop clients); and a send made late is timed from when it left, so the late sends hide the queue they would have met.
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import { makeServerConfig } from "../../src/server/config.js";
import { runSimulation, simulate, type SimulationObserver } from "../../src/server/simulation.js";
import type { Workload } from "../../src/workload/workload.js";
import { parseRequestIntervals } from "../../src/scenario/trace.js";
import { loadValue } from "../../src/workload/workload.js";
import { poisson } from "../helpers/workloads.js";

type Done = Parameters<NonNullable<SimulationObserver["onRequestDone"]>>[0];

const config = makeServerConfig({ maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 0 } });
const profile = parseComputeMs("1=1,8=3"); // one instance: 8 requests in 3 ms at most, about 2670/s
const rate = poisson;
const measurement = { kind: "requests" as const, warmupRequests: 2000, requests: 20_000 };

/** Every request's send and response end, in order of completion. */
function doneOf(workload: Workload): Done[] {
  const done: Done[] = [];
  runSimulation({ config, profile, workload, seed: "senders", measurement, observer: { onRequestDone: (e) => done.push(e) } });
  return done;
}

/** The most requests in flight (sent, response not yet back) at any moment. */
function maxInFlight(done: readonly Done[]): number {
  const edges = done.flatMap((d) => [[d.t0Us, 1] as const, [d.responseEndUs, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  let most = 0;
  for (const [, step] of edges) {
    n += step;
    most = Math.max(most, n);
  }
  return most;
}

describe("perf_analyzer's synchronous senders in request-rate mode", () => {
  it("never more than N requests in flight, even past capacity", () => {
    for (const [r, n] of [[2000, 4], [5000, 6], [5000, 16]] as const) {
      expect(maxInFlight(doneOf(rate(r, n)))).toBeLessThanOrEqual(n);
    }
    expect(maxInFlight(doneOf(rate(2000)))).toBeGreaterThan(4); // the pure open loop is not so bounded
  });

  it("senders that are always free change nothing: the pure open loop, draw for draw", () => {
    const open = simulate({ config, profile, workload: rate(1500), seed: "s", measurement });
    const many = simulate({ config, profile, workload: rate(1500, 100_000), seed: "s", measurement });
    expect(many).toEqual(open);
  });

  it("past capacity every sender is always busy, as N closed-loop clients are: throughput × mean latency = N", () => {
    for (const n of [4, 12]) {
      const late = simulate({ config, profile, workload: rate(50_000, n), seed: "s", measurement });
      expect(Math.abs((late.throughputPerS * late.latencyUs.mean) / 1e6 / n - 1)).toBeLessThan(0.01);
    }
  });

  it("a late send is timed from when it left: fewer senders, less queueing measured at the same schedule", () => {
    const open = simulate({ config, profile, workload: rate(2600), seed: "s", measurement });
    const few = simulate({ config, profile, workload: rate(2600, 3), seed: "s", measurement });
    expect(few.latencyUs.p99).toBeLessThan(open.latencyUs.p99);
    expect(few.throughputPerS).toBeLessThan(open.throughputPerS);
  });
});

/** perf_analyzer's --request-intervals: a bursty list of gaps (250 at 800 µs, then 250 at 200 µs: 2000/s
 *  over the list, bursts of 5000/s), repeated; with `senders`, its synchronous threads. */
function bursty(senders?: number): Workload {
  const text = [...Array<string>(250).fill("800"), ...Array<string>(250).fill("200")].join("\n");
  const w = parseRequestIntervals(text, "bursty", { batchSize: 1, priority: 0, timeoutUs: 0 });
  return senders === undefined ? w : { ...w, senders };
}

describe("perf_analyzer's custom intervals (--request-intervals) with its senders", () => {
  it("the list repeats with its first gap leading back to the start: requests over the sum of the gaps", () => {
    const w = bursty();
    expect(loadValue(w)).toBeCloseTo(500 / ((250 * 800 + 250 * 200) / 1e6), 9); // 2000/s, perf_analyzer's figure
    const sends = doneOf(w)
      .map((d) => d.t0Us)
      .sort((a, b) => a - b);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
    // past the first repeat, the gaps are the list's own, in order and around the wrap
    expect(gaps.filter((g) => Math.abs(g - 800) < 1e-6).length + gaps.filter((g) => Math.abs(g - 200) < 1e-6).length).toBe(gaps.length);
  });

  it("never more than N in flight; always-free senders change nothing, draw for draw", () => {
    expect(maxInFlight(doneOf(bursty(3)))).toBeLessThanOrEqual(3);
    expect(maxInFlight(doneOf(bursty()))).toBeGreaterThan(3);
    const open = simulate({ config, profile, workload: bursty(), seed: "s", measurement });
    const many = simulate({ config, profile, workload: bursty(100_000), seed: "s", measurement });
    expect(many).toEqual(open);
  });
});
