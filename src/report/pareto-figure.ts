// Figure (d): the planner's trade-off. Every screened configuration (faint) by its capacity bound
// (inferences/s) and its SLO statistic at the target load (ms); the Pareto front (lower latency, more
// capacity) highlighted and joined; the recommendation marked; the SLO bound as a dashed rule.
// Points without a finite figure (never stable at the load) cannot be placed and are counted instead.
import type { TopLevelSpec } from "vega-lite";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import type { PlanInput } from "./plan-input.js";
import { wantsLogScale } from "./scale.js";
import { FAINT_GREY, OKABE_ITO, PANEL_HEIGHT_PX, PANEL_WIDTH_PX, REPORT_CONFIG, VEGA_LITE_SCHEMA } from "./style.js";

export const PARETO_CLASSES = ["screened", "unstable at the load", "Pareto front", "recommendation"] as const;
const CLASS_COLORS = [FAINT_GREY, "#E2E2E2", OKABE_ITO.blue, OKABE_ITO.vermillion];

export const CAPACITY_AXIS_TITLE = "capacity bound (inferences/s)";

export function planLoadText(load: PlanInput["load"]): string {
  if (load.kind === "rate") return `${load.requestsPerS} requests/s`;
  if (load.kind === "concurrency") return `concurrency ${load.concurrency}`;
  return "the trace";
}

export function sloAxisTitle(plan: PlanInput): string {
  const stat = plan.slo.statistic === "mean" ? "mean latency" : `${plan.slo.statistic} latency`;
  return `${stat} at ${planLoadText(plan.load)} (ms)`;
}

export function paretoFigure(plan: PlanInput): Figure {
  const placed = plan.points.filter(
    (p): p is typeof p & { sloMs: number; capacityBoundPerS: number } =>
      p.sloMs !== null && p.capacityBoundPerS !== null && Number.isFinite(p.sloMs) && p.sloMs > 0,
  );
  const dropped = plan.points.length - placed.length;
  const rows = placed.map((p) => ({
    key: p.key,
    description: p.description,
    gpus: p.gpus,
    sloMs: p.sloMs,
    capacityBoundPerS: p.capacityBoundPerS,
    throughputPerS: p.throughputPerS,
    class: p.stable ? PARETO_CLASSES[0] : PARETO_CLASSES[1],
  }));
  const front = placed.filter((p) => p.pareto).map((p) => ({ ...p, class: PARETO_CLASSES[2] }));
  const recKey = plan.recommendation?.key;
  const rec = placed.filter((p) => p.key === recKey).map((p) => ({ ...p, class: PARETO_CLASSES[3], label: "recommended" }));
  const logY = wantsLogScale(placed.map((p) => p.sloMs).concat(plan.slo.boundMs));
  // with nothing placeable the axes still need a finite domain
  const empty = placed.length === 0;
  const x = {
    field: "capacityBoundPerS",
    type: "quantitative" as const,
    title: CAPACITY_AXIS_TITLE,
    ...(empty ? { scale: { domain: [0, 1] } } : {}),
  };
  const y = {
    field: "sloMs",
    type: "quantitative" as const,
    title: sloAxisTitle(plan),
    scale: logY ? { type: "log" as const } : { zero: true },
  };
  const color = {
    type: "nominal" as const,
    scale: { domain: [...PARETO_CLASSES], range: CLASS_COLORS },
    legend: { title: null, symbolStrokeWidth: 1.5 },
  };
  const tooltip = [
    { field: "description", type: "nominal" as const, title: "configuration" },
    { field: "sloMs", type: "quantitative" as const, title: `${plan.slo.statistic} ms`, format: ".2f" },
    { field: "capacityBoundPerS", type: "quantitative" as const, title: "capacity bound /s", format: ".0f" },
    { field: "throughputPerS", type: "quantitative" as const, title: "inferences/s", format: ".1f" },
  ];
  const notes = [
    `${plan.points.length} configurations screened${dropped > 0 ? `, ${dropped} not drawn (no finite ${plan.slo.statistic} at the load)` : ""}; ${front.length} on the Pareto front${logY ? "; log latency scale" : ""}`,
    plan.recommendation === null
      ? "no configuration meets the SLO: nothing recommended"
      : rec.length === 0
        ? `recommended: ${plan.recommendation.description} (not among the drawn screened points)`
        : `recommended: ${plan.recommendation.description}`,
  ];
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: { text: `Plan: ${plan.slo.statistic} at the load against capacity`, subtitle: subtitleLines(notes) },
    width: PANEL_WIDTH_PX,
    height: PANEL_HEIGHT_PX,
    layer: [
      {
        data: { values: [{ sloMs: plan.slo.boundMs, text: `SLO ${plan.slo.boundMs} ms` }] },
        mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 1.5, color: OKABE_ITO.black },
        encoding: { y },
      },
      {
        data: { values: [{ sloMs: plan.slo.boundMs, text: `SLO ${plan.slo.boundMs} ms` }] },
        mark: { type: "text", align: "left", baseline: "bottom", x: 4, dy: -3, color: OKABE_ITO.black },
        encoding: { y, text: { field: "text", type: "nominal" } },
      },
      ...(empty
        ? []
        : [
            {
              data: { values: rows },
              mark: { type: "point" as const, filled: true, size: 36, opacity: 0.9 },
              encoding: { x, y, color: { ...color, field: "class" }, tooltip },
            },
          ]),
      ...(front.length === 0
        ? []
        : [
            {
              data: { values: front },
              mark: { type: "line" as const, strokeWidth: 1.5, point: { filled: true, size: 60, opacity: 1 } },
              encoding: { x, y, color: { ...color, datum: PARETO_CLASSES[2] }, order: { field: "capacityBoundPerS", type: "quantitative" as const }, tooltip },
            },
          ]),
      ...(rec.length === 0
        ? []
        : [
            {
              data: { values: rec },
              mark: { type: "point" as const, shape: "diamond", filled: true, size: 220, opacity: 1, stroke: OKABE_ITO.black, strokeWidth: 1 },
              encoding: { x, y, color: { ...color, datum: PARETO_CLASSES[3] }, tooltip },
            },
            {
              data: { values: rec },
              mark: { type: "text" as const, align: "left" as const, dx: 10, dy: -10, fontWeight: "bold" as const },
              encoding: { x, y, text: { field: "label", type: "nominal" as const }, color: { value: OKABE_ITO.black } },
            },
          ]),
    ],
  };
  return {
    name: "plan-pareto",
    title: "Plan: the Pareto front",
    description: `${sloAxisTitle(plan)} against capacity bound (inferences/s) for every screened configuration; the Pareto front (lower latency, more capacity) highlighted, the recommendation marked, the SLO (${plan.slo.boundMs} ms) as a dashed rule.`,
    spec,
  };
}
