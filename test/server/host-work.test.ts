// Host work of merged requests runs in the instance's own process: it takes its time at full speed and
// does not count as an execution on the GPU, so it overlaps the other instances' device work.
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { EventQueue } from "../../src/kernel/event-queue.js";
import { InstanceSet } from "../../src/server/instances.js";

const zero = { mean: 0, sd: 0 };
const point = (batchSize: number, concurrency: number, inferUs: number) => ({
  batchSize,
  concurrency,
  computeInputUs: zero,
  computeInferUs: { mean: inferUs, sd: 0 },
  computeOutputUs: zero,
  executions: 100,
});
// Two executions at once each take twice as long: the GPU is shared fairly.
const shared: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "shared",
  metadata: { source: "measured" },
  compute: [point(1, 1, 100), point(8, 1, 100), point(1, 2, 200), point(8, 2, 200)],
  requestOverheads: [],
};

/** Run executions started at t = 0 on two instances of one GPU; returns each one's end time. */
function ends(starts: readonly { infer: number; hostInfer: number }[]): number[] {
  const q = new EventQueue();
  const set = new InstanceSet(new Int32Array(starts.length), new ComputeTables(shared, 8, 2), q, 7);
  starts.forEach((s, i) => set.start(i, i, 1, 0, 0, s.infer, 0, 0, s.hostInfer, 0));
  const out = new Array<number>(starts.length).fill(NaN);
  while (q.size > 0) {
    const t = q.pop();
    if (set.phaseEnded(q.ref, q.tag, t)) out[q.ref] = t;
  }
  return out;
}

describe("host work of merged requests", () => {
  it("without host work two executions share the GPU: both end at 2 × 100 µs", () => {
    expect(ends([{ infer: 100, hostInfer: 0 }, { infer: 100, hostInfer: 0 }])).toEqual([200, 200]);
  });

  it("host work overlaps the other instance's device work instead of slowing it", () => {
    // instance 1 spends 100 µs on host work first: instance 0 has the GPU to itself meanwhile
    const [a, b] = ends([{ infer: 100, hostInfer: 0 }, { infer: 100, hostInfer: 100 }]);
    expect(a).toBeCloseTo(100, 9);
    expect(b).toBeCloseTo(200, 9);
  });

  it("host work is never slowed by the other instances: both host stages end together, then they share", () => {
    expect(ends([{ infer: 100, hostInfer: 50 }, { infer: 100, hostInfer: 50 }])).toEqual([250, 250]);
  });

  it("Triton's statistics see the host work inside its phase", () => {
    const q = new EventQueue();
    const set = new InstanceSet(new Int32Array(1), new ComputeTables(shared, 8, 2), q, 7);
    set.start(0, 0, 1, 0, 0, 100, 0, 0, 40, 0);
    while (q.size > 0) {
      const t = q.pop();
      set.phaseEnded(q.ref, q.tag, t);
    }
    expect(set.took[1]).toBeCloseTo(140, 9);
    expect(set.busyUs[0]).toBeCloseTo(140, 9);
  });
});
