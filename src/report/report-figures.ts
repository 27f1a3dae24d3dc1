// Which figures a report holds, from its inputs: per simulated run the breakdown figure (a), one
// latency-vs-throughput figure (b) over all runs, the validation overlay and scatter (c) and the
// plan's Pareto figure (d). Pure: parsed inputs in, figure specs out, in a fixed order.
import { breakdownFigure } from "./breakdown-figure.js";
import { figureStem, type Figure } from "./figure.js";
import { latencyThroughputFigure, type LabelledRun } from "./latency-throughput-figure.js";
import { paretoFigure } from "./pareto-figure.js";
import type { PlanInput } from "./plan-input.js";
import type { SimulateInput } from "./simulate-input.js";
import type { ValidateInput } from "./validate-input.js";
import { validateOverlayFigure } from "./validate-overlay-figure.js";
import { validateRepeatsFigure } from "./validate-repeats-figure.js";
import { headlineText, validateScatterFigure } from "./validate-scatter-figure.js";
import { validateSpeedFigure } from "./validate-speed-figure.js";

export interface Sourced<T> {
  /** Where it came from, for labels: a file stem or a built-in scenario's name. */
  readonly source: string;
  readonly data: T;
}

export interface ReportInputs {
  readonly simulate: readonly Sourced<SimulateInput>[];
  readonly plan: Sourced<PlanInput> | null;
  readonly validate: Sourced<ValidateInput> | null;
}

/** Run labels: the run's name, or source/name when two inputs share a name. */
export function labelRuns(inputs: readonly Sourced<SimulateInput>[]): LabelledRun[] {
  const all = inputs.flatMap(({ source, data }) => data.runs.map((run) => ({ source, run })));
  const count = new Map<string, number>();
  for (const { run } of all) count.set(run.name, (count.get(run.name) ?? 0) + 1);
  const used = new Set<string>();
  return all.map(({ source, run }) => {
    let label = count.get(run.name)! > 1 ? `${source}/${run.name}` : run.name;
    for (let k = 2; used.has(label); k++) label = `${source}/${run.name} (${k})`;
    used.add(label);
    return { label, run };
  });
}

/** Distinct file stems, in order ("a", "a-2", …). */
export function uniqueStems(texts: readonly string[]): string[] {
  const used = new Set<string>();
  return texts.map((t) => {
    const base = figureStem(t);
    let stem = base;
    for (let k = 2; used.has(stem); k++) stem = `${base}-${k}`;
    used.add(stem);
    return stem;
  });
}

/** The subtitle's note on which calibration the predictions used: up to three profiles by name, more by
 *  count (each run is validated against its own; the validate document lists them), none: the source. */
export function profilesText(profiles: readonly string[], source: string): string {
  if (profiles.length === 0) return source;
  if (profiles.length > 3) return `${profiles.length} profiles, each run's own`;
  return `profile ${profiles.join(", ")}`;
}

export function reportFigures(inputs: ReportInputs): Figure[] {
  const figures: Figure[] = [];
  const runs = labelRuns(inputs.simulate);
  const stems = uniqueStems(runs.map((r) => r.label));
  runs.forEach(({ label, run }, i) => figures.push(breakdownFigure(run, label, stems[i]!)));
  if (runs.length > 0) figures.push(latencyThroughputFigure(runs));
  if (inputs.validate !== null) {
    const v = inputs.validate.data;
    const profiles = v.profiles ?? (v.profile !== undefined ? [v.profile] : []);
    const profileText = profilesText(profiles, inputs.validate.source);
    figures.push(validateOverlayFigure(v.points, profileText));
    figures.push(validateScatterFigure(v.points, profileText, v.speedMargin?.speedMarginPct, headlineText(v)));
    const speed = validateSpeedFigure(v.points, profileText);
    if (speed !== null) figures.push(speed);
    const repeats = validateRepeatsFigure(v.points, v.acrossRepeats, profileText);
    if (repeats !== null) figures.push(repeats);
  }
  if (inputs.plan !== null) figures.push(paretoFigure(inputs.plan.data));
  return figures;
}
