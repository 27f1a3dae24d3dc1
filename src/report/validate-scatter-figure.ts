// Figure (c2): predicted against measured, point by point, for throughput (inferences/s), p50 and p99
// latency (ms), and p99 predicted on a slower server when validate ran with a speed margin, each panel
// square with equal axes and the y = x line: points above it are over-predictions. Axes start at 0, or
// are logarithmic when the values span more than 20×. Colour = run (or how the requests arrived: closed loop,
// or the open loop's Poisson, constant or gamma gaps or perf_analyzer's intervals, when there are more runs
// than the palette has colours), shape = calibrated on (in sample) or
// held out; the subtitle gives validate's headline (median absolute errors with their intervals over profiles) where
// its JSON has one. Only the points validate summarises are drawn:
// steady (open-loop levels the live server fell behind on have no steady latency to compare) and stable
// (levels the tool could not measure stably are no measurement, as perf_analyzer treats them).
import type { TopLevelSpec } from "vega-lite";
import { usToMs } from "../units.js";
import type { Figure } from "./figure.js";
import { subtitleLines } from "./wrap.js";
import { OKABE_ITO, PANEL_HEIGHT_PX, REPORT_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA } from "./style.js";
import type { PointMetricsInput, ValidateInput, ValidatePoint } from "./validate-input.js";
import { runsOf } from "./validate-overlay-figure.js";

interface Metric {
  readonly title: string;
  readonly unit: string;
  readonly value: (m: PointMetricsInput) => number | null;
  /** The prediction the panel compares with (default: the point's plain prediction). */
  readonly predictionOf?: (p: ValidatePoint) => PointMetricsInput | undefined;
}

export const SCATTER_METRICS: readonly Metric[] = [
  { title: "throughput", unit: "inferences/s", value: (m) => m.throughputPerS },
  { title: "p50 latency", unit: "ms", value: (m) => (m.p50Us === null ? null : usToMs(m.p50Us)) },
  { title: "p99 latency", unit: "ms", value: (m) => (m.p99Us === null ? null : usToMs(m.p99Us)) },
];

/** How a point's requests arrived, as the scatter's legend says it, and its colour ("open loop": output from
 *  before validate said which gaps, coloured as Poisson, which all of it was). */
const ARRIVAL_COLORS = {
  "closed loop": OKABE_ITO.blue,
  "open loop": OKABE_ITO.orange,
  "open loop, Poisson": OKABE_ITO.orange,
  "open loop, constant": OKABE_ITO.bluishGreen,
  "open loop, gamma": OKABE_ITO.reddishPurple,
  "open loop, intervals": OKABE_ITO.vermillion,
} as const;
type ArrivalLabel = keyof typeof ARRIVAL_COLORS;
const ARRIVAL_LABELS = Object.keys(ARRIVAL_COLORS) as ArrivalLabel[];

function loopLabel(p: ValidatePoint): ArrivalLabel {
  if (p.mode === "concurrency") return "closed loop";
  switch (p.arrival) {
    case "poisson":
      return "open loop, Poisson";
    case "constant":
      return "open loop, constant";
    case "gamma":
      return "open loop, gamma";
    case "custom":
      return "open loop, intervals";
    default:
      return "open loop";
  }
}

/** Rounded-up axis end (1, 2, 2.5, 5 × 10^k) so both axes share a readable domain. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= x) return m * e;
  return 10 * e;
}

/** Rounded-down axis start (1, 2, 5 × 10^k). */
function niceFloor(x: number): number {
  const e = 10 ** Math.floor(Math.log10(x));
  for (const m of [5, 2, 1]) if (m * e <= x) return m * e;
  return e;
}

/** The p99 panel again against the prediction on a server `pct` % slower (validate --speed-margin):
 *  points on or above the line are measurements the slower prediction covers. */
function marginMetric(pct: number): Metric {
  return { title: `p99 latency, predicted ${pct} % slower`, unit: "ms", value: SCATTER_METRICS[2]!.value, predictionOf: (p) => p.marginPredicted };
}

/** validate's headline over these points, for the subtitle: each metric's median absolute error and, where
 *  validate gave them, its interval over profiles; null without the headline (older validate JSON). */
export function headlineText(v: Pick<ValidateInput, "overall" | "uncertainty">): string | null {
  const overall = v.overall;
  if (overall === undefined) return null;
  const parts = (["throughput", "p50", "p99"] as const).flatMap((m) => {
    const median = overall[m].medianAbsPct;
    if (median === null) return [];
    const i = v.uncertainty?.overall.intervals[m];
    const interval = i !== undefined && i.lowPct !== null && i.highPct !== null ? ` (${i.lowPct.toFixed(1)}–${i.highPct.toFixed(1)})` : "";
    return [`${m} ${median.toFixed(1)} %${interval}`];
  });
  if (parts.length === 0) return null;
  const level = v.uncertainty === undefined ? "" : `; in brackets its ${(100 * v.uncertainty.level).toFixed(0)} % interval with the calibrations resampled`;
  return `median absolute error over the ${overall.p50.n} steady, stable points: ${parts.join(", ")}${level}`;
}

