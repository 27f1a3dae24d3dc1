// Host work of merged requests runs in the instance's own process: it takes its time at full speed and
// does not count as an execution on the GPU, so it overlaps the other instances' device work.
// An execution that meets an idle GPU runs longer by the profile's idle factor; the idle time is the
// device's, so an instance whose GPU ran other instances meanwhile takes none (a single client rotating
// over k instances then costs one instance's time plus the switch, as the calibration probes measure it).
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { PROFILE_SCHEMA_ID, type Profile } from "../../src/compute/profile.js";
import { EventQueue } from "../../src/kernel/event-queue.js";
import { makeServerConfig } from "../../src/server/config.js";
import { InstanceSet } from "../../src/server/instances.js";
import { SharingInstanceSet } from "../../src/server/sharing-instances.js";
import { simulate } from "../../src/server/simulation.js";
import { makeInstanceSet } from "../../src/server/turn-instances.js";
import { inferPoint } from "../helpers/infer-point.js";

const point = inferPoint;
// Two executions at once each take twice as long: the GPU is shared fairly.
const shared: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "shared",
  metadata: { source: "measured" },
  compute: [point(1, 1, 100), point(8, 1, 100), point(1, 2, 200), point(8, 2, 200)],
  requestOverheads: [],
};

/** Run executions started at t = 0 on instances of one GPU; returns each one's end time. */
function ends(starts: readonly { infer: number; hostInfer: number }[], profile: Profile = shared): number[] {
  const q = new EventQueue();
  const set = makeInstanceSet(new Int32Array(starts.length), new ComputeTables(profile, 8, 2), q, 7);
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

  it("a profile that shares the GPU needs the sharing set: the plain one refuses it, and one instance per device takes the plain one", () => {
    expect(() => new InstanceSet(new Int32Array(2), new ComputeTables(shared, 8, 2), new EventQueue(), 7)).toThrow(/makeInstanceSet/);
    expect(makeInstanceSet(new Int32Array(2), new ComputeTables(shared, 8, 2), new EventQueue(), 7)).toBeInstanceOf(SharingInstanceSet);
    expect(makeInstanceSet(new Int32Array([0, 1]), new ComputeTables(shared, 8, 2), new EventQueue(), 7)).not.toBeInstanceOf(SharingInstanceSet);
  });

  it("Triton's statistics see the host work inside its phase", () => {
    const q = new EventQueue();
    const set = makeInstanceSet(new Int32Array(1), new ComputeTables(shared, 8, 2), q, 7);
    set.start(0, 0, 1, 0, 0, 100, 0, 0, 40, 0);
    while (q.size > 0) {
      const t = q.pop();
      set.phaseEnded(q.ref, q.tag, t);
    }
    expect(set.took[1]).toBeCloseTo(140, 9);
    expect(set.busyUs[0]).toBeCloseTo(140, 9);
  });
});

