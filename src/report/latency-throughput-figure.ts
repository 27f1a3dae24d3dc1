// Figure (b): latency (p50 and p99, ms) against throughput (inferences/s) across configurations, one
// line per run joining its load levels in load order (closed-loop curves bend back at saturation, so
// they are not sorted by throughput). Two panels, p50 and p99, each with its own latency scale.
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import type { ReportRun } from "./simulate-input.js";
import { latencyScale, SERIES_SHAPES, wantsLogScale } from "./scale.js";
import { PANEL_HEIGHT_PX, REPORT_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA } from "./style.js";

export interface LabelledRun {
  readonly label: string;
  readonly run: ReportRun;
}

export const LATENCY_PERCENTILE_AXIS_TITLE = "latency (ms)";
export const THROUGHPUT_X_TITLE = "throughput (inferences/s)";

export function latencyThroughputFigure(runs: readonly LabelledRun[]): Figure {
  const rows = runs.flatMap(({ label, run }) =>
    run.levels.flatMap((level) =>
      (["p50", "p99"] as const).map((statistic) => ({
        run: label,
        statistic,
        load: level.load,
        mode: level.mode,
        throughputPerS: level.throughputPerS,
        latencyMs: usToMs(level.latencyUs[statistic]),
      })),
    ),
  );
  const labels = runs.map((r) => r.label);
  const latencies = rows.map((r) => r.latencyMs);
  const logY = wantsLogScale(latencies);
  const x = { field: "throughputPerS", type: "quantitative" as const, title: THROUGHPUT_X_TITLE };
  const y = { field: "latencyMs", type: "quantitative" as const, title: LATENCY_PERCENTILE_AXIS_TITLE, scale: latencyScale(latencies) };
  const color = { field: "run", type: "nominal" as const, scale: { domain: labels, range: [...SERIES_COLORS] }, legend: { title: "configuration" } };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Latency against throughput",
      subtitle: subtitleLines([`p50 and p99 per load level, one line per configuration, joined in load order${logY ? "; log latency scale" : ""}`]),
    },
    data: { values: rows },
    facet: {
      column: { field: "statistic", type: "nominal", sort: ["p50", "p99"], header: { title: null, labelExpr: "datum.value + ' latency'" } },
    },
    spec: {
      width: Math.round(PANEL_HEIGHT_PX * 1.15),
      height: PANEL_HEIGHT_PX,
      layer: [
        {
          mark: { type: "line", strokeWidth: 2 },
          encoding: { x, y, color, order: { field: "load", type: "quantitative" } },
        },
        {
          mark: { type: "point", filled: false, size: 55, strokeWidth: 1.5, opacity: 1 },
          encoding: {
            x,
            y,
            color,
            shape: { field: "run", type: "nominal", scale: { domain: labels, range: [...SERIES_SHAPES] }, legend: { title: "configuration" } },
            tooltip: [
              { field: "run", type: "nominal", title: "configuration" },
              { field: "mode", type: "nominal", title: "load mode" },
              { field: "load", type: "quantitative", title: "load" },
              { field: "throughputPerS", type: "quantitative", title: "inferences/s", format: ".1f" },
              { field: "latencyMs", type: "quantitative", title: "ms", format: ".2f" },
            ],
          },
        },
      ],
    },
    resolve: { scale: { y: "independent", x: "independent" } },
  };
  return {
    name: "latency-vs-throughput",
    title: "Latency against throughput",
    description: `p50 and p99 latency (ms) against throughput (inferences/s) for ${runs.length} configuration${runs.length === 1 ? "" : "s"}: ${labels.join(", ")}.`,
    spec,
  };
}
