// Idle-gap sweeps become the profile's idle stretch: each pass is compared with its own back-to-back
// gap, so a pass that runs 20 % slower throughout (drift) gives the same factors.
import { describe, expect, it } from "vitest";
import { idlePoints, type IdleSweep } from "../../src/calibrate/idle.js";

const row = (gapUs: number, idleUs: number, inferUs: number) => ({ gapUs, idleUs, executions: 200, computeInputUs: 0, computeInferUs: inferUs, computeOutputUs: 0 });
const sweep = (scale: number, idleShift: number): IdleSweep => ({
  schema: "servesim.idle/v1",
  models: { m: [row(0, 400 + idleShift, 800 * scale), row(1000, 1400 + idleShift, 880 * scale), row(5000, 5400 + idleShift, 1200 * scale)] },
});

describe("idle stretch from sweeps", () => {
  it("factors are per-pass ratios to the back-to-back gap, averaged; idle times are averaged", () => {
    expect(idlePoints([sweep(1, 0), sweep(1.2, 100)], "m")).toEqual([
      { idleUs: 450, factor: 1 },
      { idleUs: 1450, factor: 1.1 },
      { idleUs: 5450, factor: 1.5 },
    ]);
  });

  it("a model the sweep lacks, or passes over other gaps, are errors that say so", () => {
    expect(() => idlePoints([sweep(1, 0)], "x")).toThrow(/no model "x"/);
    const other = sweep(1, 0);
    const moved: IdleSweep = { ...other, models: { m: other.models.m!.map((r, i) => (i === 1 ? { ...r, gapUs: 2000 } : r)) } };
    expect(() => idlePoints([sweep(1, 0), moved], "m")).toThrow(/other gaps/);
  });
});
