// Laws of the speed-margin counts: every point is accepted or rejected once per SLO, the levels measured
// within an SLO are split between the two, a prediction that never lies below another covers at least
// as many measurements and accepts no more levels, and a worked example.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RegretResult } from "../../src/validate/regret.js";
import { boundOf, marginRegret, speedMarginReport, verdictsOf } from "../../src/validate/speed-margin.js";
import type { PointComparison } from "../../src/validate/validate.js";

/** A point with only what the counts read: profile, measured, predicted and slower-server p99 (µs). */
function point(profile: string, measuredUs: number, predictedUs: number, marginUs: number | undefined, inSample = false): PointComparison {
  const m = (p99Us: number) => ({ throughputPerS: 1000, p50Us: p99Us / 2, p90Us: p99Us * 0.9, p99Us, breakdownUs: {} });
  return {
    profile,
    inSample,
    measured: m(measuredUs),
    predicted: m(predictedUs),
    ...(marginUs === undefined ? {} : { marginPredicted: m(marginUs) }),
  } as unknown as PointComparison;
}

const us = fc.integer({ min: 100, max: 40_000 });

describe("speed-margin counts", () => {
  it("split every point once per SLO, and the measured-within levels between yes and no", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(us, us, us), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }), (xs, slos) => {
        const ps = xs.map(([a, b, c]) => point("p", a, b, c));
        for (const v of verdictsOf(ps, slos)) {
          const within = xs.filter(([a]) => a <= v.sloMs * 1000).length;
          for (const c of [v.plain, v.margin]) {
            expect(c.accepted + c.rejected).toBe(ps.length);
            expect(c.acceptedHeld + c.rejectedHeld).toBe(within);
            expect(c.acceptedHeld).toBeLessThanOrEqual(c.accepted);
          }
        }
      }),
    );
  });

  it("a prediction never below another covers at least as many measurements and accepts no more levels", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(us, us, fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 40 }), (xs, slo) => {
        const ps = xs.map(([a, b, extra]) => point("p", a, b, b + extra));
        const b = boundOf(ps);
        expect(b.marginCovers).toBeGreaterThanOrEqual(b.plainCovers);
        const [v] = verdictsOf(ps, [slo]);
        expect(v!.margin.accepted).toBeLessThanOrEqual(v!.plain.accepted);
        expect(v!.margin.rejectedHeld).toBeGreaterThanOrEqual(v!.plain.rejectedHeld);
      }),
    );
  });

  it("a worked example, split by host episodes; points without a slower prediction or a measured p99 are not counted", () => {
    const ps = [
      point("quiet", 4000, 4500, 4900, true), // in sample; covered by both; within 5 ms, accepted by both
      point("quiet", 4800, 4600, 5300), // covered by the margin only; within 5 ms, plain says yes, margin no
      point("stalling", 12_000, 4000, 4400), // covered by neither; over 5 and 10 ms, both say yes: wrong yes
      point("stalling", 3000, 3500, undefined), // no slower prediction: left out
      point("quiet", Number.NaN, 3500, 3900), // no measured p99 (missing from its CSV): left out
    ];
    const r = speedMarginReport(ps, 10, [5, 10], new Set(["stalling"]));
    expect(r.bound.all).toEqual({ n: 3, plainCovers: 1, marginCovers: 2 });
    expect(r.bound.heldOut).toEqual({ n: 2, plainCovers: 0, marginCovers: 1 });
    expect(r.verdicts.heldOut[0]).toEqual({ sloMs: 5, points: 2, plain: { accepted: 2, acceptedHeld: 1, rejected: 0, rejectedHeld: 0 }, margin: { accepted: 1, acceptedHeld: 0, rejected: 1, rejectedHeld: 1 } });
    expect(r.bound.noEpisodes).toEqual({ n: 2, plainCovers: 1, marginCovers: 2 });
    expect(r.bound.recurringEpisodes).toEqual({ n: 1, plainCovers: 0, marginCovers: 0 });
    const [five, ten] = r.verdicts.all;
    expect(five).toEqual({ sloMs: 5, points: 3, plain: { accepted: 3, acceptedHeld: 2, rejected: 0, rejectedHeld: 0 }, margin: { accepted: 2, acceptedHeld: 1, rejected: 1, rejectedHeld: 1 } });
    expect(ten).toEqual({ sloMs: 10, points: 3, plain: { accepted: 3, acceptedHeld: 2, rejected: 0, rejectedHeld: 0 }, margin: { accepted: 3, acceptedHeld: 2, rejected: 0, rejectedHeld: 0 } });
    expect(r.verdicts.noEpisodes[0]).toEqual({ sloMs: 5, points: 2, plain: { accepted: 2, acceptedHeld: 2, rejected: 0, rejectedHeld: 0 }, margin: { accepted: 1, acceptedHeld: 1, rejected: 1, rejectedHeld: 1 } });
  });

  it("regret with the margin: per SLO, the groups' lost fractions summed, and the groups that lose nothing", () => {
    const r = (sloMs: number, lostFraction: number): RegretResult => ({ sloMs, lostFraction, picked: "a", best: "b", pickedMeasuredPerS: 0, bestMeasuredPerS: 0, lostPerS: 0 });
    const plain = [r(5, 0.5), r(10, 0), r(5, 0), r(10, 0.1)];
    const margin = [r(5, 0.25), r(10, 0.2), r(5, 0), r(10, 0.1)];
    expect(marginRegret([5, 10], plain, margin)).toEqual([
      { sloMs: 5, groups: 2, plainLostPct: 50, marginLostPct: 25, plainNoLoss: 1, marginNoLoss: 1 },
      { sloMs: 10, groups: 2, plainLostPct: 10, marginLostPct: 30, plainNoLoss: 1, marginNoLoss: 0 },
    ]);
  });

  it("with bootstrap options, each yes-held share gets its interval over profiles; without, none", () => {
    // two profiles whose yes verdicts always hold and one whose yes never does
    const ps = ["a", "b", "c"].flatMap((profile) => [1, 2, 3].map(() => point(profile, profile === "c" ? 12_000 : 4000, 4500, 4900)));
    const [plainOnly] = verdictsOf(ps, [10]);
    expect(plainOnly!.heldPctInterval).toBeUndefined();
    const [v] = verdictsOf(ps, [10], { seed: "1", reps: 500, level: 0.95 });
    expect(v!.plain.acceptedHeld / v!.plain.accepted).toBeCloseTo(2 / 3, 9);
    // a resample draws "c" 0 to 3 times of 3: its share of yes that held is then 100, 67, 33 or 0 %
    for (const i of [v!.heldPctInterval!.plain, v!.heldPctInterval!.margin]) {
      expect(i.lowPct).toBeGreaterThanOrEqual(0);
      expect(i.lowPct).toBeLessThan(50);
      expect(i.highPct).toBe(100);
    }
    const [again] = verdictsOf(ps, [10], { seed: "1", reps: 500, level: 0.95 });
    expect(again).toEqual(v);
  });
});
