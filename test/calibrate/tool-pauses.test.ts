// The load generator's pauses read from a run it measured (calibrate/tool-pauses.ts).
import { describe, expect, it } from "vitest";
import { toolPauses } from "../../src/calibrate/tool-pauses.js";
import { compositionRun, liveLevel } from "../helpers/live-level.js";

function run(levels: { load: number; thr: number; gc?: { perS: number; meanMs: number } }[]) {
  return compositionRun(
    levels.map((l) => {
      const lv = liveLevel(l.load, { throughputPerS: l.thr, requests: 1000 });
      return l.gc === undefined ? lv : { ...lv, client: { ...lv.client, gcPauses: { ...l.gc, minor: 1, major: 0, maxMs: l.gc.meanMs, fraction: 0.01 } } };
    }),
  );
}

describe("the load generator's pauses from its run", () => {
  it("pauses per request: the median over levels with two or more clients; the mean pause weighted by how many each level had", () => {
    const p = toolPauses(
      run([
        { load: 1, thr: 500, gc: { perS: 5, meanMs: 1 } }, // one client: left out of the rate, not of the mean
        { load: 4, thr: 2000, gc: { perS: 8, meanMs: 3 } },
        { load: 16, thr: 4000, gc: { perS: 16, meanMs: 3 } },
        { load: 64, thr: 5000, gc: { perS: 25, meanMs: 4 } },
      ]),
    )!;
    expect(p.perRequest).toBeCloseTo(0.004, 9); // 8/2000, 16/4000, 25/5000 → median 0.004
    expect(p.meanUs).toBe(Math.round((1000 * (5 * 1 + 8 * 3 + 16 * 3 + 25 * 4)) / (5 + 8 + 16 + 25)));
    expect(p.measuredFrom).toBe("comp (cal, 3 levels)");
  });

  it("gives none for a run that did not record its pauses, or never paused", () => {
    expect(toolPauses(run([{ load: 4, thr: 2000 }, { load: 16, thr: 4000 }]))).toBeNull();
    expect(toolPauses(run([{ load: 4, thr: 2000, gc: { perS: 0, meanMs: 0 } }]))).toBeNull();
  });
});
