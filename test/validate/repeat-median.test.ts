// Errors against the median of repeated measurements (validate/repeat-median.ts): laws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorsOf } from "../../src/validate/errors.js";
import type { PointMetrics } from "../../src/validate/measured.js";
import { acrossRepeats, type RepeatedPoint } from "../../src/validate/repeat-median.js";

const breakdownUs = { clientSend: 0, networkServer: 0, serverQueue: 0, computeInput: 0, computeInfer: 0, computeOutput: 0, clientRecv: 0 };

function metrics(thr: number, p50: number, p99: number): PointMetrics {
  return { throughputPerS: thr, p50Us: p50, p90Us: (p50 + p99) / 2, p99Us: p99, breakdownUs };
}

function point(run: string, measured: PointMetrics, predicted: PointMetrics, over: Partial<RepeatedPoint> = {}): RepeatedPoint {
  return { run, model: "m", tool: "perf_analyzer", mode: "rate", batchSize: 1, load: 3000, measured, predicted, errorPct: errorsOf(predicted, measured), ...over };
}

describe("errors against the median of repeated measurements", () => {
  it("scores the median prediction against the median measurement, and each measurement against that median", () => {
    const pred = metrics(3000, 2000, 4000);
    const pts = [point("a", metrics(2900, 1800, 3000), pred), point("b", metrics(3000, 2000, 4000), pred), point("c", metrics(3100, 2500, 8000), pred)];
    const r = acrossRepeats(pts, 3);
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]!.runs).toEqual(["a", "b", "c"]);
    // the median measurement is b's: the prediction equals it
    expect(r.medianError.p50.medianAbsPct).toBe(0);
    expect(r.medianError.p99.medianAbsPct).toBe(0);
    // a and c lie 10 % and 25 % from the median p50; b on it
    expect(r.spread.p50.n).toBe(3);
    expect(r.spread.p50.medianAbsPct).toBeCloseTo(10, 9);
    expect(r.spread.p99.meanAbsPct).toBeCloseTo((25 + 0 + 100) / 3, 9);
    // each point's own error is the headline's
    expect(r.pointError.p99.medianAbsPct).toBeCloseTo(100 / 3, 9);
  });

  it("predicts each measurement by the median of the other runs' (leave one run out)", () => {
    const pred = metrics(3000, 2000, 4000);
    // run b measured twice: leaving b out leaves a and c, whose p50 median is 2150
    const pts = [point("a", metrics(2900, 1800, 3000), pred), point("b", metrics(3000, 2000, 4000), pred), point("b", metrics(3000, 2000, 4000), pred), point("c", metrics(3100, 2500, 8000), pred)];
    const r = acrossRepeats(pts, 3);
    expect(r.leaveOneOut.p50.n).toBe(4);
    // a: others b, b, c -> 2000 (+11.1 %); b: others a, c -> 2150 (+7.5 %, twice); c: others a, b, b -> 2000 (-20 %)
    expect(r.leaveOneOut.p50.meanSignedPct).toBeCloseTo((100 * (2000 - 1800) / 1800 + 2 * 7.5 - 20) / 4, 9);
    expect(r.leaveOneOut.p50.medianAbsPct).toBeCloseTo((7.5 + 100 * (2000 - 1800) / 1800) / 2, 9);
    // runs that agree predict each other exactly
    const m = metrics(1000, 1000, 2000);
    const same = acrossRepeats(["x", "y", "z"].map((x) => point(x, m, m)));
    for (const k of ["throughput", "p50", "p90", "p99"] as const) expect(same.leaveOneOut[k].medianAbsPct).toBe(0);
  });

  it("leaves out a group measured on fewer runs than asked, and counts runs, not rows", () => {
    const m = metrics(1000, 1000, 2000);
    const pts = [point("a", m, m), point("a", m, m), point("b", m, m), point("x", m, m, { load: 10 }), point("y", m, m, { load: 10 }), point("z", m, m, { load: 10 })];
    const r = acrossRepeats(pts, 3);
    expect(r.groups.map((g) => g.load)).toEqual([10]);
    expect(acrossRepeats(pts, 2).groups.map((g) => g.load)).toEqual([10, 3000]);
  });

  it("keeps tools, modes, batch sizes and levels apart", () => {
    const m = metrics(1000, 1000, 2000);
    const runs = ["a", "b", "c"];
    const pts = runs.flatMap((r) => [point(r, m, m), point(r, m, m, { tool: "servesim-loadgen" }), point(r, m, m, { mode: "concurrency", load: 4 }), point(r, m, m, { batchSize: 8 })]);
    expect(acrossRepeats(pts, 3).groups).toHaveLength(4);
  });

  it("is 0 where every prediction equals its measurement and the runs agree; rejects minRuns < 2", () => {
    const m = metrics(500, 700, 900);
    const r = acrossRepeats(["a", "b", "c", "d"].map((x) => point(x, m, m)));
    for (const t of [r.medianError, r.pointError, r.spread]) for (const k of ["throughput", "p50", "p90", "p99"] as const) expect(t[k].medianAbsPct).toBe(0);
    expect(() => acrossRepeats([], 1)).toThrow(RangeError);
  });

  it("does not depend on the order of the points", () => {
    const arb = fc.array(
      fc.record({ run: fc.constantFrom("a", "b", "c", "d"), load: fc.constantFrom(1, 2), meas: fc.integer({ min: 500, max: 5000 }), pred: fc.integer({ min: 500, max: 5000 }) }),
      { minLength: 1, maxLength: 24 },
    );
    fc.assert(
      fc.property(arb, (xs) => {
        const pts = xs.map((x) => point(x.run, metrics(x.meas, x.meas, 2 * x.meas), metrics(x.pred, x.pred, 2 * x.pred), { load: x.load }));
        const a = acrossRepeats(pts, 2);
        const b = acrossRepeats([...pts].reverse(), 2);
        expect(b.groups.map((g) => [g.load, g.runs, g.errorPct])).toEqual(a.groups.map((g) => [g.load, g.runs, g.errorPct]));
        expect(b.medianError).toEqual(a.medianError);
        expect(b.spread).toEqual(a.spread);
        expect(b.leaveOneOut).toEqual(a.leaveOneOut);
      }),
    );
  });
});
