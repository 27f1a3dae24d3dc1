// A report figure: a file stem, a human title and description (for the HTML page), and the vega-lite
// spec that draws it. Spec builders return these; renderers never look inside the spec.
import type { TopLevelSpec } from "vega-lite";

export interface Figure {
  /** File stem: DIR/<name>.svg, DIR/<name>.png; letters, digits, '-' and '_' only. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly spec: TopLevelSpec;
}

/** A file-name-safe stem from free text ("static-vs-dynamic/batch 8" → "static-vs-dynamic-batch-8"). */
export function figureStem(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s === "" ? "run" : s;
}
