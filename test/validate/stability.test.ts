// perf_analyzer's stability rule (metrics/stability.ts), the one copy every measurement uses: laws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreeWithin, windowsAgree, withinStability } from "../../src/metrics/stability.js";

const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });

describe("stability rule", () => {
  it("is max / min ≤ 1 + pct / 100: true at the bound, false just past it", () => {
    expect(withinStability(100, 110, 10)).toBe(true);
    expect(withinStability(100, 110.01, 10)).toBe(false);
    expect(agreeWithin([105, 100, 110], 10)).toBe(true);
    expect(agreeWithin([100, 111], 10)).toBe(false);
  });

  it("never agrees on an empty set or on a value ≤ 0", () => {
    expect(agreeWithin([], 10)).toBe(false);
    expect(agreeWithin([0, 0, 0], 10)).toBe(false);
    expect(agreeWithin([-1, 1, 1], 50)).toBe(false);
  });

  it("does not depend on the order or the scale of the values", () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 6 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true }), (xs, k, pct) => {
        const base = agreeWithin(xs, pct);
        expect(agreeWithin([...xs].reverse(), pct)).toBe(base);
        // scaling can only move the ratio by rounding; away from the bound the verdict stays
        const ratio = Math.max(...xs) / Math.min(...xs);
        if (Math.abs(ratio - (1 + pct / 100)) > 1e-9) expect(agreeWithin(xs.map((x) => x * k), pct)).toBe(base);
      }),
    );
  });

  it("a wider tolerance never turns agreement into disagreement; windows agree only when both measures do", () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 6 }), fc.array(positive, { minLength: 1, maxLength: 6 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (t, l, pct) => {
        if (agreeWithin(t, pct)) expect(agreeWithin(t, pct * 2)).toBe(true);
        expect(windowsAgree(t, l, pct)).toBe(agreeWithin(t, pct) && agreeWithin(l, pct));
      }),
    );
  });
});
