// Figure (c3): where live runs carry the server's measured speed, the signed p50 and p99 error (%) against
// that speed (the level's execution time over the calibration's), once as predicted on the calibrated
// profile and once at the measured speed. A plain error that falls as the speed ratio rises, and a
// conditioned error near 0, say the miss is the host's drift rather than the queueing model.
import type { TopLevelSpec } from "vega-lite";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import { OKABE_ITO, PANEL_HEIGHT_PX, PANEL_WIDTH_PX, REPORT_CONFIG, VEGA_LITE_SCHEMA } from "./style.js";
import type { ValidatePoint } from "./validate-input.js";

const PREDICTIONS = ["on the calibrated profile", "at the measured speed"] as const;

/** Points with a measured speed and a steady, stable measurement: one row per prediction and metric. */
export function speedRows(all: readonly ValidatePoint[]): { run: string; load: number; ratio: number; metric: string; prediction: string; errorPct: number }[] {
  return all.flatMap((p) => {
    const sc = p.speedConditioned;
    if (sc === undefined || p.steady === false || p.stable === false) return [];
    return (["p50", "p99"] as const).flatMap((metric) =>
      [
        { prediction: PREDICTIONS[0], errorPct: p.errorPct[metric] },
        { prediction: PREDICTIONS[1], errorPct: sc.errorPct[metric] },
      ].flatMap((e) => (e.errorPct === null ? [] : [{ run: p.run, load: p.load, ratio: sc.ratio, metric: `${metric} latency`, prediction: e.prediction, errorPct: e.errorPct }])),
    );
  });
}

/** null when no point carries a measured speed. */
export function validateSpeedFigure(all: readonly ValidatePoint[], profileText: string): Figure | null {
  const rows = speedRows(all);
  if (rows.length === 0) return null;
  const points = new Set(rows.map((r) => `${r.run}@${r.load}`)).size;
  // errors beyond ±100 % (a level pushed past saturation by its speed) are drawn at the edge
  const clipped = rows.map((r) => ({ ...r, shown: Math.max(-100, Math.min(100, r.errorPct)) }));
  const panel = (metric: string) => ({
    width: PANEL_WIDTH_PX,
    height: PANEL_HEIGHT_PX,
    title: metric,
    layer: [
      {
        data: { values: [{ y: 0 }] },
        mark: { type: "rule" as const, color: OKABE_ITO.black, strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { y: { field: "y", type: "quantitative" as const } },
      },
      {
        data: { values: clipped.filter((r) => r.metric === metric) },
        mark: { type: "point" as const, filled: true, size: 45, opacity: 0.85 },
        encoding: {
          x: { field: "ratio", type: "quantitative" as const, scale: { zero: false }, title: "server speed during the level (execution time / calibration's)" },
          y: { field: "shown", type: "quantitative" as const, scale: { domain: [-100, 100] }, title: "signed error (%)" },
          color: {
            field: "prediction",
            type: "nominal" as const,
            scale: { domain: [...PREDICTIONS], range: [OKABE_ITO.vermillion, OKABE_ITO.blue] },
            legend: { title: "prediction" },
          },
          shape: { field: "prediction", type: "nominal" as const, scale: { domain: [...PREDICTIONS], range: ["square", "circle"] } },
          tooltip: [
            { field: "run", type: "nominal" as const },
            { field: "load", type: "quantitative" as const },
            { field: "ratio", type: "quantitative" as const, format: ".3f", title: "speed" },
            { field: "prediction", type: "nominal" as const },
            { field: "errorPct", type: "quantitative" as const, format: ".1f", title: "error (%)" },
          ],
        },
      },
    ],
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Prediction error against the server's measured speed",
      subtitle: subtitleLines([
        `${points} levels whose runs carry the server's speed (from execution logs); each predicted on the calibrated profile and at the measured speed; dashed line: no error; errors beyond ±100 % drawn at the edge; ${profileText}`,
      ]),
    },
    hconcat: [panel("p50 latency"), panel("p99 latency")],
    resolve: { scale: { color: "shared", shape: "shared" } },
  };
  return {
    name: "validate-speed",
    title: "Prediction error against the server's measured speed",
    description: `Signed p50 and p99 error (%) against the server's speed during each level, predicted on the calibrated profile and at the measured speed. ${points} levels.`,
    spec,
  };
}
