// An execution log's ordinary scatter as an additive jitter: fitted from a log it gives back the
// jitter the log was made with (slow stretches left out), and drawn in the simulator it keeps each batch
// size's mean while reproducing the jitter's quantiles.
import { describe, expect, it } from "vitest";
import { fitExecutionJitter, type ExecutionLog } from "../../src/calibrate/slow-stretches.js";
import { ComputePhase, ComputeTables } from "../../src/compute/compute-model.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { ExecutionJitter } from "../../src/compute/profile.js";
import { RandomStream } from "../../src/kernel/rng.js";

/** n executions cycling through batch sizes 1, 8, 32 (means 700, 1000, 2400 µs) plus `jitter(i)` µs,
 *  200 µs apart; `slow(i)` multiplies execution i. */
function log(n: number, jitter: (i: number) => number, slow: (i: number) => number = () => 1): ExecutionLog {
  const sizes = [1, 8, 32];
  const means = [700, 1000, 2400];
  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n);
  const samples = new Int32Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    startUs[i] = t;
    durationUs[i] = (means[i % 3]! + jitter(i)) * slow(i);
    samples[i] = sizes[i % 3]!;
    t += durationUs[i]! + 200;
  }
  return { startUs, durationUs, samples };
}

/** A deterministic right-skewed jitter: mostly within ±20 µs, 2 % of executions +300 µs. */
const skewed = (i: number): number => (((i * 7919) % 1000) / 1000) * 40 - 20 + ((i * 104729) % 100 < 2 ? 300 : 0);

describe("execution jitter from an execution log", () => {
  it("gives back the jitter the log was made with, around each batch size's median", () => {
    const fit = fitExecutionJitter([log(30_000, skewed)], "synthetic");
    const at = (p: number): number => fit.us[fit.probabilities.indexOf(p)]!;
    expect(Math.abs(at(0.5))).toBeLessThan(2);
    expect(at(0.1)).toBeCloseTo(-16, 0);
    expect(at(0.9)).toBeCloseTo(16, 0);
    expect(at(0.995)).toBeGreaterThan(290);
    expect(() => ExecutionJitter.parse(fit)).not.toThrow();
  });

  it("leaves slow stretches out (they are modelled on their own)", () => {
    const plain = fitExecutionJitter([log(30_000, skewed)], "plain");
    const stretched = fitExecutionJitter([log(30_000, skewed, (i) => (i % 3000 < 90 ? 1.6 : 1))], "stretched");
    for (const p of [0.25, 0.5, 0.75, 0.9]) {
      const i = plain.probabilities.indexOf(p);
      expect(Math.abs(stretched.us[i]! - plain.us[i]!)).toBeLessThan(3);
    }
  });

  it("needs enough executions", () => {
    expect(() => fitExecutionJitter([log(300, skewed)], "short")).toThrow(/at least 1000 executions/);
  });
});

describe("drawing infer times with a jitter", () => {
  const base = parseComputeMs("1=0.7,8=1.0,32=2.4");
  const jitter = { probabilities: [0, 0.5, 0.9, 0.99, 1], us: [-50, 0, 40, 300, 600] };

  it("keeps every batch size's mean and reproduces the jitter's quantiles", () => {
    const t = new ComputeTables({ ...base, executionJitter: jitter }, 32, 1);
    const rng = new RandomStream("7", "jitter");
    for (const b of [1, 8, 32]) {
      const xs = Array.from({ length: 40_000 }, () => t.drawUs(ComputePhase.Infer, b, rng)).sort((x, y) => x - y);
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      const m = t.meanUs(ComputePhase.Infer, b);
      expect(mean / m).toBeCloseTo(1, 2);
      const q = (p: number): number => xs[Math.floor(p * xs.length)]!;
      // the jitter's mean (trapezoids over its quantile function) is shifted out: 0.5·(-50+0)/2 + ...
      const shift = 0.5 * -25 + 0.4 * 20 + 0.09 * 170 + 0.01 * 450;
      expect(q(0.99) - q(0.5)).toBeCloseTo(300, -1);
      expect(q(0.5)).toBeCloseTo(m - shift, -1);
    }
  });

  it("touches the infer phase only: input and output draws are the profile's, jitter or not", () => {
    const withSpread = parseComputeMs("1=0.7,8=1.0,32=2.4");
    const spread = { ...withSpread, compute: withSpread.compute.map((c) => ({ ...c, computeInputUs: { mean: 30, sd: 6 }, computeOutputUs: { mean: 40, sd: 9 } })) };
    const plain = new ComputeTables(spread, 32, 1);
    const jittered = new ComputeTables({ ...spread, executionJitter: jitter }, 32, 1);
    const r1 = new RandomStream("7", "x");
    const r2 = new RandomStream("7", "x");
    for (let i = 0; i < 200; i++) {
      expect(jittered.drawUs(ComputePhase.Input, 8, r1)).toBe(plain.drawUs(ComputePhase.Input, 8, r2));
      expect(jittered.drawUs(ComputePhase.Output, 8, r1)).toBe(plain.drawUs(ComputePhase.Output, 8, r2));
    }
  });
});
