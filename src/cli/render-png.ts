// SVG → PNG with resvg, fonts loaded explicitly (DejaVu Sans and Sans Bold, no system fonts), so every
// machine draws the same pixels and text is never silently dropped. White background; `scale` × the
// SVG's own size.
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { FONT_FAMILY } from "../report/style.js";
import { reportFontFiles } from "./report-assets.js";

export const DEFAULT_PNG_SCALE = 2;

export function pngOptions(scale = DEFAULT_PNG_SCALE, fontFiles: readonly string[] = reportFontFiles()): ResvgRenderOptions {
  return {
    fitTo: { mode: "zoom", value: scale },
    background: "#FFFFFF",
    font: { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  };
}

export function renderPng(svg: string, scale = DEFAULT_PNG_SCALE, fontFiles: readonly string[] = reportFontFiles()): Uint8Array {
  return new Resvg(svg, pngOptions(scale, fontFiles)).render().asPng();
}
