// BatcherWakeups (src/server/batcher-wakeups.ts) on its own. Laws: without a scan a notification wakes the batcher at
// once and pushes nothing; with one it wakes it at the scan's end, and notifications while that scan is pending join it;
// a timed wake comes late by the profile's lateness (base + fraction of the wait), plus the scan's mean when scans are
// drawn; only the newest timer is live; the clients' share of the scan is the profile's, else the scan's mean.
import { describe, expect, it } from "vitest";
import { ComputeTables } from "../../src/compute/compute-model.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { EventQueue } from "../../src/kernel/event-queue.js";
import { BatcherWakeups } from "../../src/server/batcher-wakeups.js";
import { EventKind } from "../../src/server/event-kinds.js";

const base: Profile = { ...parseComputeMs("1=1,8=2"), batcherLate: { baseUs: 50, fractionOfWait: 0.01 } };
const scan30: Profile = { ...base, batcherWake: { probabilities: [0, 1], us: [30, 30] } };
const make = (p: Profile, scans: boolean) => {
  const eq = new EventQueue();
  return { eq, w: new BatcherWakeups(eq, new ComputeTables(p, 8, 1), "1", scans) };
};

describe("BatcherWakeups", () => {
  it("without a scan, a notification wakes the batcher at once and pushes no event", () => {
    const { eq, w } = make(base, false);
    w.notify(100);
    expect(w.woken).toBe(true);
    expect(eq.size).toBe(0);
    expect(w.scanInSchedulingUs).toBe(0);
  });

  it("with a scan, the batcher wakes at the scan's end; a notification while it is pending joins it", () => {
    const { eq, w } = make(scan30, true);
    w.notify(100);
    w.notify(110);
    expect(w.woken).toBe(false);
    expect(eq.size).toBe(1);
    expect(eq.pop()).toBe(130);
    expect(eq.kind).toBe(EventKind.Wake);
    w.onScan(130);
    expect(w.woken).toBe(true);
    // the scan is over: the next notification draws a new one
    w.notify(140);
    expect(eq.pop()).toBe(170);
  });

  it("a timed wake is late by base + fraction of the wait, plus the scan's mean when scans are drawn", () => {
    for (const [p, scans, extra] of [[base, false, 0], [scan30, true, 30]] as const) {
      const { eq, w } = make(p, scans);
      w.wakeAt(1100, 100);
      expect(eq.pop()).toBeCloseTo(1100 + 50 + 0.01 * 1000 + extra, 9);
      expect(eq.kind).toBe(EventKind.Timer);
      expect(w.onTimer(eq.tag)).toBe(true);
      expect(w.woken).toBe(true);
    }
  });

  it("only the newest timer is live", () => {
    const { eq, w } = make(base, false);
    w.wakeAt(1000, 0);
    w.wakeAt(2000, 0);
    eq.pop();
    expect(w.onTimer(eq.tag)).toBe(false);
    expect(w.woken).toBe(false);
    eq.pop();
    expect(w.onTimer(eq.tag)).toBe(true);
  });

  it("the clients' share of the scan: the profile's, else the scan's mean; none without scans", () => {
    expect(make(scan30, true).w.scanInSchedulingUs).toBe(30);
    expect(make({ ...scan30, batcherWake: { ...scan30.batcherWake!, inSchedulingUs: 0 } }, true).w.scanInSchedulingUs).toBe(0);
    expect(make(scan30, false).w.scanInSchedulingUs).toBe(0);
  });
});