export function validateScatterFigure(all: readonly ValidatePoint[], profileText: string, speedMarginPct?: number, headline?: string | null): Figure {
  const points = all.filter((p) => p.steady !== false && p.stable !== false);
  const runs = runsOf(points);
  // more runs than colours would repeat colours: colour how the requests arrived instead (the run stays in the
  // tooltip); output from before validate said so gives the load mode only
  const byRun = runs.length <= SERIES_COLORS.length;
  const loops = ARRIVAL_LABELS.filter((l) => points.some((p) => loopLabel(p) === l));
  const colour = byRun
    ? { field: "run", type: "nominal" as const, scale: { domain: runs, range: [...SERIES_COLORS] }, legend: { title: "run" } }
    : {
        field: "loop",
        type: "nominal" as const,
        scale: { domain: loops, range: loops.map((l) => ARRIVAL_COLORS[l]) },
        legend: { title: "load" },
      };
  const side = Math.round(PANEL_HEIGHT_PX * 0.8);
  const metrics = speedMarginPct !== undefined && points.some((p) => p.marginPredicted !== undefined) ? [...SCATTER_METRICS, marginMetric(speedMarginPct)] : SCATTER_METRICS;
  const panels = metrics.map((metric) => {
    const rows = points.flatMap((p) => {
      const prediction = metric.predictionOf === undefined ? p.predicted : metric.predictionOf(p);
      const measured = metric.value(p.measured);
      const predicted = prediction === undefined ? null : metric.value(prediction);
      if (measured === null || predicted === null) return [];
      return [{ run: p.run, load: p.load, mode: p.mode, loop: loopLabel(p), inSample: p.inSample ? "in sample" : "held out", measured, predicted }];
    });
    const values = rows.flatMap((r) => [r.measured, r.predicted]);
    const hi = niceCeil(Math.max(0, ...values));
    const positive = values.filter((v) => v > 0);
    const lo = positive.length > 0 ? niceFloor(Math.min(...positive)) : 0;
    const log = lo > 0 && hi / lo > 20;
    const scale = log ? { type: "log" as const, domain: [lo, hi], nice: false } : { domain: [0, hi], nice: false, zero: true };
    return {
      width: side,
      height: side,
      title: `${metric.title} (${metric.unit})`,
      layer: [
        {
          data: { values: [{ v: log ? lo : 0 }, { v: hi }] },
          mark: { type: "line" as const, color: OKABE_ITO.black, strokeDash: [4, 3], strokeWidth: 1 },
          encoding: {
            x: { field: "v", type: "quantitative" as const, scale, title: `measured (${metric.unit})` },
            y: { field: "v", type: "quantitative" as const, scale, title: `predicted (${metric.unit})` },
          },
        },
        {
          data: { values: rows },
          mark: { type: "point" as const, filled: true, size: 50, opacity: 0.9 },
          encoding: {
            x: { field: "measured", type: "quantitative" as const, scale, title: `measured (${metric.unit})` },
            y: { field: "predicted", type: "quantitative" as const, scale, title: `predicted (${metric.unit})` },
            color: colour,
            shape: {
              field: "inSample",
              type: "nominal" as const,
              scale: { domain: ["in sample", "held out"], range: ["circle", "square"] },
              legend: { title: "calibration" },
            },
            tooltip: [
              { field: "run", type: "nominal" as const },
              { field: "mode", type: "nominal" as const, title: "load mode" },
              { field: "load", type: "quantitative" as const },
              { field: "inSample", type: "nominal" as const, title: "calibration" },
              { field: "measured", type: "quantitative" as const, format: ".2f" },
              { field: "predicted", type: "quantitative" as const, format: ".2f" },
            ],
          },
        },
      ],
    };
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    config: REPORT_CONFIG,
    title: {
      text: "Predicted against measured, per point",
      subtitle: subtitleLines([
        `dashed line: prediction = measurement; ${profileText}` +
          (points.length < all.length
            ? `; ${all.length - points.length} point${all.length - points.length === 1 ? "" : "s"} without a steady, stable measurement left out`
            : ""),
        ...(headline ? [headline] : []),
      ]),
    },
    hconcat: panels,
    resolve: { scale: { color: "shared", shape: "shared" } },
  };
  return {
    name: "validate-scatter",
    title: "Predicted against measured, per point",
    description:
      `Every validated point: predicted against measured throughput (inferences/s), p50 and p99 latency (ms)` +
      (metrics.length > SCATTER_METRICS.length ? `, and p99 predicted on a server ${speedMarginPct} % slower (plan's speed margin)` : "") +
      `, with the y = x line. ${points.length} points, ${runs.length} run${runs.length === 1 ? "" : "s"}.`,
    spec,
  };
}
