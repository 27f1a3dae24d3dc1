// Laws every simulation obeys, checked on random configurations and workloads (fast-check), whether
// co-located executions share the GPU or take turns on it, with or without front-end stalls: conservation,
// batch ≤ max_batch_size, FIFO
// within a priority level, no waiting past the delay while an instance is idle (with prefetch or without),
// and determinism.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ServerConfigInput } from "../../src/server/config.js";
import type { Profile } from "../../src/compute/profile.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { runArrivals, type Arrival } from "../helpers/trace-run.js";
import { NOISY_PROFILE } from "../laws/policy-laws.js";

const computeMs = fc.constantFrom("1=1,8=2,32=5", "1=0.5,4=0.6,16=1.5", "1=2,2=2.2", "1=0.3");
/** The compute model, with co-located executions sharing the GPU (processor sharing) or taking turns on it
 *  (with no switch cost, or 200 µs), and with or without front-end stalls (frequent here, so that short
 *  traces meet them: 200 a second of 0.5–2 ms). */
const computeSpec: fc.Arbitrary<string | Profile> = fc
  .tuple(computeMs, fc.constantFrom(null, 0, 200), fc.boolean())
  .map(([ms, switchUs, stalls]) => {
    if (switchUs === null && !stalls) return ms;
    const base = parseComputeMs(ms);
    return {
      ...base,
      ...(switchUs === null ? {} : { gpuSharing: { mode: "turns" as const, switchUs } }),
      ...(stalls ? { frontEndStalls: { ratePerS: 200, minDurationUs: 500, meanDurationUs: 1200 } } : {}),
    };
  });

const serverArb: fc.Arbitrary<ServerConfigInput> = fc
  .record({
    maxBatchSize: fc.integer({ min: 1, max: 32 }),
    dynamic: fc.boolean(),
    prefSeed: fc.array(fc.integer({ min: 1, max: 32 }), { maxLength: 3 }),
    delayUs: fc.constantFrom(0, 100, 500, 2000),
    instances: fc.integer({ min: 1, max: 3 }),
    gpus: fc.integer({ min: 1, max: 2 }),
    levels: fc.constantFrom(0, 0, 2),
    timeoutUs: fc.constantFrom(0, 0, 3000),
    delayAction: fc.boolean(),
    maxQueue: fc.constantFrom(0, 0, 20),
  })
  .map((r) => ({
    maxBatchSize: r.maxBatchSize,
    gpus: r.gpus,
    instanceGroups: [{ count: r.instances }],
    dynamicBatching: r.dynamic
      ? {
          preferredBatchSizes: [...new Set(r.prefSeed.map((p) => Math.min(p, r.maxBatchSize)))],
          maxQueueDelayUs: r.delayUs,
          priorityLevels: r.levels,
          defaultPriorityLevel: r.levels > 0 ? 1 : 0,
          defaultQueuePolicy: {
            defaultTimeoutUs: r.timeoutUs,
            timeoutAction: r.delayAction ? ("DELAY" as const) : ("REJECT" as const),
            maxQueueSize: r.maxQueue,
          },
        }
      : null,
  }));

const arrivalsArb: fc.Arbitrary<Arrival[]> = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })),
      b: fc.integer({ min: 1, max: 4 }),
      priority: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((xs) => {
    let t = 0;
    return xs.map((x, i) => {
      if (i > 0) t += x.gap;
      return { t, b: x.b, priority: x.priority };
    });
  });

const RUNS = 150;

