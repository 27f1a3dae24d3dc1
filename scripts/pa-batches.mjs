// How many requests each execution carried on a profile's own perf_analyzer tool run, measured and simulated: a
// calibration-side check of the tool's closed-loop batching that no fit reads (docs/VALIDATION.md, "Read in session
// 54"). The tool run's CSV has no execution counts, but perf_analyzer's own output, kept in each device run's
// pa-logs.tar.xz, prints the server's Inference count and Execution count at every level. For each profile whose
// perf_analyzer entry names its tool run (client-pa-…), the run is simulated as compose-profile's tool fit simulates
// it (src/calibrate/tool-gap.ts: closedLoop, seed 1, 2000 requests of warm-up, then 20 000) and both means printed.
// Run after `npm run build`:
//
//   node scripts/pa-batches.mjs [NAME_PART]     (only profiles whose name contains NAME_PART)
//
// One line per profile: `concurrency: measured/simulated` requests per execution (Inference count / Execution count)
// at each level above 1.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closedLoop } from "../dist/calibrate/tool-gap.js";
import { liveServerConfig, parseLiveRun } from "../dist/calibrate/live-run.js";
import { toolRunOf, toolRuns } from "./lib/tool-runs.mjs";

const ROOT = join(import.meta.dirname, "..");
const PROFILES = join(ROOT, "calibration/profiles");
const RUNS = join(ROOT, "calibration/device/runs");

/** Tool run name (client-pa-…) → perf_analyzer's output for it, from every device run's pa-logs.tar.xz. */
function paLogs() {
  const out = new Map();
  const tmp = mkdtempSync(join(tmpdir(), "servesim-pa-batches-"));
  try {
    for (const d of readdirSync(RUNS)) {
      const tar = join(RUNS, d, "pa-logs.tar.xz");
      if (!existsSync(tar)) continue;
      const names = execFileSync("tar", ["-tJf", tar], { encoding: "utf8" }).split("\n").filter((n) => /(^|\/)pa-client-pa-[\w-]+\.log$/.test(n));
      if (names.length === 0) continue;
      const dir = join(tmp, d);
      mkdirSync(dir, { recursive: true });
      execFileSync("tar", ["-xJf", tar, "-C", dir, ...names]);
      for (const n of names) out.set(n.match(/pa-(client-pa-[\w-]+)\.log$/)[1], readFileSync(join(dir, n), "utf8"));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** perf_analyzer's levels: [concurrency, Inference count / Execution count]. */
function levelsOf(log) {
  return [...log.matchAll(/Request concurrency: (\d+)[\s\S]*?Inference count: (\d+)\s+Execution count: (\d+)/g)].map((m) => [Number(m[1]), Number(m[2]) / Number(m[3])]);
}

const only = process.argv[2] ?? "";
const logs = paLogs();
const runs = toolRuns(PROFILES);
for (const f of readdirSync(PROFILES).filter((f) => f.endsWith(".json")).sort()) {
  const profile = JSON.parse(readFileSync(join(PROFILES, f), "utf8"));
  if (!profile.name.includes(only)) continue;
  const run = toolRunOf(profile, runs);
  if (run === undefined || run.path === undefined || !logs.has(run.name)) continue;
  const { name, path, entry: pa } = run;
  const config = liveServerConfig(parseLiveRun(JSON.parse(readFileSync(path, "utf8")), path));
  const cells = levelsOf(logs.get(name))
    .filter(([c]) => c > 1)
    .map(([c, measured]) => {
      const t = closedLoop(profile, pa, config, c, 2000, 20_000).triton;
      return `${c}: ${measured.toFixed(2)}/${(t.inferenceCount / t.executionCount).toFixed(2)}`;
    });
  console.log(`${profile.name.padEnd(44)} ${cells.join("  ")}`);
}
