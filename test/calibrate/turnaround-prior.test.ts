// The turnaround shrunk toward other starts': the weight is the share of a start's first reading that its
// second keeps (covariance over variance of log gaps across starts), and the shrunk fit lies between the
// start's own fit and the other starts' median, at that weight.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExecutionLog } from "../../src/calibrate/slow-stretches.js";
import { gapPairs, persistentShare, priorFrom, shrinkTurnaround, type GapPair, type TurnaroundPriorFile } from "../../src/calibrate/turnaround-prior.js";

const prior = (weight: number, fits: [string, number, number][]): TurnaroundPriorFile => ({
  schema: "servesim.turnaround-prior/v1",
  weight,
  weightFrom: "test",
  fits: fits.map(([run, baseUs, perRequestUs]) => ({ run, baseUs, perRequestUs })),
});
const FLEET: [string, number, number][] = [
  ["a", 30, 10],
  ["b", 50, 20],
  ["c", 70, 30],
  ["own", 200, 60],
];

describe("the prior", () => {
  it("is each coefficient's median over the other starts: a start is not its own prior", () => {
    expect(priorFrom(prior(0.5, FLEET), "own")).toEqual({ baseUs: 50, perRequestUs: 20, starts: 3 });
    expect(priorFrom(prior(0.5, FLEET), "a")).toEqual({ baseUs: 70, perRequestUs: 30, starts: 3 });
    expect(priorFrom(prior(0.5, FLEET), "new start")).toEqual({ baseUs: 60, perRequestUs: 25, starts: 4 });
    expect(() => priorFrom(prior(0.5, [["own", 1, 1]]), "own")).toThrow(/no start other than own/);
  });
});

describe("shrinking a start's turnaround", () => {
  const own = { baseUs: 200, perRequestUs: 60, measuredFrom: "composition-own (x, 5 saturated levels)" };

  it("keeps the own fit at weight 1 and takes the others' median at weight 0, and records both", () => {
    const one = shrinkTurnaround(own, "own", prior(1, FLEET));
    expect([one.baseUs, one.perRequestUs]).toEqual([200, 60]);
    const zero = shrinkTurnaround(own, "own", prior(0, FLEET));
    expect([zero.baseUs, zero.perRequestUs]).toEqual([50, 20]);
    expect(zero.own).toEqual({ baseUs: 200, perRequestUs: 60 });
    expect(zero.prior).toEqual({ baseUs: 50, perRequestUs: 20, weight: 0, starts: 3 });
    expect(zero.measuredFrom).toMatch(/shrunk toward 3 other starts \(weight 0\)/);
  });

  it("lands between the own fit and the prior, the weight's share of the way from the prior", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (w, b, p) => {
        const t = shrinkTurnaround({ baseUs: b, perRequestUs: p }, "own", prior(w, FLEET));
        expect(t.baseUs).toBeGreaterThanOrEqual(Math.min(b, 50) - 0.05);
        expect(t.baseUs).toBeLessThanOrEqual(Math.max(b, 50) + 0.05);
        expect(t.baseUs).toBeCloseTo(w * b + (1 - w) * 50, 1);
        expect(t.perRequestUs).toBeCloseTo(w * p + (1 - w) * 20, 2);
      }),
    );
  });
});

describe("the weight: how much of a start's first reading its second keeps", () => {
  const starts = (xs: [number, number][]): GapPair[][] => xs.map(([firstUs, secondUs]) => [{ requests: 16, firstUs, secondUs }]);

  it("is 1 when the second reading repeats the first, even scaled (a tool's constant offset)", () => {
    expect(persistentShare(starts([[600, 600], [900, 900], [1400, 1400]]))).toBeCloseTo(1, 10);
    expect(persistentShare(starts([[600, 720], [900, 1080], [1400, 1680]]))).toBeCloseTo(1, 10);
  });

  it("is 0 when the second reading keeps nothing of the first, and never below 0", () => {
    expect(persistentShare(starts([[600, 1000], [900, 1000], [1400, 1000]]))).toBe(0);
    expect(persistentShare(starts([[600, 1400], [900, 1000], [1400, 600]]))).toBe(0);
  });

  it("is the covariance over the first reading's variance: noise on the first alone halves it at equal variance", () => {
    // first = true · noise, second = true; true and noise log-symmetric with equal spread
    const xs: [number, number][] = [];
    for (const t of [0.8, 1.25]) for (const e of [0.8, 1.25]) xs.push([1000 * t * e, 1000 * t]);
    expect(persistentShare(starts(xs))).toBeCloseTo(0.5, 10);
  });

  it("pools request counts, and needs three starts whose first readings differ", () => {
    const two: GapPair[][] = [
      [{ requests: 8, firstUs: 400, secondUs: 400 }, { requests: 16, firstUs: 800, secondUs: 800 }],
      [{ requests: 8, firstUs: 500, secondUs: 500 }, { requests: 16, firstUs: 900, secondUs: 900 }],
      [{ requests: 8, firstUs: 450, secondUs: 450 }, { requests: 16, firstUs: 700, secondUs: 700 }],
    ];
    expect(persistentShare(two)).toBeCloseTo(1, 10);
    expect(() => persistentShare(starts([[600, 600], [900, 900]]))).toThrow(/three or more starts/);
    expect(() => persistentShare(starts([[0, 600], [900, 900], [1, 1]]))).toThrow(/positive/);
  });
});

describe("reading the gaps from a calibration model's log", () => {
  /** Two runs 2 s apart: executions of n requests, each lasting durUs, separated by gapUs (per run). */
  function log(runs: { n: number; count: number; durUs: number; gapUs: number }[][]): ExecutionLog {
    const start: number[] = [];
    const dur: number[] = [];
    const samples: number[] = [];
    let t = 0;
    for (const run of runs) {
      for (const { n, count, durUs, gapUs } of run) {
        for (let k = 0; k < count; k++) {
          start.push(t);
          dur.push(durUs);
          samples.push(n);
          t += durUs + gapUs;
        }
      }
      t += 2e6;
    }
    return { startUs: Float64Array.from(start), durationUs: Float64Array.from(dur), samples: Int32Array.from(samples) };
  }

  it("pairs the last two runs' gaps after executions of 8 and 16 requests, left out where one run lacks them", () => {
    const l = log([
      [{ n: 1, count: 50, durUs: 700, gapUs: 150 }],
      [{ n: 8, count: 40, durUs: 1400, gapUs: 500 }, { n: 16, count: 40, durUs: 2100, gapUs: 900 }],
      [{ n: 8, count: 40, durUs: 1400, gapUs: 600 }, { n: 16, count: 10, durUs: 2100, gapUs: 1000 }],
    ]);
    expect(gapPairs(l)).toEqual([{ requests: 8, firstUs: 500, secondUs: 600 }]);
    expect(gapPairs(log([[{ n: 8, count: 40, durUs: 1400, gapUs: 500 }]]))).toEqual([]);
  });
});
