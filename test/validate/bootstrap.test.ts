// Laws of the cluster bootstrap behind validate's "how sure" figures: the interval is ordered and lies
// within the errors (or the clusters' shares); it ignores the order of the points; it collapses when
// resampling cannot change the pooled figure (one cluster, or clusters alike); it is a function of the seed.
import fc from "fast-check";
import { median } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { clusterBootstrap, clusterShareInterval, METRICS, type ClusteredErrors } from "../../src/validate/bootstrap.js";

const OPTS = { seed: "1", reps: 200, level: 0.95 } as const;
const err = fc.double({ min: -80, max: 80, noNaN: true });
const point = (cluster: string, e: number): ClusteredErrors => ({ cluster, errorPct: { throughput: e, p50: e / 2, p90: -e, p99: 2 * e } });
const points = fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "e"), err), { minLength: 1, maxLength: 40 }).map((xs) => xs.map(([c, e]) => point(c, e)));

describe("clusterBootstrap", () => {
  it("gives an ordered interval within the smallest and largest absolute error", () => {
    fc.assert(
      fc.property(points, (ps) => {
        const row = clusterBootstrap(ps, OPTS);
        for (const m of METRICS) {
          const abs = ps.map((p) => Math.abs(p.errorPct[m]));
          const { lowPct, highPct } = row.intervals[m];
          expect(lowPct).toBeLessThanOrEqual(highPct);
          expect(lowPct).toBeGreaterThanOrEqual(Math.min(...abs));
          expect(highPct).toBeLessThanOrEqual(Math.max(...abs));
        }
        expect(row.points).toBe(ps.length);
        expect(row.clusters).toBe(new Set(ps.map((p) => p.cluster)).size);
      }),
      { numRuns: 60 },
    );
  });

  it("does not depend on the order of the points", () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 0, max: 1000 }), (ps, k) => {
        const shuffled = ps.map((p, i) => [((i + 1) * (k + 7919)) % 104729, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
        expect(clusterBootstrap(shuffled, OPTS)).toEqual(clusterBootstrap(ps, OPTS));
      }),
      { numRuns: 40 },
    );
  });

  it("collapses to the median when resampling cannot change the pooled errors", () => {
    fc.assert(
      fc.property(fc.array(err, { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 6 }), (es, copies) => {
        // one cluster: every resample is that cluster
        const one = clusterBootstrap(es.map((e) => point("only", e)), OPTS);
        expect(one.intervals.throughput.lowPct).toBeCloseTo(median(es.map(Math.abs)), 9);
        expect(one.intervals.throughput.highPct).toBeCloseTo(median(es.map(Math.abs)), 9);
        // identical clusters: every resample pools copies of the same multiset, whose median is the same
        const same = clusterBootstrap(
          Array.from({ length: copies }, (_, c) => es.map((e) => point(`c${c}`, e))).flat(),
          OPTS,
        );
        expect(same.intervals.p99.lowPct).toBeCloseTo(median(es.map((e) => Math.abs(2 * e))), 9);
        expect(same.intervals.p99.highPct).toBeCloseTo(median(es.map((e) => Math.abs(2 * e))), 9);
      }),
      { numRuns: 40 },
    );
  });

  it("is a function of the seed, and widens with the clusters' disagreement", () => {
    // four clusters at 1 % and four at 9 %: the pooled median can land anywhere between
    const split = [..."abcd"].flatMap((c) => [point(c, 1), point(c, 1)]).concat([..."efgh"].flatMap((c) => [point(c, 9), point(c, 9)]));
    const a = clusterBootstrap(split, OPTS);
    expect(clusterBootstrap(split, OPTS)).toEqual(a);
    expect(a.intervals.throughput.lowPct).toBeLessThan(3);
    expect(a.intervals.throughput.highPct).toBeGreaterThan(7);
    // the same errors spread evenly within every cluster: each resample has the same median
    const mixed = [..."abcdefgh"].flatMap((c) => [point(c, 1), point(c, 9)]);
    const b = clusterBootstrap(mixed, OPTS);
    expect(b.intervals.throughput.lowPct).toBe(5);
    expect(b.intervals.throughput.highPct).toBe(5);
  });

  it("skips non-finite errors and rejects bad options", () => {
    const ps = [point("a", 4), { cluster: "b", errorPct: { throughput: Number.NaN, p50: 1, p90: 1, p99: 1 } }];
    expect(clusterBootstrap(ps, OPTS).intervals.throughput).toEqual({ lowPct: 4, highPct: 4 });
    expect(clusterBootstrap([], OPTS).intervals.p50.lowPct).toBeNaN();
    expect(() => clusterBootstrap(ps, { ...OPTS, reps: 0 })).toThrow(/reps/);
    expect(() => clusterBootstrap(ps, { ...OPTS, level: 1 })).toThrow(/level/);
  });

  it("a share's interval lies within the clusters' own shares and collapses when they all agree", () => {
    const cluster = fc.integer({ min: 0, max: 30 }).chain((n) => fc.record({ k: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 1, maxLength: 12 }), (cs) => {
        const i = clusterShareInterval(cs, OPTS, "s");
        const live = cs.filter((c) => c.n > 0);
        if (live.length === 0) {
          expect(i.lowPct).toBeNaN();
          return;
        }
        const shares = live.map((c) => (100 * c.k) / c.n);
        expect(i.lowPct).toBeLessThanOrEqual(i.highPct);
        expect(i.lowPct).toBeGreaterThanOrEqual(Math.min(...shares) - 1e-9);
        expect(i.highPct).toBeLessThanOrEqual(Math.max(...shares) + 1e-9);
        expect(clusterShareInterval(cs, OPTS, "s")).toEqual(i); // a function of the seed and the stream
      }),
      { numRuns: 60 },
    );
    expect(clusterShareInterval([{ k: 9, n: 10 }, { k: 18, n: 20 }, { k: 0, n: 0 }], OPTS, "s")).toEqual({ lowPct: 90, highPct: 90 });
    // one profile that always fails among nine that always hold: the share moves with how often it is drawn
    const mixed = clusterShareInterval([...Array.from({ length: 9 }, () => ({ k: 10, n: 10 })), { k: 0, n: 10 }], { ...OPTS, reps: 2000 }, "s");
    expect(mixed.lowPct).toBeLessThan(90);
    expect(mixed.highPct).toBe(100);
  });
});
