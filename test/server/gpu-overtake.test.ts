// Short executions overtaking a long turn (profile gpuSharing.overtake): on a GPU of three or more instances, a
// short execution that asks for the GPU while a long turn holds it, and only short ones wait, cuts that turn once;
// the longest waiter runs its turn and the cut one resumes right after it. Short and long go by the batch size's
// turn against a single request's. Two instances, a short holder, a long waiter or a turn cut before: first come,
// first served. The GPU's work is only reordered: the last execution ends when it would have.
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { PROFILE_SCHEMA_ID, Profile } from "../../src/compute/profile.js";
import { EventQueue } from "../../src/kernel/event-queue.js";
import { makeInstanceSet } from "../../src/server/turn-instances.js";
import { inferPoint as point } from "../helpers/infer-point.js";
import { instanceEnds } from "../helpers/instance-ends.js";

// All GPU work, no switch: batch 1 takes 1000 µs alone and a turn of 1000 µs among others, batch 4 2000 µs and a
// turn of 2000 µs (k executions in full overlap take k × the turn), so batch 4's turn is twice batch 1's.
const fifo: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "overtake",
  metadata: { source: "measured" },
  compute: [1, 2, 4].flatMap((k) => [point(1, k, 1000 * k), point(4, k, 2000 * k), point(8, k, 4000 * k)]),
  requestOverheads: [],
  gpuSharing: { mode: "turns", switchUs: 0 },
};
const overtake: Profile = { ...fifo, gpuSharing: { mode: "turns", switchUs: 0, overtake: { fromInstances: 3, shortTurnRatio: 1.5 } } };

/** Executions started at the given times with the given batch sizes, one per instance of a GPU with `instances`;
 *  returns each one's end time. */
function ends(starts: readonly { atUs: number; batch: number }[], profile: Profile, instances = 3): number[] {
  const q = new EventQueue();
  const tables = new ComputeTables(profile, 8, 4);
  const set = makeInstanceSet(new Int32Array(instances), tables, q, 7);
  return instanceEnds(set, q, starts.map((s) => s.atUs), (k, atUs) => set.start(k, k, starts[k]!.batch, atUs, 0, tables.meanUs(1, starts[k]!.batch), 0));
}

describe("short executions overtake a long turn", () => {
  const longThenShort = [
    { atUs: 0, batch: 4 },
    { atUs: 500, batch: 1 },
  ];

  it("on three instances the short one runs at once and the long one resumes after it; first come, first served without the overtake", () => {
    expect(ends(longThenShort, overtake)).toEqual([3000, 1500]);
    expect(ends(longThenShort, fifo)).toEqual([2000, 3000]);
  });

  it("the GPU's work is only reordered: the last execution ends when it would have", () => {
    const plans = [longThenShort, [...longThenShort, { atUs: 600, batch: 1 }], [{ atUs: 0, batch: 8 }, { atUs: 100, batch: 1 }, { atUs: 200, batch: 1 }]];
    for (const plan of plans) expect(Math.max(...ends(plan, overtake))).toBe(Math.max(...ends(plan, fifo)));
  });

  it("on two instances nothing overtakes", () => {
    expect(ends(longThenShort, overtake, 2)).toEqual(ends(longThenShort, fifo, 2));
  });

  it("a turn is cut once: a second short arrival waits behind the resumed long turn", () => {
    const plan = [...longThenShort, { atUs: 600, batch: 1 }];
    expect(ends(plan, overtake)).toEqual([3000, 1500, 4000]);
    expect(ends(plan, fifo)).toEqual([2000, 3000, 4000]);
  });

  it("a long execution waiting keeps a short one from overtaking, and a short turn is never cut", () => {
    const longWaits = [
      { atUs: 0, batch: 4 },
      { atUs: 100, batch: 4 },
      { atUs: 500, batch: 1 },
    ];
    expect(ends(longWaits, overtake)).toEqual(ends(longWaits, fifo));
    const shortHolds = [
      { atUs: 0, batch: 1 },
      { atUs: 500, batch: 1 },
    ];
    expect(ends(shortHolds, overtake)).toEqual(ends(shortHolds, fifo));
  });

  it("the line is the profile's: a ratio of 2 makes batch 4 short, so nothing overtakes it", () => {
    const wide: Profile = { ...fifo, gpuSharing: { mode: "turns", switchUs: 0, overtake: { fromInstances: 3, shortTurnRatio: 2 } } };
    expect(ends(longThenShort, wide)).toEqual(ends(longThenShort, fifo));
  });

  it("a profile's overtake is validated: a ratio below 1 or fewer than two instances is refused", () => {
    const bad = (o: unknown) => Profile.safeParse({ ...fifo, gpuSharing: { mode: "turns", switchUs: 0, overtake: o } }).success;
    expect(bad({ fromInstances: 3, shortTurnRatio: 1.1 })).toBe(true);
    expect(bad({ fromInstances: 3, shortTurnRatio: 0.9 })).toBe(false);
    expect(bad({ fromInstances: 1, shortTurnRatio: 1.1 })).toBe(false);
  });
});
