// DeviceLayout: each device's instances form one contiguous slice of `members`, in instance order; the
// most on one device, as the layout and maxInstancesPerDevice count it, is the largest device's count; the start order takes every instance once, round-robin
// over the devices (each round at most one instance per device, and a device with instances left is in
// every round).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeviceLayout, maxInstancesPerDevice } from "../../src/server/device-layout.js";

const devicesArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 16 }).map((a) => Int32Array.from(a));

describe("DeviceLayout", () => {
  it("slices the instances by device, in order, and counts the most on one", () => {
    fc.assert(
      fc.property(devicesArb, (device) => {
        const l = new DeviceLayout(device);
        expect(l.devices).toBe(Math.max(...device) + 1);
        expect([...l.members].sort((a, b) => a - b)).toEqual([...device.keys()]);
        for (let d = 0; d < l.devices; d++) {
          const slice = [...l.members.subarray(l.start[d]!, l.start[d + 1]!)];
          expect(slice).toEqual([...device.keys()].filter((i) => device[i] === d));
        }
        const most = Math.max(...[...device].map((d) => device.filter((x) => x === d).length));
        expect(l.maxPer).toBe(most);
        expect(maxInstancesPerDevice(device)).toBe(most);
      }),
    );
  });

  it("starts the instances round-robin over the devices", () => {
    fc.assert(
      fc.property(devicesArb, (device) => {
        const order = new DeviceLayout(device).interleavedOrder();
        expect([...order].sort((a, b) => a - b)).toEqual([...device.keys()]);
        // the k-th instance of each device comes after every device's (k-1)-th
        const rank = new Map<number, number>();
        const seen = new Map<number, number>();
        for (const i of order) {
          const d = device[i]!;
          const k = seen.get(d) ?? 0;
          seen.set(d, k + 1);
          rank.set(i, k);
        }
        const ranks = order.map((i) => rank.get(i)!);
        for (let j = 1; j < ranks.length; j++) expect(ranks[j]!).toBeGreaterThanOrEqual(ranks[j - 1]!);
      }),
    );
  });

  it("two GPUs with two instances each: 0, 2, 1, 3", () => {
    expect(new DeviceLayout(Int32Array.from([0, 0, 1, 1])).interleavedOrder()).toEqual([0, 2, 1, 3]);
  });
});
