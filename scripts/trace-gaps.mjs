// How long a traced one-instance level's instance stays between executions (session 43): from Triton's request traces
// (requests.csv.xz, manifest.csv as phases ND and EW wrote them), each execution's COMPUTE_START to COMPUTE_END and the
// gap from one execution's COMPUTE_END to the next one's COMPUTE_START, against the turnaround a profile puts there
// (base + per request × the level's mean requests per execution; the model's gap when the next payload is ready).
//   node scripts/trace-gaps.mjs DIR RUN [PROFILE]   (after `npm run build`; PROFILE: a built-in name or a profile file)
import { join } from "node:path";
import { loadProfile } from "../dist/cli/profiles.js";
import { levelRequests, oneInstanceExecutions, readManifest, readReducedTrace } from "./lib/reduced-trace.mjs";

const [dir, run, profileName] = process.argv.slice(2);
if (dir === undefined || run === undefined) {
  console.error("usage: node scripts/trace-gaps.mjs DIR RUN [PROFILE]");
  process.exit(2);
}
const quantile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
const manifest = readManifest(dir);
const trace = readReducedTrace(join(dir, "requests.csv.xz"));
const row = manifest.find(([r, , , , , , , rc]) => r === run && rc === "0");
if (row === undefined) {
  console.error(`${dir}: no completed run ${run} in manifest.csv`);
  process.exit(1);
}
const [, model, , , , a, b] = row;
const execs = oneInstanceExecutions(levelRequests(trace, model, a, b));
const durs = [];
const gaps = [];
let requests = 0;
for (let k = 1; k < execs.length; k++) {
  durs.push(execs[k].end - execs[k].start);
  gaps.push(execs[k].start - execs[k - 1].end);
  requests += execs[k].members.length;
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const perExec = requests / gaps.length;
const f = (xs) => `mean ${mean(xs).toFixed(0)}, p10 / p50 / p90 ${[0.1, 0.5, 0.9].map((p) => quantile(xs, p).toFixed(0)).join(" / ")} µs`;
console.log(`${run} (${model}): ${gaps.length} executions of ${perExec.toFixed(2)} requests on average`);
console.log(`  COMPUTE_START to COMPUTE_END: ${f(durs)}`);
console.log(`  COMPUTE_END to the next COMPUTE_START: ${f(gaps)}`);
if (profileName !== undefined) {
  const t = loadProfile(profileName).turnaround;
  if (t === undefined) console.log(`  ${profileName}: no turnaround`);
  else console.log(`  ${profileName}: turnaround ${t.baseUs} + ${t.perRequestUs} µs per request = ${(t.baseUs + t.perRequestUs * perExec).toFixed(0)} µs at ${perExec.toFixed(2)}`);
}
