// The law suite every batching policy must pass, as one call: checkPolicyLaws(name, factory, options)
// registers a vitest block that checks, on random servers and workloads (fast-check): conservation,
// batch ≤ max_batch_size, no starvation under stable load, work conservation when the factory claims
// it, determinism, and capacity that does not drop when the same workload gets a second GPU.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { makeServerConfig, type ServerConfigInput } from "../../src/server/config.js";
import type { PolicyFactory, PolicyParams } from "../../src/server/policies/index.js";
import type { BatchingPolicy } from "../../src/server/policy.js";
import { simulate } from "../../src/server/simulation.js";
import { runArrivals, type Arrival, type TraceRun } from "../helpers/trace-run.js";

export interface PolicyLawOptions {
  /** Parameter values to test with (the factory's defaults fill the rest). */
  readonly params?: Partial<PolicyParams>;
  /** Or random parameter values: overrides `params` per generated case. */
  readonly paramsArb?: fc.Arbitrary<Partial<PolicyParams>>;
  /** Longest the policy may hold a request back on purpose (µs), given its parameters — it widens the
   *  starvation bound. Default 0. */
  readonly holdUs?: (params: PolicyParams) => number;
  /** fast-check runs per trace law (default 60; the capacity law runs a quarter as many). */
  readonly numRuns?: number;
}

/** Compute models (ms per batch size) the laws draw from: steep, flat, tiny and single-point curves. */
export const LAW_COMPUTE = ["1=1,8=2,32=5", "1=0.5,4=0.6,16=1.5", "1=2,2=2.2", "1=0.3"] as const;

/** A noisy profile (lognormal spread, client and network overheads, contention data). */
export const NOISY_PROFILE: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "noisy",
  metadata: { source: "synthetic" },
  compute: [
    { batchSize: 1, concurrency: 1, computeInputUs: { mean: 50, sd: 10 }, computeInferUs: { mean: 1000, sd: 200 }, computeOutputUs: { mean: 30, sd: 5 } },
    { batchSize: 8, concurrency: 1, computeInputUs: { mean: 90, sd: 10 }, computeInferUs: { mean: 2000, sd: 300 }, computeOutputUs: { mean: 40, sd: 5 } },
    { batchSize: 8, concurrency: 2, computeInputUs: { mean: 100, sd: 10 }, computeInferUs: { mean: 3500, sd: 300 }, computeOutputUs: { mean: 45, sd: 5 } },
  ],
  requestOverheads: [
    { batchSize: 1, clientSendUs: { mean: 20, sd: 5 }, clientRecvUs: { mean: 10, sd: 2 }, networkUs: { mean: 150, sd: 40 }, schedulingUs: { mean: 30, sd: 10 } },
  ],
};

interface Server {
  readonly maxBatchSize: number;
  readonly instancesPerGpu: number;
  readonly gpus: number;
  /** Queue settings the policy runs under (priority levels, timeouts, queue limit), or none. */
  readonly queue: { levels: number; timeoutUs: number; delayAction: boolean; maxQueue: number } | null;
}

const serverArb = (withQueuePolicies: boolean): fc.Arbitrary<Server> =>
  fc.record({
    maxBatchSize: fc.integer({ min: 1, max: 32 }),
    instancesPerGpu: fc.integer({ min: 1, max: 3 }),
    gpus: fc.integer({ min: 1, max: 2 }),
    queue: withQueuePolicies
      ? fc.option(
          fc.record({
            levels: fc.constantFrom(0, 2),
            timeoutUs: fc.constantFrom(0, 3000),
            delayAction: fc.boolean(),
            maxQueue: fc.constantFrom(0, 20),
          }),
        )
      : fc.constant(null),
  });

function configOf(s: Server, gpus = s.gpus): ServerConfigInput {
  const q = s.queue;
  return {
    maxBatchSize: s.maxBatchSize,
    gpus,
    instanceGroups: [{ count: s.instancesPerGpu }],
    dynamicBatching:
      q === null
        ? null
        : {
            priorityLevels: q.levels,
            defaultPriorityLevel: q.levels > 0 ? 1 : 0,
            defaultQueuePolicy: { defaultTimeoutUs: q.timeoutUs, timeoutAction: q.delayAction ? "DELAY" : "REJECT", maxQueueSize: q.maxQueue },
          },
  };
}

