// The idle stretch from idle-gap sweeps (calibration/server/idle_sweep.py, servesim.idle/v1): for one
// model, each gap's mean compute time per execution over the back-to-back one (the first gap) in the
// same pass, averaged over passes, at the passes' mean idle time. Passes are compared only with
// themselves, so drift between them does not read as an idle effect.
import { z } from "zod";
import type { IdlePoint } from "../compute/profile.js";

const IdleRow = z.looseObject({
  gapUs: z.number().nonnegative(),
  idleUs: z.number(),
  executions: z.number().int().positive(),
  computeInputUs: z.number().nonnegative(),
  computeInferUs: z.number().nonnegative(),
  computeOutputUs: z.number().nonnegative(),
});
export const IdleSweep = z.looseObject({
  schema: z.literal("servesim.idle/v1"),
  models: z.record(z.string(), z.array(IdleRow).min(2)),
});
export type IdleSweep = z.infer<typeof IdleSweep>;

export function idlePoints(sweeps: readonly IdleSweep[], model: string): IdlePoint[] {
  if (sweeps.length === 0) throw new Error("no idle sweep given");
  const passes = sweeps.map((s, k) => {
    const rows = s.models[model];
    if (rows === undefined) throw new Error(`idle sweep ${k + 1} has no model "${model}" (it has ${Object.keys(s.models).join(", ")})`);
    return [...rows].sort((a, b) => a.gapUs - b.gapUs);
  });
  const gaps = passes[0]!.map((r) => r.gapUs);
  for (const [k, rows] of passes.entries()) {
    if (rows.length !== gaps.length || rows.some((r, i) => r.gapUs !== gaps[i])) throw new Error(`idle sweep ${k + 1} measured other gaps than the first`);
  }
  const compute = (r: z.infer<typeof IdleRow>): number => r.computeInputUs + r.computeInferUs + r.computeOutputUs;
  const points = gaps.map((_, i) => ({
    idleUs: passes.reduce((a, rows) => a + rows[i]!.idleUs, 0) / passes.length,
    factor: passes.reduce((a, rows) => a + compute(rows[i]!) / compute(rows[0]!), 0) / passes.length,
  }));
  // increasing idle times (a noisy pass could cross two neighbouring gaps): keep the first of a tie
  const out: IdlePoint[] = [];
  for (const p of points) if (out.length === 0 || p.idleUs > out[out.length - 1]!.idleUs) out.push({ idleUs: Math.round(p.idleUs), factor: Number(p.factor.toFixed(4)) });
  return out;
}
