// Figure (c4): configurations and levels measured on several runs (validate's acrossRepeats), one row
// each: every run's measured p50 and p99 (ms), their median, and the median prediction. A prediction
// far from the median while the runs sit close together is the model's miss; runs spread wide around
// a prediction near their median are the host's, which no prediction made before a run removes.
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import { OKABE_ITO, PANEL_HEIGHT_PX, PANEL_WIDTH_PX, REPORT_CONFIG, VEGA_LITE_SCHEMA } from "./style.js";
import type { AcrossRepeatsInput, ValidatePoint } from "./validate-input.js";

export const REPEAT_KINDS = ["one run, measured", "median measured", "median predicted"] as const;

export interface RepeatRow {
  readonly group: string;
  readonly statistic: "p50" | "p99";
  readonly kind: (typeof REPEAT_KINDS)[number];
  readonly run: string;
  readonly latencyMs: number;
}

/** A group's label: model and level. */
function labelOf(g: AcrossRepeatsInput["groups"][number]): string {
  return `${g.model} @ ${g.mode === "rate" ? `${g.load}/s` : `${g.load} clients`}`;
}

/** Per group and statistic: each run's measurement (joined from the points), the median measurement and
 *  the median prediction; figures that are missing are left out. */
export function repeatRows(points: readonly ValidatePoint[], repeats: AcrossRepeatsInput): RepeatRow[] {
  const rows: RepeatRow[] = [];
  for (const g of repeats.groups) {
    const group = labelOf(g);
    for (const statistic of ["p50", "p99"] as const) {
      const key = statistic === "p50" ? "p50Us" : "p99Us";
      for (const run of g.runs) {
        const p = points.find((q) => q.run === run && q.model === g.model && q.mode === g.mode && q.load === g.load);
        const us = p?.measured[key];
        if (us !== undefined && us !== null) rows.push({ group, statistic, kind: REPEAT_KINDS[0], run, latencyMs: usToMs(us) });
      }
      const med = g.measured[key];
      if (med !== null) rows.push({ group, statistic, kind: REPEAT_KINDS[1], run: `${g.runs.length} runs`, latencyMs: usToMs(med) });
      const pred = g.predicted[key];
      if (pred !== null) rows.push({ group, statistic, kind: REPEAT_KINDS[2], run: `${g.runs.length} runs`, latencyMs: usToMs(pred) });
    }
  }
  return rows;
}

const fmt = (x: number | null): string => (x === null ? "–" : x.toFixed(1));

/** Each run predicted by the other runs' median against the model's own error on the same points. */
function looText(repeats: AcrossRepeatsInput): string {
  const l = repeats.leaveOneOut;
  const p = repeats.pointError;
  if (l === undefined || p === undefined) return "";
  return `each run predicted by the other runs' median: p50 ${fmt(l.p50.medianAbsPct)} %, p99 ${fmt(l.p99.medianAbsPct)} % (the model on the same points: ${fmt(p.p50.medianAbsPct)} %, ${fmt(p.p99.medianAbsPct)} %); `;
}

/** null when validate found no configuration measured on enough runs. */
export function validateRepeatsFigure(points: readonly ValidatePoint[], repeats: AcrossRepeatsInput | undefined, profileText: string): Figure | null {
  if (repeats === undefined || repeats.groups.length === 0) return null;
  const rows = repeatRows(points, repeats);
  const groups = repeats.groups.map(labelOf);
  const y = { field: "group", type: "nominal" as const, sort: groups, title: null, axis: { labelLimit: 260 } };
  const panel = (statistic: "p50" | "p99") => ({
    width: PANEL_WIDTH_PX,
    height: Math.max(Math.round(PANEL_HEIGHT_PX * 0.6), 16 * groups.length),
    title: `${statistic} latency (ms)`,
    data: { values: rows.filter((r) => r.statistic === statistic) },
    mark: { type: "point" as const, size: 60, strokeWidth: 1.5 },
    encoding: {
      x: { field: "latencyMs", type: "quantitative" as const, scale: { type: "log" as const }, title: `${statistic} latency (ms, log scale)` },
      y,
      color: {
        field: "kind",
        type: "nominal" as const,
        scale: { domain: [...REPEAT_KINDS], range: [OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.vermillion] },
        legend: { title: null },
      },
      shape: { field: "kind", type: "nominal" as const, scale: { domain: [...REPEAT_KINDS], range: ["circle", "diamond", "triangle-up"] }, legend: { title: null } },
      fill: { field: "kind", type: "nominal" as const, scale: { domain: [...REPEAT_KINDS], range: ["transparent", OKABE_ITO.black, OKABE_ITO.vermillion] }, legend: { title: null } },
      tooltip: [
        { field: "group", type: "nominal" as const, title: "configuration" },
        { field: "kind", type: "nominal" as const },
        { field: "run", type: "nominal" as const },
        { field: "latencyMs", type: "quantitative" as const, title: "ms", format: ".2f" },
      ],
    },
  });
  const m = repeats.medianError;
  const s = repeats.spread;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Repeated measurements: the runs' spread against the model's miss",
      subtitle: subtitleLines([
        `${groups.length} configurations and levels one tool measured on ${repeats.minRuns} or more runs; median absolute error of the median prediction against the median measurement: p50 ${fmt(m.p50.medianAbsPct)} %, p99 ${fmt(m.p99.medianAbsPct)} %; each run against that median: p50 ${fmt(s.p50.medianAbsPct)} %, p99 ${fmt(s.p99.medianAbsPct)} %; ${looText(repeats)}${profileText}`,
      ]),
    },
    hconcat: [panel("p50"), panel("p99")],
    resolve: { scale: { color: "shared", shape: "shared", y: "shared" } },
  };
  return {
    name: "validate-repeats",
    title: "Repeated measurements against the model",
    description: `${groups.length} configurations and levels measured on ${repeats.minRuns} or more runs: each run's measured p50 and p99 latency (ms, hollow circles), their median (diamond) and the median prediction (triangle).`,
    spec,
  };
}
