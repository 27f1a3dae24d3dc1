// The committed perf_analyzer tool runs of the calibration-only models, by name (client-pa-…, as a profile's
// perf_analyzer entry names it in measuredFrom), for scripts/pa-batches.mjs and scripts/tool-turnaround.mjs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Tool run name → the path of its servesim.live/v1 JSON under PROFILES/passes* (its CSV lies beside it). */
export function toolRuns(profilesDir) {
  const out = new Map();
  for (const d of readdirSync(profilesDir).filter((d) => d.startsWith("passes"))) {
    for (const f of readdirSync(join(profilesDir, d)).filter((f) => f.startsWith("client-pa") && f.endsWith(".json"))) {
      const path = join(profilesDir, d, f);
      out.set(JSON.parse(readFileSync(path, "utf8")).name, path);
    }
  }
  return out;
}

/** The tool run a profile's perf_analyzer entry was fitted on, or undefined. */
export function toolRunOf(profile, runs) {
  const pa = (profile.loadGenerators ?? []).find((g) => g.tool === "perf_analyzer");
  const name = pa?.measuredFrom?.match(/^(client-pa-[\w-]+) /)?.[1];
  return name === undefined ? undefined : { name, path: runs.get(name), entry: pa };
}
