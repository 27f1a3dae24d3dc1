// Turn-taking on a GPU (profile gpuSharing.mode "turns"): one execution's turn at a time per device,
// in arrival order; the share of the infer that full overlap hides (its host part) runs first and
// overlaps others' turns; a turn handed over from another instance while k executions are on the device
// takes t_k / k of the standalone work; a turn after another instance's, with the GPU otherwise idle,
// pays the switch cost, the one measured for the device's instance count. Processor sharing ("shared")
// stays as it was. With a time slice, a turn longer than the slice is cut after each slice and queues again
// behind any instance waiting for the GPU.
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { withGpuSharing } from "../../src/compute/gpu-sharing.js";
import { PROFILE_SCHEMA_ID, Profile } from "../../src/compute/profile.js";
import { EventQueue } from "../../src/kernel/event-queue.js";
import { makeServerConfig } from "../../src/server/config.js";
import { InstanceSet } from "../../src/server/instances.js";
import { makeInstanceSet } from "../../src/server/turn-instances.js";
import { simulate } from "../../src/server/simulation.js";
import { inferPoint } from "../helpers/infer-point.js";
import { instanceEnds } from "../helpers/instance-ends.js";
import { DEFAULT_PROFILE } from "../../src/compute/builtin.js";
import { loadProfile } from "../../src/cli/profiles.js";

const point = inferPoint;
// Alone 1000 µs; two in full overlap 1600 µs each (turns of 800 µs); switch 100 µs, so the GPU part of
// an execution is 800 − 100 = 700 µs and its host part 300 µs.
const turns: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "turns",
  metadata: { source: "measured" },
  compute: [point(1, 1, 1000), point(8, 1, 1000), point(1, 2, 1600), point(8, 2, 1600)],
  requestOverheads: [],
  gpuSharing: { mode: "turns", switchUs: 100 },
};

// The same with the switch measured per instance count: 100 µs with 2 instances, 300 µs with 4.
const byK: Profile = {
  ...turns,
  gpuSharing: { mode: "turns", switchUs: 250, byInstances: [{ instances: 2, switchUs: 100 }, { instances: 4, switchUs: 300 }] },
};

/** Start executions on instances of one GPU at the given times (each with the given infer draw, default
 *  the mean); returns each one's end time. */
function ends(startsUs: readonly number[], profile: Profile = turns, infersUs: readonly number[] = []): number[] {
  const q = new EventQueue();
  const set = makeInstanceSet(new Int32Array(startsUs.length), new ComputeTables(profile, 8, 2), q, 7);
  const order = startsUs.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t);
  return instanceEnds(set, q, order.map((o) => o.t), (k, atUs) => {
    const i = order[k]!.i;
    set.start(i, i, 1, atUs, 0, infersUs[i] ?? 1000, 0);
  });
}

