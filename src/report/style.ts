// The report's fixed look: the Okabe–Ito colour-blind-safe palette, the font every renderer uses
// (DejaVu Sans, loaded explicitly for PNG), and the shared vega-lite config. Fixed constants, so the
// same input always draws the same picture.
import type { Config } from "vega-lite";

/** Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies. */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** Categorical order for runs (series): strongest contrasts first; black last. Cycles past eight. */
export const SERIES_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
];

/** De-emphasised marks (all screened plan points). */
export const FAINT_GREY = "#BBBBBB";

/** Font family for every text mark; the PNG renderer loads DejaVu Sans and DejaVu Sans Bold. */
export const FONT_FAMILY = "DejaVu Sans";

/** Plot area of one panel, px (the SVG adds axes, legends and titles around it). */
export const PANEL_WIDTH_PX = 420;
export const PANEL_HEIGHT_PX = 280;

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

export const REPORT_CONFIG: Config = {
  font: FONT_FAMILY,
  background: "#FFFFFF",
  padding: 8,
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: "#444444", anchor: "start" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#E5E5E5" },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: "#DDDDDD" },
  range: { category: [...SERIES_COLORS] },
};
