// The model's side of calibration/server/exec_followers.py (session 48, docs/VALIDATION.md "Tried in session 48"):
// a configuration under perf_analyzer's Poisson load on a profile (scripts/lib/poisson-executions.mjs: 5 s of
// requests per rate after a warm-up, seed 1), each execution's infer span (the model's nearest to what the stub logs
// as its execute(): 13–25 % shorter at 4 to 16 requests) written as the stubs' execution logs with a manifest row per
// rate, and exec_followers.py run on them: the same slow-stretch rule and the same followers' figures as on the live
// levels. Run after `npm run build`:
//   node scripts/model-followers.mjs PROFILE MAX_BATCH DELAY_US INSTANCES RATE...
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execLogBytes } from "../dist/calibrate/slow-stretches.js";
import { poissonInferSpans } from "./lib/poisson-executions.mjs";

const [profile, maxBatch, delayUs, instances, ...rates] = process.argv.slice(2);
if (rates.length === 0) {
  console.error("usage: node scripts/model-followers.mjs PROFILE MAX_BATCH DELAY_US INSTANCES RATE...");
  process.exit(2);
}
const model = `model_m${maxBatch}d${delayUs}_i${instances}`;
const dir = mkdtempSync(join(tmpdir(), "servesim-model-followers-"));
try {
  const logs = Array.from({ length: Number(instances) }, () => []);
  const rows = [];
  let offsetNs = 1e9;
  for (const rate of rates) {
    const spans = poissonInferSpans(profile, maxBatch, delayUs, instances, rate, 5);
    const first = offsetNs;
    for (const s of spans) logs[s.instance].push([offsetNs + Math.round(s.startUs * 1000), offsetNs + Math.round(s.endUs * 1000), s.batchSize, s.batchSize]);
    const last = Math.max(...spans.map((s) => s.endUs));
    rows.push(`m,${model},rate,${rate},1,${first},${offsetNs + Math.ceil(last * 1000)},0`);
    offsetNs += Math.ceil(last * 1000) + 10e9;
  }
  logs.forEach((l, i) => writeFileSync(join(dir, `${model}.${model}_0_${i}.bin`), execLogBytes(l)));
  writeFileSync(join(dir, "manifest.csv"), `run,model,mode,level,batch,start_ns,end_ns,rc\n${rows.join("\n")}\n`);
  process.stdout.write(execFileSync("python3", ["-B", "calibration/server/exec_followers.py", "--manifest", join(dir, "manifest.csv"), "--logs", dir], { encoding: "utf8" }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