const arrivalsArb = (maxGapUs: number, maxSamples: number): fc.Arbitrary<Arrival[]> =>
  fc
    .array(
      fc.record({
        gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: maxGapUs })),
        b: fc.integer({ min: 1, max: maxSamples }),
        priority: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 1, maxLength: 100 },
    )
    .map((xs) => {
      let t = 0;
      return xs.map((x, i) => {
        if (i > 0) t += x.gap;
        return { t, b: x.b, priority: x.priority };
      });
    });

/** Every declared parameter: defaults, then `over`. */
export function fullParams(factory: PolicyFactory, over: Partial<PolicyParams> = {}): PolicyParams {
  const out: Record<string, number> = {};
  for (const [k, spec] of Object.entries(factory.params)) out[k] = over[k] ?? spec.default;
  return out;
}

/** Busy intervals per instance, from the observer's executions and completions. */
function busyIntervals(run: TraceRun): Map<number, { start: number; end: number }[]> {
  const byInstance = new Map<number, { start: number; end: number }[]>();
  for (const e of run.executions) {
    const end = run.done.get(e.requestIds[0]!)!.execEndUs;
    const list = byInstance.get(e.instance) ?? [];
    list.push({ start: e.startUs, end });
    byInstance.set(e.instance, list);
  }
  for (const list of byInstance.values()) list.sort((a, b) => a.start - b.start);
  return byInstance;
}