describe("laws of the simulated server", () => {
  it("conservation: arrived = completed + rejected + timed out + in flight, and every request ends", () => {
    fc.assert(
      fc.property(serverArb, computeSpec, arrivalsArb, (cfg, compute, arrivals) => {
        const r = runArrivals(cfg, compute, arrivals);
        const c = r.summary.conservation;
        expect(c.arrived).toBe(arrivals.length);
        expect(c.completed + c.rejected + c.timedOut + c.inFlight).toBe(c.arrived);
        expect(c.inFlight).toBe(0); // a finite trace drains
        expect(r.done.size).toBe(arrivals.length);
      }),
      { numRuns: RUNS },
    );
  });

  it("no execution exceeds max_batch_size (oversized requests are rejected, never run)", () => {
    fc.assert(
      fc.property(serverArb, computeSpec, arrivalsArb, (cfg, compute, arrivals) => {
        const r = runArrivals(cfg, compute, arrivals);
        for (const e of r.executions) expect(e.batchSize).toBeLessThanOrEqual(Math.max(1, cfg.maxBatchSize));
        const executed = r.executions.flatMap((e) => e.requestIds);
        expect(new Set(executed).size).toBe(executed.length); // each request runs at most once
      }),
      { numRuns: RUNS },
    );
  });

  it("FIFO within a priority level: without timeouts, requests of one level start in arrival order", () => {
    const noTimeouts = serverArb.map((c) =>
      c.dynamicBatching ? { ...c, dynamicBatching: { ...c.dynamicBatching, defaultQueuePolicy: { maxQueueSize: 0 } } } : c,
    );
    fc.assert(
      fc.property(noTimeouts, computeSpec, arrivalsArb, (cfg, compute, arrivals) => {
        const r = runArrivals(cfg, compute, arrivals);
        const byLevel = new Map<number, { start: number; id: number }[]>();
        for (const d of r.done.values()) {
          if (!d.ok) continue;
          const list = byLevel.get(d.level) ?? [];
          list.push({ start: d.execStartUs, id: d.id });
          byLevel.set(d.level, list);
        }
        for (const list of byLevel.values()) {
          list.sort((a, b) => a.id - b.id);
          for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.start);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("no request waits past the delay while an instance is idle, with prefetch or without (priority levels, queue policies)", () => {
    // without prefetch an instance returning for work wakes the batcher through its payload's completion callback;
    // without it a queue that no arrival disturbs would wait for the batcher's 500 ms re-check
    fc.assert(
      fc.property(serverArb, computeSpec, arrivalsArb, (cfg, compute, arrivals) => {
        const r = runArrivals(cfg, compute, arrivals);
        const delay = cfg.dynamicBatching?.maxQueueDelayUs ?? 0;
        // busy intervals per instance
        const busy = r.executions.map((e) => ({
          instance: e.instance,
          start: e.startUs,
          end: r.done.get(e.requestIds[0]!)!.execEndUs,
        }));
        const instanceCount = (cfg.instanceGroups?.[0]?.count ?? 1) * (cfg.gpus ?? 1);
        const idleAt = (t: number): boolean => {
          for (let i = 0; i < instanceCount; i++) {
            if (!busy.some((b) => b.instance === i && b.start <= t && t < b.end)) return true;
          }
          return false;
        };
        for (const d of r.done.values()) {
          if (!d.ok) continue;
          const due = d.batcherStartUs + delay;
          if (d.execStartUs > due + 1e-6) expect(idleAt(due + 1e-3)).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("determinism: the same input and seed give the same result; another seed gives other draws", () => {
    const noisy = NOISY_PROFILE;
    const turns: Profile = { ...noisy, gpuSharing: { mode: "turns", switchUs: 150 } };
    const stalled: Profile = { ...turns, frontEndStalls: { ratePerS: 200, minDurationUs: 500, meanDurationUs: 1200 } };
    fc.assert(
      fc.property(serverArb, arrivalsArb, fc.constantFrom(noisy, turns, stalled), (cfg, arrivals, profile) => {
        const a = runArrivals(cfg, profile, arrivals, "s1");
        const b = runArrivals(cfg, profile, arrivals, "s1");
        expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
        expect(b.executions).toEqual(a.executions);
        const c = runArrivals(cfg, profile, arrivals, "s2");
        if (c.summary.conservation.completed > 0) expect(JSON.stringify(c.summary)).not.toBe(JSON.stringify(a.summary));
      }),
      { numRuns: 50 },
    );
  });
});
