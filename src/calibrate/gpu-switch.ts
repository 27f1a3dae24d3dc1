// The GPU switch cost of co-located instances that take turns on the GPU, from calibration probes. A
// single client sends one request at a time; Triton hands each to the next instance in turn, so on a
// k-instance model every execution takes over the GPU from another instance's process (its CUDA context),
// while on the one-instance model it follows its own. The switch cost is the median, over every batch
// size probed on both and every k > 1, of the k-instance probe's mean infer time less the one-instance
// probe's (clamped at 0). It grows with k (the 4-instance median exceeds the 2-instance one on 30 of 38
// H100 BERT-Base calibrations and on all 7 BERT-Large ones: scripts/switch-by-instances.mjs), so the
// median at each k is kept too. Several calibration passes pool their differences.
import { median } from "simple-statistics";
import { z } from "zod";
import type { GpuSharing } from "../compute/profile.js";

/** What the fit needs of a calibration result (or of its --raw JSON). */
export interface SwitchProbes {
  readonly models: readonly { readonly name: string; readonly totalInstances: number }[];
  readonly probes: readonly { readonly model: string; readonly batchSize: number; readonly computeInferUs: { readonly mean: number } }[];
}

/** SwitchProbes, checked at the edge (a --raw JSON or its models and probes). */
export const SwitchProbesSchema = z.object({
  models: z.array(z.object({ name: z.string(), totalInstances: z.number().int().positive() })).min(1),
  probes: z.array(z.object({ model: z.string(), batchSize: z.number().int().positive(), computeInferUs: z.object({ mean: z.number().nonnegative() }) })),
}) satisfies z.ZodType<SwitchProbes>;

export interface SwitchFit {
  readonly sharing: GpuSharing;
  /** (k-instance model, batch size) pairs behind the median. */
  readonly pairs: number;
}

/** One k-instance probe's infer less the one-instance probe's at its batch size (µs). */
export interface SwitchDifference {
  readonly instances: number;
  readonly us: number;
}

/** Differences between k-instance and one-instance probes, batch size by batch size. */
export function switchDifferences(cal: SwitchProbes): SwitchDifference[] {
  const instances = new Map(cal.models.map((m) => [m.name, m.totalInstances]));
  const single = new Map<number, number>();
  for (const p of cal.probes) if (instances.get(p.model) === 1 && !single.has(p.batchSize)) single.set(p.batchSize, p.computeInferUs.mean);
  const out: SwitchDifference[] = [];
  for (const p of cal.probes) {
    const k = instances.get(p.model) ?? 1;
    const one = single.get(p.batchSize);
    if (k > 1 && one !== undefined) out.push({ instances: k, us: p.computeInferUs.mean - one });
  }
  return out;
}

const switchOf = (diffs: readonly SwitchDifference[]): number => Math.max(0, Math.round(median(diffs.map((d) => d.us))));

/** Turn-taking with the switch cost measured by these passes; null when no pass probed a model with
 *  several instances and the one-instance model at a common batch size. */
export function fitGpuSwitch(passes: readonly SwitchProbes[], measuredFrom: string): SwitchFit | null {
  const diffs = passes.flatMap(switchDifferences);
  if (diffs.length === 0) return null;
  const counts = [...new Set(diffs.map((d) => d.instances))].sort((a, b) => a - b);
  const byInstances = counts.map((k) => ({ instances: k, switchUs: switchOf(diffs.filter((d) => d.instances === k)) }));
  return {
    sharing: { mode: "turns", switchUs: switchOf(diffs), byInstances, measuredFrom: `${measuredFrom}: ${diffs.length} probe pairs` },
    pairs: diffs.length,
  };
}
