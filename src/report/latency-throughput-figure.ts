// Figure (b): latency (p50 and p99, ms) against throughput (inferences/s) across configurations, one
// line per run joining its load levels in load order (closed-loop curves bend back at saturation, so
// they are not sorted by throughput). Two panels, p50 and p99, each with its own latency scale.
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import type { Figure } from "./figure.js";
import type { ReportRun } from "./simulate-input.js";
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
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Latency against throughput",
      subtitle: "p50 and p99 per load level, one line per configuration, joined in load order",
    },
    data: { values: rows },
    facet: {
      column: { field: "statistic", type: "nominal", sort: ["p50", "p99"], header: { title: null, labelExpr: "datum.value + ' latency'" } },
    },
    spec: {
      width: Math.round(PANEL_HEIGHT_PX * 1.15),
      height: PANEL_HEIGHT_PX,
      mark: { type: "line", point: { filled: true, size: 40 }, strokeWidth: 2 },
      encoding: {
        x: { field: "throughputPerS", type: "quantitative", title: THROUGHPUT_X_TITLE },
        y: { field: "latencyMs", type: "quantitative", title: LATENCY_PERCENTILE_AXIS_TITLE },
        color: {
          field: "run",
          type: "nominal",
          scale: { domain: labels, range: [...SERIES_COLORS] },
          legend: { title: "configuration" },
        },
        order: { field: "load", type: "quantitative" },
        tooltip: [
          { field: "run", type: "nominal", title: "configuration" },
          { field: "mode", type: "nominal", title: "load mode" },
          { field: "load", type: "quantitative", title: "load" },
          { field: "throughputPerS", type: "quantitative", title: "inferences/s", format: ".1f" },
          { field: "latencyMs", type: "quantitative", title: "ms", format: ".2f" },
        ],
      },
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
