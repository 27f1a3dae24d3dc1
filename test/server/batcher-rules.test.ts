// One test per rule and example of Triton's scheduling (shared/reference/triton-semantics.md §1–§5),
// each driven by explicit arrival times on a deterministic compute model.
import { describe, expect, it } from "vitest";
import { makeServerConfig, placeInstances } from "../../src/server/config.js";
import { burst, runArrivals } from "../helpers/trace-run.js";

const SLOW = "1=10,16=10"; // every batch takes 10 ms: long enough to keep an instance busy
const batches = (r: ReturnType<typeof runArrivals>): number[] => r.executions.map((e) => e.batchSize);

describe("§1 configuration normalisation and the default scheduler", () => {
  it("empty preferred_batch_size becomes [max_batch_size]", () => {
    const c = makeServerConfig({ maxBatchSize: 16, dynamicBatching: {} });
    expect(c.dynamicBatching?.preferredBatchSizes).toEqual([16]);
  });

  it("a preferred size above max_batch_size is refused with the field path", () => {
    expect(() => makeServerConfig({ maxBatchSize: 8, dynamicBatching: { preferredBatchSizes: [4, 16] } })).toThrow(
      "dynamic_batching.preferred_batch_size[1]: must be ≤ max_batch_size (8)",
    );
  });

  it("default_priority_level must lie in [1, priority_levels]", () => {
    expect(() => makeServerConfig({ maxBatchSize: 8, dynamicBatching: { priorityLevels: 2, defaultPriorityLevel: 3 } })).toThrow(
      "default_priority_level",
    );
  });

  it("preserve_ordering forbids several priority levels and timeout_action DELAY", () => {
    expect(() =>
      makeServerConfig({ maxBatchSize: 8, dynamicBatching: { preserveOrdering: true, priorityLevels: 2, defaultPriorityLevel: 1 } }),
    ).toThrow("only one priority level");
    expect(() =>
      makeServerConfig({
        maxBatchSize: 8,
        dynamicBatching: { preserveOrdering: true, defaultQueuePolicy: { timeoutAction: "DELAY", defaultTimeoutUs: 100 } },
      }),
    ).toThrow("DELAY");
  });

  it("the default scheduler never merges requests: each is its own execution, FIFO", () => {
    const r = runArrivals({ maxBatchSize: 8 }, SLOW, burst(5));
    expect(batches(r)).toEqual([1, 1, 1, 1, 1]);
    expect(r.executions.map((e) => e.requestIds[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it("a request larger than max_batch_size is rejected before scheduling", () => {
    const r = runArrivals({ maxBatchSize: 4, dynamicBatching: {} }, SLOW, [{ t: 0, b: 8 }, { t: 0, b: 2 }]);
    expect(r.summary.conservation.rejected).toBe(1);
    expect(r.done.get(0)?.ok).toBe(false);
    expect(batches(r)).toEqual([2]);
  });

  it("max_batch_size 0: the model does not batch; a request with more than one sample is rejected", () => {
    const r = runArrivals({ maxBatchSize: 0 }, SLOW, [{ t: 0 }, { t: 0, b: 2 }]);
    expect(r.summary.conservation.rejected).toBe(1);
    expect(batches(r)).toEqual([1]);
  });
});

describe("§2 forming a batch", () => {
  const db = (maxBatchSize: number, preferred: number[], delay = 0) =>
    ({ maxBatchSize, dynamicBatching: { preferredBatchSizes: preferred, maxQueueDelayUs: delay } }) as const;

  it("preferred [4, 8] with 6 queued sends 4 (the largest preferred size reachable)", () => {
    const r = runArrivals(db(8, [4, 8], 100_000), SLOW, burst(6));
    expect(r.executions[0]!.batchSize).toBe(4);
    expect(r.executions[0]!.requestIds).toEqual([0, 1, 2, 3]);
  });

  it("preferred [4, 8], max 16, 9 queued sends 8", () => {
    const r = runArrivals(db(16, [4, 8], 100_000), SLOW, burst(9));
    expect(r.executions[0]!.batchSize).toBe(8);
  });

  it("client batches of 3 with preferred [4, 8]: no preferred size is reachable, the cut is 6", () => {
    for (const max of [8, 16]) {
      const r = runArrivals(db(max, [4, 8], 100_000), SLOW, burst(3, 0, { b: 3 }));
      expect(r.executions[0]!.batchSize).toBe(6);
    }
  });

  it("a request counts as max(1, its batch size) samples", () => {
    const r = runArrivals(db(8, [8], 0), SLOW, [{ t: 0, b: 5 }, { t: 0, b: 3 }]);
    expect(batches(r)).toEqual([8]);
  });

  it("with max_queue_delay 0 (the default) nothing waits: an idle instance runs what is there", () => {
    const r = runArrivals(db(8, [4, 8], 0), SLOW, [{ t: 0 }, { t: 0 }, { t: 0 }]);
    expect(batches(r)).toEqual([3]);
    expect(r.executions[0]!.startUs).toBe(0);
  });

  it("short of a preferred size, the batch waits until the oldest request has waited the delay", () => {
    const r = runArrivals(db(8, [4, 8], 1000), SLOW, [{ t: 0 }, { t: 600 }]);
    expect(batches(r)).toEqual([2]);
    expect(r.executions[0]!.startUs).toBe(1000); // oldest enqueue + delay, although the instance was idle
  });

  it("reaching a preferred size sends at once, without waiting for the delay", () => {
    const r = runArrivals(db(8, [4, 8], 100_000), SLOW, [{ t: 0 }, { t: 10 }, { t: 20 }, { t: 30 }]);
    expect(r.executions[0]!.startUs).toBe(30);
    expect(r.executions[0]!.batchSize).toBe(4);
  });

  it("a request that would overflow max_batch_size makes the batcher send everything pending now", () => {
    // preferred [6] is not reachable with requests of 4 samples; the third would overflow 8
    const r = runArrivals(db(8, [6], 100_000), SLOW, burst(3, 0, { b: 4 }));
    expect(r.executions[0]!.batchSize).toBe(4);
    expect(r.executions[0]!.startUs).toBe(0);
  });
});

describe("§3 busy instances: payload slots and growth", () => {
  it("prefetch: while the instance is busy a payload forms and keeps absorbing arrivals", () => {
    const arrivals = [{ t: 0 }, { t: 1000 }, { t: 2000 }, { t: 3000 }, { t: 4000 }, { t: 5000 }];
    const r = runArrivals({ maxBatchSize: 8, dynamicBatching: {} }, SLOW, arrivals);
    expect(batches(r)).toEqual([1, 5]);
    expect(r.executions[1]!.startUs).toBe(10_000);
  });

  it("prefetch: a saturated payload is closed and the next one forms behind it", () => {
    const arrivals = Array.from({ length: 7 }, (_, i) => ({ t: i === 0 ? 0 : 1000 + i }));
    const r = runArrivals({ maxBatchSize: 4, dynamicBatching: {} }, SLOW, arrivals);
    expect(batches(r)).toEqual([1, 4, 2]);
  });

  it("prefetch holds at most 2 × instances formed payloads; later arrivals wait in the queue", () => {
    // 1 instance ⇒ 2 slots: [4] and [4] form while busy; the tenth request cannot start a third payload
    const arrivals = [{ t: 0 }, ...Array.from({ length: 9 }, (_, i) => ({ t: 1000 + i }))];
    const r = runArrivals({ maxBatchSize: 4, dynamicBatching: {} }, SLOW, arrivals);
    expect(batches(r)).toEqual([1, 4, 4, 1]);
    expect(r.executions[3]!.requestIds).toEqual([9]);
  });

  it("a payload at the largest preferred size still takes pending requests up to max_batch_size", () => {
    const cfg = { maxBatchSize: 8, dynamicBatching: { preferredBatchSizes: [2], maxQueueDelayUs: 1000 } };
    // 0–1 reach the preferred size and run at once; 2–4 arrive together while busy: [2, 3] is cut at the
    // preferred size, then 4 joins the same payload because it already holds max(preferred) samples
    const r = runArrivals(cfg, SLOW, [{ t: 0 }, { t: 0 }, { t: 500 }, { t: 500 }, { t: 500 }]);
    expect(batches(r)).toEqual([2, 3]);
  });

  it("with a delay, a dequeued payload absorbs following payloads that waited past the delay and fit", () => {
    // while busy: payload A = [2, 3, 4] (saturated), payload B = [5, 6] (preferred 2, still growable).
    // At 10 ms the instance takes A; B has waited more than the delay and 3 + 2 ≤ 8, so it merges
    // into A (Triton's InstanceQueue) and one batch of 5 runs.
    const cfg = { maxBatchSize: 8, dynamicBatching: { preferredBatchSizes: [2], maxQueueDelayUs: 1000 } };
    const arrivals = [{ t: 0 }, { t: 0 }, { t: 500 }, { t: 500 }, { t: 500 }, { t: 600 }, { t: 600 }];
    const r = runArrivals(cfg, SLOW, arrivals);
    expect(batches(r)).toEqual([2, 5]);
    expect(r.executions[1]!.requestIds).toEqual([2, 3, 4, 5, 6]);
    const noDelay = runArrivals({ ...cfg, dynamicBatching: { preferredBatchSizes: [2] } }, SLOW, arrivals);
    expect(noDelay.executions.every((e) => e.batchSize <= 3)).toBe(true);
  });

  it("without prefetch, an instance returning for work wakes the batcher through its payload's completion callback: the queue runs at once, not at the 500 ms re-check", () => {
    // Triton's batcher sleeps on its condition variable while no instance waits for work; the payload it
    // handed out calls back (cv_.notify_one) when its execution returns, just before the backend thread
    // asks the rate limiter for its next payload, so the woken batcher finds that instance waiting
    const cfg = { maxBatchSize: 8, dynamicBatching: { priorityLevels: 1, defaultPriorityLevel: 1 } };
    const r = runArrivals(cfg, SLOW, [{ t: 0 }, { t: 100 }, { t: 200 }]);
    expect(r.executions.map((e) => [e.startUs, e.batchSize])).toEqual([
      [0, 1],
      [10_000, 2],
    ]);
    // an arrival while the instance is busy still does not wake it (no slot): it joins at the callback
    const later = runArrivals(cfg, SLOW, [{ t: 0 }, { t: 100 }, { t: 12_000 }]);
    expect(later.executions.map((e) => [e.startUs, e.batchSize])).toEqual([
      [0, 1],
      [10_000, 1],
      [20_000, 1],
    ]);
  });
});

describe("§4 priorities, queue policy and ordering", () => {
  it("priority level 1 is served before level 2; 0 or out-of-range takes the default level", () => {
    const cfg = { maxBatchSize: 8, dynamicBatching: { priorityLevels: 2, defaultPriorityLevel: 2 } };
    const arrivals = [
      { t: 0, priority: 2 },
      { t: 100, priority: 2 },
      { t: 200, priority: 0 },
      { t: 300, priority: 1 },
      { t: 400, priority: 7 },
    ];
    const r = runArrivals(cfg, SLOW, arrivals);
    expect(r.executions[1]!.requestIds).toEqual([3, 1, 2, 4]);
    expect(r.done.get(2)?.level).toBe(2);
    expect(r.done.get(4)?.level).toBe(2);
    expect(r.done.get(3)?.level).toBe(1);
  });

  it("max_queue_size: an arrival to a full queue is rejected (UNAVAILABLE)", () => {
    const cfg = { maxBatchSize: 1, dynamicBatching: { defaultQueuePolicy: { maxQueueSize: 2 } } };
    const r = runArrivals(cfg, SLOW, [{ t: 0 }, { t: 100 }, { t: 200 }, { t: 300 }]);
    expect(r.summary.conservation.rejected).toBe(1);
    expect(r.done.get(3)?.ok).toBe(false);
  });

  it("timeout REJECT: an expired request leaves the queue with an error when the batcher scans it", () => {
    const cfg = { maxBatchSize: 8, dynamicBatching: { defaultQueuePolicy: { defaultTimeoutUs: 5000 } } };
    const r = runArrivals(cfg, SLOW, [{ t: 0 }, { t: 100 }, { t: 200 }, { t: 12_000 }]);
    expect(r.summary.conservation.timedOut).toBe(2);
    expect(batches(r)).toEqual([1, 1]);
    expect(r.done.get(1)?.ok).toBe(false);
    // expiry is checked lazily, when the batcher next scans: woken as the instance returns at 10 ms
    expect(r.done.get(1)?.releaseUs).toBe(10_000);
  });

  it("timeout DELAY: an expired request moves behind the unexpired ones of its level", () => {
    const cfg = {
      maxBatchSize: 8,
      dynamicBatching: { defaultQueuePolicy: { defaultTimeoutUs: 50_000, timeoutAction: "DELAY" as const, allowTimeoutOverride: true } },
    };
    const arrivals = [{ t: 0 }, { t: 100, timeoutUs: 1000 }, { t: 200 }, { t: 300 }, { t: 9_000 }];
    const r = runArrivals(cfg, SLOW, arrivals);
    expect(r.summary.conservation.timedOut).toBe(0);
    expect(r.executions[1]!.requestIds).toEqual([2, 3, 4, 1]);
  });

  it("a request may only shorten the policy's timeout, and only when override is allowed", () => {
    const mk = (policy: object) => ({ maxBatchSize: 8, dynamicBatching: { defaultQueuePolicy: policy } });
    const longer = [{ t: 0 }, { t: 100, timeoutUs: 20_000 }, { t: 30_000 }];
    // a longer value is ignored: the default 5 ms applies and the request expires
    expect(runArrivals(mk({ defaultTimeoutUs: 5000, allowTimeoutOverride: true }), SLOW, longer).done.get(1)?.ok).toBe(false);
    // a shorter one is used
    const shorter = [{ t: 0 }, { t: 100, timeoutUs: 1000 }, { t: 200 }, { t: 12_000 }];
    const r = runArrivals(mk({ defaultTimeoutUs: 50_000, allowTimeoutOverride: true }), SLOW, shorter);
    expect(r.done.get(1)?.ok).toBe(false);
    expect(r.done.get(2)?.ok).toBe(true);
    // without allow_timeout_override the request's value is ignored
    expect(runArrivals(mk({ defaultTimeoutUs: 50_000 }), SLOW, shorter).summary.conservation.timedOut).toBe(0);
    // with no default timeout there is nothing to shorten
    expect(runArrivals(mk({ allowTimeoutOverride: true }), SLOW, shorter).summary.conservation.timedOut).toBe(0);
  });

  it("preserve_ordering: a response waits for every earlier request's response", () => {
    const compute = "1=1,4=20";
    const cfg = { maxBatchSize: 4, dynamicBatching: { preserveOrdering: true }, instanceGroups: [{ count: 1 }], gpus: 2 };
    const r = runArrivals(cfg, compute, [{ t: 0, b: 4 }, { t: 10, b: 1 }]);
    const first = r.done.get(0)!;
    const second = r.done.get(1)!;
    expect(second.execEndUs).toBeLessThan(first.execEndUs);
    expect(second.releaseUs).toBe(first.releaseUs);
    const unordered = runArrivals({ ...cfg, dynamicBatching: {} }, compute, [{ t: 0, b: 4 }, { t: 10, b: 1 }]);
    expect(unordered.done.get(1)!.releaseUs).toBeLessThan(unordered.done.get(0)!.releaseUs);
  });
});

describe("§5 instances", () => {
  it("instance_group count k without gpus places k instances on every GPU; with gpus only there", () => {
    expect([...placeInstances(makeServerConfig({ maxBatchSize: 1, instanceGroups: [{ count: 2 }], gpus: 3 }))]).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...placeInstances(makeServerConfig({ maxBatchSize: 1, instanceGroups: [{ count: 2, gpus: [1] }], gpus: 3 }))]).toEqual([1, 1]);
    expect([...placeInstances(makeServerConfig({ maxBatchSize: 1, gpus: 2 }))]).toEqual([0, 1]);
  });

  it("each batch runs on one instance to completion; idle instances take payloads in turn", () => {
    const r = runArrivals({ maxBatchSize: 1, instanceGroups: [{ count: 1 }], gpus: 2 }, SLOW, burst(4));
    expect(r.executions.map((e) => [e.device, e.startUs])).toEqual([
      [0, 0],
      [1, 0],
      [0, 10_000],
      [1, 10_000],
    ]);
  });

  it("co-located executions share the GPU: without contention data each of k runs k× slower", () => {
    const r = runArrivals({ maxBatchSize: 1, instanceGroups: [{ count: 2 }] }, SLOW, burst(2));
    expect([...r.done.values()].map((d) => d.execEndUs)).toEqual([20_000, 20_000]);
    const apart = runArrivals({ maxBatchSize: 1, instanceGroups: [{ count: 1 }], gpus: 2 }, SLOW, burst(2));
    expect([...apart.done.values()].map((d) => d.execEndUs)).toEqual([10_000, 10_000]);
  });
});