describe("GPU turn-taking", () => {
  it("alone, an execution takes its standalone time", () => {
    expect(ends([0])).toEqual([1000]);
  });

  it("two started together: host parts overlap, then the GPU serves one turn after the other", () => {
    // both host parts end at 300; the first takes the GPU alone-priced (no previous holder): 300 + 700;
    // the second takes it over from the other instance with 2 on the device: 800 µs, ending at 1800
    const [a, b] = ends([0, 0]);
    expect(a).toBeCloseTo(1000, 9);
    expect(b).toBeCloseTo(1800, 9);
  });

  it("completions are staggered, where processor sharing ends both together", () => {
    const shared = withGpuSharing(turns, "shared");
    const [a, b] = ends([0, 0], shared);
    expect(a).toBeCloseTo(b!, 9);
    const [c, d] = ends([0, 0]);
    expect(d! - c!).toBeGreaterThan(700);
  });

  it("a late arrival that finishes its host part after the other's turn does not wait", () => {
    // instance 1 starts at 800: its host part ends at 1100, after instance 0's turn (ended at 1000);
    // it takes the GPU over from instance 0 with the device otherwise idle: GPU part plus the switch
    const [a, b] = ends([0, 800]);
    expect(a).toBeCloseTo(1000, 9);
    expect(b).toBeCloseTo(1100 + 700 + 100, 9);
  });

  it("the switch is the one for the device's instance count, and the host part stays the two-instance one", () => {
    // a device of 3 pays 200 µs; a device of 2 is the plain profile
    expect(ends([0, 800], byK)).toEqual(ends([0, 800]));
    // instance 1 as in the late arrival above (host part to 1100, GPU part 700); instance 2 alone at 5000
    // follows instance 1 on the GPU: host part 300, GPU part 700, each after the 3-instance switch
    const [, b, c] = ends([0, 800, 5000], byK);
    expect(b).toBeCloseTo(1100 + 700 + 200, 9);
    expect(c).toBeCloseTo(5000 + 300 + 700 + 200, 9);
  });

  it("a partial overlap costs only the rest of the other's turn", () => {
    // instance 1 starts at 500: host part to 800, waits for instance 0's turn to end at 1000, then 800
    const [, b] = ends([0, 500]);
    expect(b).toBeCloseTo(1000 + 800, 9);
  });

  it("a draw's scatter is host work: alone, an execution takes its draw", () => {
    expect(ends([0], turns, [1200])).toEqual([1200]);
    // shorter than the GPU part: no host part is left, the GPU part is the draw
    expect(ends([0], turns, [600])).toEqual([600]);
  });

  it("a draw's scatter is host work: a slower draw waiting for the other's turn loses nothing", () => {
    // instance 1 draws 200 µs more: its host part (300 + 200) still ends before instance 0's turn does
    // (at 1000), and its turn is the GPU part's, as with the mean draw: it ends at 1800 either way
    expect(ends([0, 0], turns, [1000, 1200])).toEqual(ends([0, 0]));
    // the same scatter on a GPU turn would have made it 1000 + 800 × 1.2 = 1960
    // 900 µs more: the host part (1200) outlasts the other's turn; the GPU is idle, then its GPU part
    // and the switch
    const [, b] = ends([0, 0], turns, [1000, 1900]);
    expect(b).toBeCloseTo(1200 + 700 + 100, 9);
  });

  it("a turn-taking profile needs the turn-taking set: the plain one refuses it", () => {
    expect(() => new InstanceSet(new Int32Array(2), new ComputeTables(turns, 8, 2), new EventQueue(), 7)).toThrow(/makeInstanceSet/);
    // one instance per device never takes turns, so the plain set is right for it
    expect(() => new InstanceSet(new Int32Array(1), new ComputeTables(turns, 8, 2), new EventQueue(), 7)).not.toThrow();
  });

  it("the switch by instance count: linear between the measured counts, the nearest one's outside them", () => {
    const c = new ComputeTables(byK, 8, 2);
    expect([1, 2, 3, 4, 8].map((k) => c.gpuSwitchUsAt(k))).toEqual([100, 100, 200, 300, 300]);
    expect(c.gpuSwitchUs).toBe(100);
    // one switch for every count without them, none without turn-taking
    expect(new ComputeTables(turns, 8, 2).gpuSwitchUsAt(4)).toBe(100);
    expect(new ComputeTables(withGpuSharing(byK, "shared"), 8, 2).gpuSwitchUsAt(4)).toBe(0);
    // a profile lists them in increasing instances
    const unordered = Profile.safeParse({ ...byK, gpuSharing: { ...byK.gpuSharing, byInstances: [{ instances: 4, switchUs: 300 }, { instances: 2, switchUs: 100 }] } });
    expect(unordered.success).toBe(false);
    expect(unordered.error?.issues[0]?.path).toEqual(["gpuSharing", "byInstances", 1, "instances"]);
  });

  describe("the GPU's time slice", () => {
    // the same GPU cutting turns after 500 µs
    const sliced = (us: number): Profile => ({ ...turns, gpuSharing: { mode: "turns", switchUs: 100, slice: { us } } });

    it("alone, a turn longer than the slice runs on: no one waits for the GPU", () => {
      expect(ends([0], sliced(500))).toEqual([1000]);
    });

    it("two together: the first turn is cut after one slice, the second runs between, the first ends first", () => {
      // A's turn (700, no switch) is cut at 300 + 500 with 200 left; B takes the GPU over with 2 on the
      // device (800 µs turn), cut at 1300 with 300 left; A's 200 end at 1500, B's 300 at 1800
      const [a, b] = ends([0, 0], sliced(500));
      expect(a).toBeCloseTo(1500, 9);
      expect(b).toBeCloseTo(1800, 9);
      // the GPU did the same work in all: the last end is the uncut one's
      expect(b).toBeCloseTo(ends([0, 0])[1]!, 9);
    });

    it("a slice no shorter than every turn changes nothing", () => {
      for (const starts of [[0, 0], [0, 500], [0, 800], [0, 800, 5000]]) expect(ends(starts, sliced(800))).toEqual(ends(starts));
    });

    it("a waiter that arrives during a turn takes the GPU at the end of the slice running then", () => {
      // 100 µs slices: A's turn (700 from 300) runs on at 400 (none waiting); B's host part ends at 450,
      // so A is cut at 500 with 500 left; then B's 800 µs turn and A's rest alternate slice by slice: A's
      // fifth slice of its rest ends at 1500, B's last three run alone to 1800, as its uncut turn ended
      expect(ends([0, 150], sliced(100))).toEqual([1500, 1800].map((t) => expect.closeTo(t, 9)));
      expect(ends([0, 150])[1]).toBeCloseTo(1800, 9);
      // a waiter arriving in the last slice of a turn waits it out as without slices
      expect(ends([0, 650], sliced(100))).toEqual(ends([0, 650]).map((t) => expect.closeTo(t, 9)));
    });

    it("is a positive length that only turn-taking profiles carry", () => {
      expect(Profile.safeParse(sliced(0)).success).toBe(false);
      expect(new ComputeTables(sliced(500), 8, 2).gpuSliceUs).toBe(500);
      expect(new ComputeTables(withGpuSharing(sliced(500), "shared"), 8, 2).gpuSliceUs).toBe(0);
      expect(new ComputeTables(turns, 8, 2).gpuSliceUs).toBe(0);
    });
  });

  it("shared is processor sharing: the override drops turn-taking and changes nothing else", () => {
    const { gpuSharing: _g, ...plain } = turns;
    expect(withGpuSharing(turns, "shared")).toEqual(plain);
    expect(withGpuSharing(turns, "turns")).toBe(turns);
    expect(withGpuSharing(plain, "turns").gpuSharing).toMatchObject({ mode: "turns", switchUs: 0 });
  });
});

