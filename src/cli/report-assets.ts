// The files rendering needs from installed packages, located through Node's resolver (not the cwd):
// DejaVu Sans (regular and bold) for resvg — with no fonts resvg silently drops all text — and Vega's
// browser runtime for the offline HTML page (not in vega's package exports, so found beside its entry).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readTextFile } from "./files.js";

const require = createRequire(import.meta.url);

export function reportFontFiles(): string[] {
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return [join(dir, "DejaVuSans.ttf"), join(dir, "DejaVuSans-Bold.ttf")];
}

export function vegaRuntimeJs(): string {
  return readTextFile(join(dirname(require.resolve("vega")), "vega.min.js"), "Vega runtime");
}
