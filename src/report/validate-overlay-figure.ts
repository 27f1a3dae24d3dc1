// Figure (c1): predicted against measured curves from `servesim validate --json`. Per run (colour),
// measured is solid with filled circles, predicted dashed with hollow triangles; p50 and p99 latency
// (ms) against throughput (inferences/s) in two panels. Points with a missing figure are left out.
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import type { Figure } from "./figure.js";
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

export function validateOverlayFigure(points: readonly ValidatePoint[], profileText: string): Figure {
  const rows = overlayRows(points);
  const runs = runsOf(points);
  const color = { field: "run", type: "nominal" as const, scale: { domain: runs, range: [...SERIES_COLORS] }, legend: { title: "run" } };
  const x = { field: "throughputPerS", type: "quantitative" as const, title: "throughput (inferences/s)" };
  const y = { field: "latencyMs", type: "quantitative" as const, title: "latency (ms)" };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: { text: "Predicted against measured", subtitle: `measured solid, predicted dashed; ${profileText}` },
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
          encoding: {
            x,
            y,
            color,
            detail: { field: "source", type: "nominal" },
            strokeDash: {
              field: "source",
              type: "nominal",
              scale: { domain: [...SOURCES], range: [[1, 0], [6, 4]] },
              legend: { title: "source", symbolType: "stroke" },
            },
            order: { field: "load", type: "quantitative" },
          },
        },
        {
          mark: { type: "point", size: 45, strokeWidth: 1.5 },
          encoding: {
            x,
            y,
            color,
            shape: { field: "source", type: "nominal", scale: { domain: [...SOURCES], range: ["circle", "triangle-up"] }, legend: null },
            fillOpacity: { field: "source", type: "nominal", scale: { domain: [...SOURCES], range: [1, 0] }, legend: null },
            fill: { field: "run", type: "nominal", scale: { domain: runs, range: [...SERIES_COLORS] }, legend: null },
            tooltip: [
              { field: "run", type: "nominal" },
              { field: "source", type: "nominal" },
              { field: "mode", type: "nominal", title: "load mode" },
              { field: "load", type: "quantitative" },
              { field: "inSample", type: "nominal", title: "calibration" },
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
    name: "validate-latency-vs-throughput",
    title: "Predicted against measured: latency vs throughput",
    description: `${runs.length} run${runs.length === 1 ? "" : "s"} (${runs.join(", ")}): measured (solid, filled circles) and predicted (dashed, hollow triangles) p50 and p99 latency (ms) against throughput (inferences/s).`,
    spec,
  };
}
