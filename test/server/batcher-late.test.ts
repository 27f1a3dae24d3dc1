// The dynamic batcher wakes late from a timed wait (profile batcherLate: base plus a fraction of the wait, phase
// BL): a request that waits out the queue delay alone starts that much after the delay; a batch that fills before
// the delay is not delayed, since an arrival wakes the batcher at once; without the entry it wakes on time.
import { describe, expect, it } from "vitest";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { runArrivals } from "../helpers/trace-run.js";

const base: Profile = parseComputeMs("1=1,8=1");
const late: Profile = { ...base, batcherLate: { baseUs: 50, fractionOfWait: 0.01 } };
const starts = (p: Profile, config: Parameters<typeof runArrivals>[0], arrivals: { t: number }[]): number[] =>
  runArrivals(config, p, arrivals).executions.map((e) => e.startUs);

describe("the batcher's lateness after its queue delay", () => {
  it("a lone request starts its delay plus base plus the fraction of the wait after it arrived", () => {
    const config = { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 1000 } };
    expect(starts(base, config, [{ t: 0 }])).toEqual([1000]);
    expect(starts(late, config, [{ t: 0 }])[0]).toBeCloseTo(1000 + 50 + 10, 9);
  });

  it("an arrival that completes the preferred batch dispatches it at once: no lateness", () => {
    const config = { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 1000, preferredBatchSizes: [2] } };
    expect(starts(late, config, [{ t: 0 }, { t: 300 }])).toEqual([300]);
  });

  it("with delay 0 nothing waits, so nothing is late", () => {
    expect(starts(late, { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 0 } }, [{ t: 0 }, { t: 5000 }])).toEqual([0, 5000]);
  });

  it("an arrival that completes no batch leaves the batcher asleep: the first wait's lateness stands", () => {
    const config = { maxBatchSize: 8, dynamicBatching: { maxQueueDelayUs: 1000 } };
    const r = runArrivals(config, late, [{ t: 0 }, { t: 400 }]);
    expect(r.executions.map((e) => e.batchSize)).toEqual([2]);
    expect(r.executions[0]!.startUs).toBeCloseTo(1000 + 50 + 10, 9);
  });
});