/** Register the law suite for one policy. */
export function checkPolicyLaws(name: string, factory: PolicyFactory, options: PolicyLawOptions = {}): void {
  const numRuns = options.numRuns ?? 60;
  const paramsArb = options.paramsArb ?? fc.constant(options.params ?? {});
  const make = (over: Partial<PolicyParams>): { params: PolicyParams; policy: BatchingPolicy } => {
    const params = fullParams(factory, { ...(options.params ?? {}), ...over });
    return { params, policy: factory.create(params) };
  };

  describe(`policy laws: ${name}`, () => {
    it("conservation: arrived = completed + rejected + timed out + in flight, and every request of a finite trace ends", () => {
      fc.assert(
        fc.property(serverArb(true), fc.constantFrom(...LAW_COMPUTE), arrivalsArb(3000, 4), paramsArb, (s, compute, arrivals, over) => {
          const r = runArrivals(configOf(s), compute, arrivals, "t", make(over).policy);
          const c = r.summary.conservation;
          expect(c.arrived).toBe(arrivals.length);
          expect(c.completed + c.rejected + c.timedOut + c.inFlight).toBe(c.arrived);
          expect(c.inFlight).toBe(0);
          expect(r.done.size).toBe(arrivals.length);
        }),
        { numRuns },
      );
    });

    it("no execution exceeds max_batch_size, and each request runs at most once", () => {
      fc.assert(
        fc.property(serverArb(true), fc.constantFrom(...LAW_COMPUTE), fc.boolean(), arrivalsArb(3000, 4), paramsArb, (s, compute, turns, arrivals, over) => {
          const profile = turns ? { ...parseComputeMs(compute), gpuSharing: { mode: "turns" as const, switchUs: 200 } } : compute;
          const r = runArrivals(configOf(s), profile, arrivals, "t", make(over).policy);
          for (const e of r.executions) expect(e.batchSize).toBeLessThanOrEqual(Math.max(1, s.maxBatchSize));
          const executed = r.executions.flatMap((e) => e.requestIds);
          expect(new Set(executed).size).toBe(executed.length);
        }),
        { numRuns },
      );
    });

    it("no starvation under stable load: at most half of batch-1 capacity, every request finishes within hold + 4·k·t(max_batch_size)", () => {
      fc.assert(
        fc.property(
          serverArb(false),
          fc.constantFrom(...LAW_COMPUTE),
          fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 80 }),
          paramsArb,
          (s, compute, extraGaps, over) => {
            const profile = parseComputeMs(compute);
            const tables = new ComputeTables(profile, Math.max(1, s.maxBatchSize), s.instancesPerGpu);
            const t1 = tables.executionUs(1);
            // one instance's worth of batch-1 work every 2·t(1) at most: load ≤ 50 % even unbatched
            let t = 0;
            const arrivals = extraGaps.map((g, i) => {
              if (i > 0) t += 2 * t1 + g;
              return { t };
            });
            const { params, policy } = make(over);
            const r = runArrivals(configOf(s), profile, arrivals, "t", policy);
            const boundUs = (options.holdUs?.(params) ?? 0) + 4 * s.instancesPerGpu * tables.executionUs(Math.max(1, s.maxBatchSize));
            expect(r.done.size).toBe(arrivals.length);
            for (const d of r.done.values()) {
              expect(d.ok).toBe(true);
              expect(d.execEndUs - d.batcherStartUs).toBeLessThanOrEqual(boundUs + 1e-6);
            }
          },
        ),
        { numRuns },
      );
    });

    if (factory.workConserving) {
      it("work conservation (claimed): no instance is idle while a request waits", () => {
        fc.assert(
          fc.property(serverArb(false), fc.constantFrom(...LAW_COMPUTE), arrivalsArb(3000, 4), paramsArb, (s, compute, arrivals, over) => {
            const r = runArrivals(configOf(s), compute, arrivals, "t", make(over).policy);
            const busy = busyIntervals(r);
            const instances = s.instancesPerGpu * s.gpus;
            for (const d of r.done.values()) {
              const a = d.batcherStartUs;
              const st = d.execStartUs;
              if (!(st > a)) continue;
              for (let i = 0; i < instances; i++) {
                const list = busy.get(i) ?? [];
                // idle gaps of instance i: before the first execution, between executions, after the last
                let idleFrom = Number.NEGATIVE_INFINITY;
                for (const b of [...list, { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY }]) {
                  const lo = Math.max(a, idleFrom);
                  const hi = Math.min(st, b.start);
                  if (lo < hi - 1e-9) {
                    throw new Error(`request ${d.id} waited over (${lo}, ${hi}) µs while instance ${i} was idle`);
                  }
                  idleFrom = b.end;
                }
              }
            }
          }),
          { numRuns },
        );
      });
    }

    it("determinism: same input and seed ⇒ identical results; another seed draws differently", () => {
      fc.assert(
        fc.property(serverArb(true), arrivalsArb(3000, 4), paramsArb, fc.boolean(), (s, arrivals, over, turns) => {
          const profile: Profile = turns ? { ...NOISY_PROFILE, gpuSharing: { mode: "turns", switchUs: 150 } } : NOISY_PROFILE;
          const a = runArrivals(configOf(s), profile, arrivals, "s1", make(over).policy);
          const b = runArrivals(configOf(s), profile, arrivals, "s1", make(over).policy);
          expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
          expect(b.executions).toEqual(a.executions);
          const c = runArrivals(configOf(s), profile, arrivals, "s2", make(over).policy);
          if (c.summary.conservation.completed > 0) expect(JSON.stringify(c.summary)).not.toBe(JSON.stringify(a.summary));
        }),
        { numRuns: Math.max(5, Math.round(numRuns / 2)) },
      );
    });

    it("capacity: the same saturating closed-loop workload on 2 GPUs instead of 1 never gets less throughput", () => {
      fc.assert(
        fc.property(
          fc.constantFrom(1, 4, 8, 16),
          fc.integer({ min: 1, max: 2 }),
          fc.constantFrom(...LAW_COMPUTE),
          paramsArb,
          (maxBatchSize, instancesPerGpu, compute, over) => {
            const profile = parseComputeMs(compute);
            const server: Server = { maxBatchSize, instancesPerGpu, gpus: 1, queue: null };
            const concurrency = 4 * maxBatchSize * instancesPerGpu * 2;
            const thr = (gpus: number): number =>
              simulate({
                config: makeServerConfig(configOf(server, gpus)),
                profile,
                workload: { kind: "concurrency", concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
                seed: "cap",
                measurement: { kind: "requests", warmupRequests: 300, requests: 2000 },
                policy: make(over).policy,
              }).throughputPerS;
            const one = thr(1);
            const two = thr(2);
            expect(two).toBeGreaterThanOrEqual(one * 0.99);
          },
        ),
        { numRuns: Math.max(4, Math.round(numRuns / 4)) },
      );
    });
  });
}
