// The compare-policies figure: p99 latency (ms) against load, one line per contender, with the SLO as a
// dashed rule; beside it the SLO attainment against load. A vega-lite spec in the report's fixed style
// (src/report), so the same comparison always draws the same picture.
import type { TopLevelSpec } from "vega-lite";
import type { Figure } from "../report/figure.js";
import { loadAxisTitle, type LoadModeName } from "../report/load-axis.js";
import { latencyScale, SERIES_SHAPES } from "../report/scale.js";
import { PANEL_HEIGHT_PX, PANEL_WIDTH_PX, REPORT_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA } from "../report/style.js";
import { subtitleLines } from "../report/wrap.js";
import { usToMs } from "../units.js";
import type { CompareReport } from "./compare.js";

export function comparePoliciesFigure(report: CompareReport): Figure {
  const labels = report.contenders.map((c) => c.policy);
  const rows = report.contenders.flatMap((c) =>
    c.points.map((p) => ({
      policy: c.policy,
      tuned: c.tuned,
      load: p.load,
      p99Ms: usToMs(p.p99Us),
      p50Ms: usToMs(p.p50Us),
      attainmentPct: p.attainment * 100,
      throughputPerS: p.throughputPerS,
    })),
  );
  const mode = (report.contenders[0]?.points[0]?.mode ?? "rate") as LoadModeName;
  const sloMs = usToMs(report.sloUs);
  const x = { field: "load", type: "quantitative" as const, title: loadAxisTitle(mode), scale: { zero: false } };
  const color = { field: "policy", type: "nominal" as const, scale: { domain: labels, range: [...SERIES_COLORS] }, legend: { title: "policy" } };
  const shape = { field: "policy", type: "nominal" as const, scale: { domain: labels, range: [...SERIES_SHAPES] }, legend: { title: "policy" } };
  const tooltip = [
    { field: "tuned", type: "nominal" as const, title: "policy" },
    { field: "load", type: "quantitative" as const, title: "load" },
    { field: "throughputPerS", type: "quantitative" as const, title: "inferences/s", format: ".1f" },
    { field: "p50Ms", type: "quantitative" as const, title: "p50 ms", format: ".2f" },
    { field: "p99Ms", type: "quantitative" as const, title: "p99 ms", format: ".2f" },
    { field: "attainmentPct", type: "quantitative" as const, title: "within SLO %", format: ".2f" },
  ];
  const series = (field: string, title: string, scale: object) => {
    const y = { field, type: "quantitative" as const, title, scale };
    return [
      { mark: { type: "line" as const, strokeWidth: 2 }, encoding: { x, y, color, order: { field: "load", type: "quantitative" as const } } },
      { mark: { type: "point" as const, filled: false, size: 55, strokeWidth: 1.5, opacity: 1 }, encoding: { x, y, color, shape, tooltip } },
    ];
  };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Batching policies against load",
      subtitle: subtitleLines([
        `p99 latency and share of requests within the SLO (p99 ≤ ${sloMs} ms, dashed) per load level; each policy tuned for the SLO first`,
      ]),
    },
    data: { values: rows },
    hconcat: [
      {
        width: PANEL_WIDTH_PX,
        height: PANEL_HEIGHT_PX,
        layer: [
          ...series("p99Ms", "p99 latency (ms)", latencyScale([...rows.map((r) => r.p99Ms), sloMs])),
          { data: { values: [{ sloMs }] }, mark: { type: "rule", strokeDash: [6, 4], color: "#444444" }, encoding: { y: { field: "sloMs", type: "quantitative" } } },
        ],
      },
      {
        width: Math.round(PANEL_WIDTH_PX * 0.75),
        height: PANEL_HEIGHT_PX,
        layer: series("attainmentPct", "requests within the SLO (%)", { domain: [0, 100] }),
      },
    ],
  };
  return {
    name: "compare-policies",
    title: "Batching policies against load",
    description: `p99 latency (ms) and SLO attainment against load for ${labels.join(", ")} with p99 ≤ ${sloMs} ms.`,
    spec,
  };
}
