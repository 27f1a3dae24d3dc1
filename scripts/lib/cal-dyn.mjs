// The calibration-only model base_cal_dyn (max_batch_size 64, delay 0, one instance) in perf_analyzer's closed loop
// on the profiles whose name starts with a prefix, as each measures it with perf_analyzer (forTool; seed 1, 2000
// requests of warm-up, then 15 000), for scripts/model-response-spread.mjs and scripts/model-cohorts.mjs. Run after
// `npm run build`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { forTool } from "../../dist/compute/load-generator.js";
import { readModelConfigPbtxt } from "../../dist/server/pbtxt.js";
import { simulateAs } from "../../dist/server/simulation.js";

const PROFILES = join(import.meta.dirname, "../../calibration/profiles");
const config = readModelConfigPbtxt('name: "base_cal_dyn"\nmax_batch_size: 64\ndynamic_batching { }\ninstance_group [{ count: 1 kind: KIND_GPU }]', "base_cal_dyn");

/** The profiles named by the script's PREFIX argument, in name order (usage and exit 2 without one). */
export function profilesFromArgs(script) {
  const prefix = process.argv[2];
  if (prefix === undefined) {
    console.error(`usage: node scripts/${script} PREFIX`);
    process.exit(2);
  }
  return readdirSync(PROFILES)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(PROFILES, f), "utf8")));
}

/** base_cal_dyn at this many clients on the profile, with the observer given. */
export function simulateCalDyn(profile, concurrency, observer) {
  return simulateAs(forTool(profile, "perf_analyzer"), {
    config,
    workload: { kind: "concurrency", concurrency, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 2000, requests: 15_000 },
    observer,
  });
}