describe("idle stretch", () => {
  const withIdle: Profile = { ...shared, compute: [point(1, 1, 100), point(8, 1, 100)], idle: [{ idleUs: 0, factor: 1 }, { idleUs: 1000, factor: 1.5 }] };

  /** Executions started one after another (each when the previous ended, or at its given time) on the
   *  instances of one GPU; returns each one's duration. */
  function durations(count: number, plan: readonly { instance: number; atUs?: number }[]): number[] {
    const q = new EventQueue();
    const set = makeInstanceSet(new Int32Array(count), new ComputeTables(withIdle, 8, 1), q, 7);
    let now = 0;
    return plan.map(({ instance, atUs }) => {
      const at = atUs ?? now;
      set.start(instance, instance, 1, at, 0, 100, 0);
      let end = NaN;
      while (q.size > 0) {
        const t = q.pop();
        if (set.phaseEnded(q.ref, q.tag, t)) end = t;
      }
      now = end;
      return end - at;
    });
  }

  it("an execution after its instance idled takes the profile's factor longer; back to back it does not", () => {
    const [first, second, third, fourth] = durations(1, [0, 150, 250 + 500, 875 + 5000].map((atUs) => ({ instance: 0, atUs })));
    expect(first).toBeCloseTo(150, 9); // never ran: the longest idle
    expect(second).toBeCloseTo(100, 9); // back to back
    expect(third).toBeCloseTo(125, 9); // 500 µs idle: halfway to 1.5
    expect(fourth).toBeCloseTo(150, 9); // beyond the table: its last factor
  });

  it("the factor is monotone in idle time and never below 1, whatever the data", () => {
    const t = new ComputeTables({ ...withIdle, idle: [{ idleUs: 100, factor: 0.9 }, { idleUs: 200, factor: 1.3 }, { idleUs: 300, factor: 1.1 }] }, 8, 1);
    let prev = 1;
    for (let idle = 0; idle <= 400; idle += 10) {
      const f = t.idleFactor(idle);
      expect(f).toBeGreaterThanOrEqual(1);
      expect(f).toBeGreaterThanOrEqual(prev - 1e-12);
      prev = f;
    }
    expect(new ComputeTables(shared, 8, 1).idleFactor(1e9)).toBe(1);
  });

  it("the idle time is the device's: an instance whose GPU ran another instance meanwhile takes no stretch", () => {
    const [first, second, third] = durations(2, [{ instance: 0 }, { instance: 1 }, { instance: 0, atUs: 250 + 500 }]);
    expect(first).toBeCloseTo(150, 9); // the GPU never ran: the longest idle
    expect(second).toBeCloseTo(100, 9); // instance 1 never ran, but the GPU just did: back to back
    expect(third).toBeCloseTo(125, 9); // 500 µs since the GPU last worked (600 since instance 0 did)
  });

  it("an execution started while another runs on its device meets no idle GPU", () => {
    const both = { ...withIdle, compute: [...withIdle.compute, point(1, 2, 100), point(8, 2, 100)] };
    // instance 0 starts first on a GPU that never ran (150 µs); instance 1 finds it on the device: no stretch
    const [a, b] = ends([{ infer: 100, hostInfer: 0 }, { infer: 100, hostInfer: 0 }], both);
    expect(a).toBeCloseTo(150, 9);
    expect(b).toBeCloseTo(100, 9);
  });

  it("a single client rotating over k instances costs one instance's infer plus the switch for k, as the probes measure it", () => {
    const idle = [{ idleUs: 0, factor: 1 }, { idleUs: 1000, factor: 1.2 }, { idleUs: 10000, factor: 1.6 }];
    const profile: Profile = {
      ...shared,
      compute: [point(1, 1, 1000), point(8, 1, 1000), point(1, 2, 1600), point(8, 2, 1600), point(1, 4, 3200), point(8, 4, 3200)],
      idle,
      // a 1000 µs round trip outside the server: the GPU idles that long between two executions
      requestOverheads: [{ batchSize: 1, clientSendUs: { mean: 0, sd: 0 }, clientRecvUs: { mean: 0, sd: 0 }, networkUs: { mean: 1000, sd: 0 }, schedulingUs: { mean: 0, sd: 0 } }],
      gpuSharing: { mode: "turns", switchUs: 250, byInstances: [{ instances: 2, switchUs: 100 }, { instances: 4, switchUs: 300 }] },
    };
    const infer = (instances: number): number =>
      simulate({
        config: makeServerConfig({ maxBatchSize: 8, instanceGroups: [{ count: instances }] }),
        profile,
        workload: { kind: "concurrency", concurrency: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
        seed: "rotation",
        measurement: { kind: "requests", requests: 400, warmupRequests: 40 },
      }).breakdownUs.computeInfer;
    const one = infer(1);
    expect(one).toBeCloseTo(1200, 6); // the GPU idled the round trip, 1000 µs: factor 1.2
    expect(infer(2) - one).toBeCloseTo(100, 6);
    expect(infer(4) - one).toBeCloseTo(300, 6);
  });
});
