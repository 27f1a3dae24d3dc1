// Model-based test of Triton's dynamic batcher: the production simulator and a naive reference written
// from the rules (reference-batcher.ts: scan, cut, send/wait, prefetch slots, payload growth, merge at
// dequeue) run the same random traces on a deterministic service time, and must start the same batches
// on the same instances at the same times.
//
// Restriction, so that both apply the same rules: the production batcher sleeps between decisions and
// is woken only by arrivals that pass Triton's Enqueue test, by payload hand-offs and by its timers
// (the delay and a 500 ms re-check); the reference simply re-scans at every event. The two agree when
//  (A) max_queue_delay is 0: no delay timers, the wake test always passes while a payload slot is free,
//      and with no slot free only a hand-off (which wakes both) can change anything; arrivals arbitrary;
//  (B) max_queue_delay > 0 and requests arrive in bursts (many at one instant) that are 1 s apart, so
//      the server drains between bursts and no arrival ever finds a formed, growable payload waiting.
// With a delay and arbitrary arrivals the wake test matters (an arrival below the next preferred size
// does not wake the batcher, so a waiting growable payload does not absorb it): the last test shows such
// a trace and that the reference, lacking the wake rule, indeed differs there.
// Both cases: prefetch mode (no priority levels or queue policies), one instance per GPU (no contention).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { makeServerConfig } from "../../src/server/config.js";
import { runArrivals, type Arrival } from "../helpers/trace-run.js";
import { referenceBatcher, type RefArrival } from "./reference-batcher.js";

interface Case {
  readonly maxBatchSize: number;
  readonly preferredSeed: readonly number[];
  readonly delayUs: number;
  readonly instances: number;
  readonly baseUs: number;
  readonly perSampleUs: number;
  readonly arrivals: readonly RefArrival[];
}

/** t(b) = base + perSample·(b − 1): exact integers, so event times tie exactly where they should. */
function profileOf(baseUs: number, perSampleUs: number): Profile {
  const point = (b: number) => ({
    batchSize: b,
    concurrency: 1,
    computeInputUs: { mean: 0, sd: 0 },
    computeInferUs: { mean: baseUs + perSampleUs * (b - 1), sd: 0 },
    computeOutputUs: { mean: 0, sd: 0 },
  });
  return { schema: PROFILE_SCHEMA_ID, name: "affine", metadata: { source: "synthetic" }, compute: [point(1), point(2)], requestOverheads: [] };
}

function compare(c: Case): void {
  const config = makeServerConfig({
    maxBatchSize: c.maxBatchSize,
    gpus: c.instances,
    instanceGroups: [{ count: 1 }],
    dynamicBatching: {
      preferredBatchSizes: [...new Set(c.preferredSeed.map((p) => Math.min(p, c.maxBatchSize)))],
      maxQueueDelayUs: c.delayUs,
    },
  });
  const db = config.dynamicBatching!;
  const prod = runArrivals(
    { maxBatchSize: c.maxBatchSize, gpus: c.instances, instanceGroups: [{ count: 1 }], dynamicBatching: { preferredBatchSizes: [...db.preferredBatchSizes], maxQueueDelayUs: c.delayUs } },
    profileOf(c.baseUs, c.perSampleUs),
    c.arrivals.map((a): Arrival => ({ t: a.t, b: a.b })),
  );
  const ref = referenceBatcher(
    { maxBatchSize: c.maxBatchSize, preferred: db.preferredBatchSizes, delayUs: c.delayUs, instances: c.instances },
    (b) => c.baseUs + c.perSampleUs * (b - 1),
    c.arrivals,
  );
  const got = prod.executions.map((e) => ({ instance: e.instance, startUs: e.startUs, batchSize: e.batchSize, requestIds: e.requestIds }));
  expect(got).toEqual(ref.executions);
  expect(prod.summary.conservation.rejected).toBe(ref.rejected.length);
}

const shapeArb = {
  maxBatchSize: fc.integer({ min: 1, max: 16 }),
  preferredSeed: fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 3 }),
  instances: fc.integer({ min: 1, max: 3 }),
  baseUs: fc.constantFrom(500, 1000, 3000),
  perSampleUs: fc.constantFrom(0, 50, 250, 1000),
};

const RUNS = Number(process.env.MODEL_RUNS ?? 200);

describe("Triton's dynamic batcher against a naive reference", () => {
  it("(A) no queue delay, arbitrary arrivals: the same executions", () => {
    const arrivals = fc
      .array(fc.record({ gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })), b: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 60 })
      .map((xs) => {
        let t = 0;
        return xs.map((x, i) => ({ t: (t += i > 0 ? x.gap : 0), b: x.b }));
      });
    fc.assert(fc.property(fc.record({ ...shapeArb, delayUs: fc.constant(0), arrivals }), compare), { numRuns: RUNS });
  });

  it("(B) a queue delay, bursts 1 s apart: the same executions (cuts, waits, growth, slots, merges)", () => {
    const arrivals = fc
      .array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 24 }), { minLength: 1, maxLength: 3 })
      .map((bursts) => bursts.flatMap((sizes, k) => sizes.map((b) => ({ t: k * 1_000_000, b }))));
    fc.assert(fc.property(fc.record({ ...shapeArb, delayUs: fc.constantFrom(100, 500, 2000, 5000), arrivals }), compare), { numRuns: RUNS });
  });

  it("why (B) is restricted: with a delay, an arrival below the next preferred size does not wake Triton's batcher", () => {
    // max 8, preferred [4, 8], delay 1 ms, one instance, t(b) = 10 ms. Request 0 at 0 waits the delay
    // and runs alone from 1 ms. Requests 1 and 2 at 2 ms wait the delay too (the batcher notes 4 as the
    // next preferred size), then form a payload of 2 at 3 ms that cannot run (the instance is busy until
    // 11 ms) and can still grow. Request 3 at 4 ms: the queue holds 1 sample, below that next preferred
    // size, so Triton's batcher sleeps on and request 3 runs alone after the hand-off at 11 ms; the naive
    // reference adds it to the growable payload at once.
    const c: Case = { maxBatchSize: 8, preferredSeed: [4, 8], delayUs: 1000, instances: 1, baseUs: 10_000, perSampleUs: 0, arrivals: [{ t: 0, b: 1 }, { t: 2000, b: 1 }, { t: 2000, b: 1 }, { t: 4000, b: 1 }] };
    expect(() => compare(c)).toThrow();
    const prod = runArrivals({ maxBatchSize: 8, gpus: 1, instanceGroups: [{ count: 1 }], dynamicBatching: { preferredBatchSizes: [4, 8], maxQueueDelayUs: 1000 } }, profileOf(10_000, 0), c.arrivals);
    expect(prod.executions.map((e) => e.requestIds)).toEqual([[0], [1, 2], [3]]);
    const ref = referenceBatcher({ maxBatchSize: 8, preferred: [4, 8], delayUs: 1000, instances: 1 }, () => 10_000, c.arrivals);
    expect(ref.executions.map((e) => e.requestIds)).toEqual([[0], [1, 2, 3]]);
  });
});
