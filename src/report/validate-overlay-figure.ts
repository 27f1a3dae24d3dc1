// Figure (c1): predicted against measured curves from `servesim validate --json`. Per run (colour),
// measured is solid with filled circles, predicted dashed with hollow triangles; p50 and p99 latency
// (ms) against throughput (inferences/s) in two panels. With more runs than the palette has colours
// (colours would repeat), one small panel per run instead, p50 and p99 by colour, each with its own axes.
// Points with a missing figure are left out.
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import { latencyScale, wantsLogScale } from "./scale.js";
import { PANEL_HEIGHT_PX, REPORT_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA } from "./style.js";
import type { PointMetricsInput, ValidatePoint } from "./validate-input.js";

export const SOURCES = ["measured", "predicted"] as const;

export interface OverlayRow {
  readonly run: string;
  readonly source: (typeof SOURCES)[number];
  readonly statistic: "p50" | "p99";
  readonly mode: string;
  readonly load: number;
  readonly inSample: string;
  readonly throughputPerS: number;
  readonly latencyMs: number;
}

/** Runs in first-seen order. */
export function runsOf(points: readonly ValidatePoint[]): string[] {
  return [...new Set(points.map((p) => p.run))];
}

export function overlayRows(points: readonly ValidatePoint[]): OverlayRow[] {
  const rows: OverlayRow[] = [];
  for (const p of points) {
    for (const source of SOURCES) {
      const m: PointMetricsInput = p[source];
      for (const statistic of ["p50", "p99"] as const) {
        const latencyUs = statistic === "p50" ? m.p50Us : m.p99Us;
        if (m.throughputPerS === null || latencyUs === null) continue;
        rows.push({
          run: p.run,
          source,
          statistic,
          mode: p.mode,
          load: p.load,
          inSample: p.inSample ? "in sample" : "held out",
          throughputPerS: m.throughputPerS,
          latencyMs: usToMs(latencyUs),
        });
      }
    }
  }
  return rows;
}

const X = { field: "throughputPerS", type: "quantitative" as const, title: "throughput (inferences/s)" };

/** A panel's layers: per colour and source a line in load order (measured solid, predicted dashed) and its
 *  points (measured filled circles, predicted hollow triangles), drawn `look` thick and large. */
function curveLayers<Y, C, T>(y: Y, color: C, tooltip: T, look: { readonly lineWidth: number; readonly pointSize: number; readonly pointStroke: number }) {
  return [
    {
      mark: { type: "line" as const, strokeWidth: look.lineWidth },
      encoding: {
        x: X,
        y,
        color,
        detail: { field: "source", type: "nominal" as const },
        strokeDash: {
          field: "source",
          type: "nominal" as const,
          scale: { domain: [...SOURCES], range: [[1, 0], [6, 4]] },
          legend: { title: "source", symbolType: "stroke" },
        },
        order: { field: "load", type: "quantitative" as const },
      },
    },
    ...SOURCES.map((source) => ({
      transform: [{ filter: { field: "source", equal: source } }],
      mark: { type: "point" as const, size: look.pointSize, strokeWidth: look.pointStroke, filled: source === "measured", shape: source === "measured" ? "circle" : "triangle-up" },
      encoding: { x: X, y, color, tooltip },
    })),
  ];
}

export function validateOverlayFigure(points: readonly ValidatePoint[], profileText: string): Figure {
  const rows = overlayRows(points);
  const runs = runsOf(points);
  if (runs.length > SERIES_COLORS.length) return smallMultiples(rows, runs, profileText);
  const color = { field: "run", type: "nominal" as const, scale: { domain: runs, range: [...SERIES_COLORS] }, legend: { title: "run" } };
  const latencies = rows.map((r) => r.latencyMs);
  const y = { field: "latencyMs", type: "quantitative" as const, title: "latency (ms)", scale: latencyScale(latencies) };
  const tooltip = [
    { field: "run", type: "nominal" as const },
    { field: "source", type: "nominal" as const },
    { field: "mode", type: "nominal" as const, title: "load mode" },
    { field: "load", type: "quantitative" as const },
    { field: "inSample", type: "nominal" as const, title: "calibration" },
    { field: "throughputPerS", type: "quantitative" as const, title: "inferences/s", format: ".1f" },
    { field: "latencyMs", type: "quantitative" as const, title: "ms", format: ".2f" },
  ];
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: { text: "Predicted against measured", subtitle: subtitleLines([`measured solid, predicted dashed; ${profileText}${wantsLogScale(latencies) ? "; log latency scale" : ""}`]) },
    data: { values: rows },
    facet: {
      column: { field: "statistic", type: "nominal", sort: ["p50", "p99"], header: { title: null, labelExpr: "datum.value + ' latency'" } },
    },
    spec: {
      width: Math.round(PANEL_HEIGHT_PX * 1.15),
      height: PANEL_HEIGHT_PX,
      layer: curveLayers(y, color, tooltip, { lineWidth: 2, pointSize: 45, pointStroke: 1.5 }),
    },
    resolve: { scale: { y: "independent", x: "independent" } },
  };
  return {
    name: "validate-latency-vs-throughput",
    title: "Predicted against measured: latency vs throughput",
    description: `${runs.length} run${runs.length === 1 ? "" : "s"} (${runs.join(", ")}): measured (solid, filled circles) and predicted (dashed, hollow triangles) p50 and p99 latency (ms) against throughput (inferences/s).`,
    spec,
  };
}

/** One panel per run (wrapped, four to a row), p50 and p99 by colour, measured solid and predicted dashed,
 *  each panel with its own axes: readable for any number of runs. */
function smallMultiples(rows: readonly OverlayRow[], runs: readonly string[], profileText: string): Figure {
  const y = { field: "latencyMs", type: "quantitative" as const, title: "latency (ms)", scale: { type: "log" as const } };
  const color = { field: "statistic", type: "nominal" as const, scale: { domain: ["p50", "p99"], range: SERIES_COLORS.slice(0, 2) }, legend: { title: "latency" } };
  const tooltip = [
    { field: "run", type: "nominal" as const },
    { field: "statistic", type: "nominal" as const, title: "latency" },
    { field: "source", type: "nominal" as const },
    { field: "mode", type: "nominal" as const, title: "load mode" },
    { field: "load", type: "quantitative" as const },
    { field: "throughputPerS", type: "quantitative" as const, title: "inferences/s", format: ".1f" },
    { field: "latencyMs", type: "quantitative" as const, title: "ms", format: ".2f" },
  ];
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Predicted against measured",
      subtitle: subtitleLines([`${runs.length} runs, one panel each; measured solid, predicted dashed; log latency scale; ${profileText}`]),
    },
    data: { values: [...rows] },
    facet: { field: "run", type: "nominal", sort: [...runs], header: { title: null, labelFontSize: 11 } },
    columns: 4,
    spec: {
      width: Math.round(PANEL_HEIGHT_PX * 0.8),
      height: Math.round(PANEL_HEIGHT_PX * 0.5),
      layer: curveLayers(y, color, tooltip, { lineWidth: 1.5, pointSize: 25, pointStroke: 1.2 }),
    },
    resolve: { scale: { y: "independent", x: "independent" } },
  };
  return {
    name: "validate-latency-vs-throughput",
    title: "Predicted against measured: latency vs throughput",
    description: `${runs.length} runs, one panel each (${runs.join(", ")}): measured (solid, filled circles) and predicted (dashed, hollow triangles) p50 and p99 latency (ms, log scale) against throughput (inferences/s).`,
    spec,
  };
}
