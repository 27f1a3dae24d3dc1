// Decision regret: for a latency SLO, the configuration the model would pick (most predicted throughput
// with predicted latency within the SLO) against the best measured one (most measured throughput with
// measured latency within the SLO), and the measured throughput lost by trusting the model; per group
// of runs (a profile and a client batch size), with the plain prediction or another (a slower server's).
import type { PointComparison } from "./compare-run.js";
import type { PointMetrics } from "./measured.js";

export interface RegretPoint {
  readonly run: string;
  readonly throughputMeasured: number;
  readonly throughputPredicted: number;
  readonly latencyMeasuredUs: number;
  readonly latencyPredictedUs: number;
}

export interface RegretResult {
  readonly sloMs: number;
  /** Run the model picks (null when it predicts nothing meets the SLO). */
  readonly picked: string | null;
  /** Best measured run (null when nothing measured meets the SLO). */
  readonly best: string | null;
  /** Measured throughput the picked run achieves within the SLO (0 if none of its points do). */
  readonly pickedMeasuredPerS: number;
  readonly bestMeasuredPerS: number;
  /** bestMeasuredPerS − pickedMeasuredPerS, and as a fraction of the best. */
  readonly lostPerS: number;
  readonly lostFraction: number;
}

/** Highest throughput among points whose latency is within the bound, per run. */
function bestPerRun(points: readonly RegretPoint[], boundUs: number, which: "measured" | "predicted"): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points) {
    const lat = which === "measured" ? p.latencyMeasuredUs : p.latencyPredictedUs;
    const thr = which === "measured" ? p.throughputMeasured : p.throughputPredicted;
    if (!(lat <= boundUs)) continue;
    if (thr > (out.get(p.run) ?? -1)) out.set(p.run, thr);
  }
  return out;
}

function argmax(m: Map<string, number>): string | null {
  let best: string | null = null;
  let v = -Infinity;
  for (const [k, x] of [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (x > v) {
      v = x;
      best = k;
    }
  }
  return best;
}

export function decisionRegret(points: readonly RegretPoint[], sloMs: number): RegretResult {
  const boundUs = sloMs * 1000;
  const measured = bestPerRun(points, boundUs, "measured");
  const predicted = bestPerRun(points, boundUs, "predicted");
  const picked = argmax(predicted);
  const best = argmax(measured);
  const bestMeasuredPerS = best === null ? 0 : measured.get(best)!;
  const pickedMeasuredPerS = picked === null ? 0 : (measured.get(picked) ?? 0);
  const lostPerS = Math.max(0, bestMeasuredPerS - pickedMeasuredPerS);
  return { sloMs, picked, best, pickedMeasuredPerS, bestMeasuredPerS, lostPerS, lostFraction: bestMeasuredPerS > 0 ? lostPerS / bestMeasuredPerS : 0 };
}

/** Regret per group of points (same profile and client batch size) and SLO, the model's picks made on
 *  `prediction` (default: the plain one); groups in first-seen order. */
export function regretByGroup(
  points: readonly PointComparison[],
  sloMs: readonly number[],
  prediction: (p: PointComparison) => PointMetrics = (p) => p.predicted,
): (RegretResult & { readonly group: string })[] {
  const groups = new Map<string, PointComparison[]>();
  for (const p of points) {
    const g = `${p.profile} -b ${p.batchSize}`;
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [p]);
    else list.push(p);
  }
  return [...groups.entries()].flatMap(([group, ps]) =>
    sloMs.map((slo) => ({
      group,
      ...decisionRegret(
        ps.map((p) => ({
          run: p.run,
          throughputMeasured: p.measured.throughputPerS,
          throughputPredicted: prediction(p).throughputPerS,
          latencyMeasuredUs: p.measured.p99Us,
          latencyPredictedUs: prediction(p).p99Us,
        })),
        slo,
      ),
    })),
  );
}
