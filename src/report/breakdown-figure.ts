// Figure (a), as in NVIDIA's TRTIS BERT study: for one configuration, perf_analyzer's latency breakdown
// (ms, stacked bars, one per load level) with throughput (inferences/s) as a line on a second y axis.
// One bar segment per component and level, zero-height ones included, so the marks are predictable.
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import { BREAKDOWN_COMPONENTS } from "./breakdown.js";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import { loadAxisTitle } from "./load-axis.js";
import type { ReportRun } from "./simulate-input.js";
import { OKABE_ITO, PANEL_HEIGHT_PX, PANEL_WIDTH_PX, REPORT_CONFIG, VEGA_LITE_SCHEMA } from "./style.js";

export const THROUGHPUT_AXIS_TITLE = "throughput (inferences/s)";
export const LATENCY_AXIS_TITLE = "mean latency (ms)";

export function breakdownFigure(run: ReportRun, label: string, stem: string): Figure {
  const mode = run.levels[0]!.mode;
  const xTitle = loadAxisTitle(mode);
  const segments = run.levels.flatMap((level) =>
    BREAKDOWN_COMPONENTS.map((c, order) => ({
      load: level.load,
      component: c.label,
      order,
      latencyMs: usToMs(level.breakdownUs[c.key]),
    })),
  );
  const levels = run.levels.map((level) => ({
    load: level.load,
    throughputPerS: level.throughputPerS,
    p50Ms: usToMs(level.latencyUs.p50),
    p99Ms: usToMs(level.latencyUs.p99),
    stable: level.stable ? "yes" : "no",
  }));
  const unstable = run.levels.filter((l) => !l.stable).map((l) => l.load);
  // legend reads top to bottom like the stack
  const legendOrder = [...BREAKDOWN_COMPONENTS].reverse();
  const x = { field: "load", type: "ordinal" as const, title: xTitle, axis: { labelAngle: 0 } };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: `Latency breakdown and throughput: ${label}`,
      subtitle: subtitleLines([
        run.description === "" ? "perf_analyzer's breakdown, per-request means" : run.description,
        ...(unstable.length > 0 ? [`unstable (perf_analyzer's ±10 % test failed) at load ${unstable.join(", ")}`] : []),
      ]),
    },
    width: PANEL_WIDTH_PX,
    height: PANEL_HEIGHT_PX,
    layer: [
      {
        data: { values: segments },
        mark: { type: "bar" },
        encoding: {
          x,
          y: { field: "latencyMs", type: "quantitative", stack: "zero", title: LATENCY_AXIS_TITLE },
          color: {
            field: "component",
            type: "nominal",
            scale: { domain: legendOrder.map((c) => c.label), range: legendOrder.map((c) => c.color) },
            legend: { title: "latency component", orient: "right" },
          },
          order: { field: "order", type: "quantitative", sort: "ascending" },
          tooltip: [
            { field: "load", type: "quantitative", title: xTitle },
            { field: "component", type: "nominal", title: "component" },
            { field: "latencyMs", type: "quantitative", title: "ms", format: ".3f" },
          ],
        },
      },
      {
        data: { values: levels },
        mark: { type: "line", point: { filled: true, size: 45, color: OKABE_ITO.black }, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: "throughputPerS", type: "quantitative", title: THROUGHPUT_AXIS_TITLE, axis: { orient: "right", grid: false } },
          stroke: {
            datum: "throughput (right axis)",
            type: "nominal",
            scale: { range: [OKABE_ITO.black] },
            legend: { title: null, orient: "right", symbolType: "stroke" },
          },
          tooltip: [
            { field: "load", type: "quantitative", title: xTitle },
            { field: "throughputPerS", type: "quantitative", title: "inferences/s", format: ".1f" },
            { field: "p50Ms", type: "quantitative", title: "p50 ms", format: ".2f" },
            { field: "p99Ms", type: "quantitative", title: "p99 ms", format: ".2f" },
            { field: "stable", type: "nominal", title: "stable" },
          ],
        },
      },
    ],
    resolve: { scale: { y: "independent", color: "independent", stroke: "independent" } },
  };
  return {
    name: `breakdown-${stem}`,
    title: `Latency breakdown: ${label}`,
    description: `${label}: per-request mean latency by perf_analyzer's components (stacked bars, ms, left axis) and throughput (line, inferences/s, right axis) at each ${mode === "rate" ? "request rate" : mode === "concurrency" ? "concurrency" : "trace speed-up"}.`,
    spec,
  };
}