describe("GPU turn-taking in a simulation", () => {
  const config = (instances: number, delayUs: number | null) =>
    makeServerConfig({
      maxBatchSize: 8,
      instanceGroups: [{ count: instances }],
      ...(delayUs === null ? {} : { dynamicBatching: { maxQueueDelayUs: delayUs } }),
    });
  const run = (profile: Profile, instances: number, concurrency: number, delayUs: number | null) =>
    simulate({
      config: config(instances, delayUs),
      profile,
      workload: { kind: "concurrency", concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
      seed: "turns",
      measurement: { kind: "requests", requests: 4000, warmupRequests: 400 },
    });

  it("full overlap reproduces the calibration's cycle: one turn of t_2 / 2 per execution", () => {
    // 2 instances, 4 clients: always 2 on the device; each turn 800 µs ⇒ 1250 executions/s of batch 1
    const r = run(turns, 2, 4, null);
    expect(r.throughputPerS).toBeGreaterThan(1250 * 0.97);
    expect(r.throughputPerS).toBeLessThan(1250 * 1.03);
  });

  it("requests sent one at a time alternate instances and pay the switch on every execution", () => {
    const { gpuSharing: _g, ...alone } = turns;
    const one = run(alone, 1, 1, null);
    const two = run(turns, 2, 1, null);
    expect(two.breakdownUs.computeInfer - one.breakdownUs.computeInfer).toBeCloseTo(100, 0);
  });

  it("staggered completions keep a short batching delay from merging returning requests", () => {
    // the built-in BERT-Base profile, 4 instances, 4 clients, delay 100 µs (base_d100_i4, whose live
    // execution logs show 98.5 % single requests): turn-taking returns requests one turn apart, so
    // almost every execution is a single request; processor sharing ends them together and they merge
    const builtin = loadProfile(DEFAULT_PROFILE);
    expect(builtin.gpuSharing?.mode).toBe("turns");
    const batches = (p: Profile) => {
      const r = run(p, 4, 4, 100);
      return r.triton.inferenceCount / r.triton.executionCount;
    };
    expect(batches(builtin)).toBeLessThan(1.05);
    expect(batches(withGpuSharing(builtin, "shared"))).toBeGreaterThan(1.2);
  });
});
