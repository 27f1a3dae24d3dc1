#!/usr/bin/env node
// The GPU switch cost by instance count on every committed H100 calibration of one network: for each
// calibration folder (calibration/profiles/passes*) with probes of that network, the median k-instance less
// one-instance probe infer at k = 2 and at k = 4 (src/calibrate/gpu-switch.ts), and on how many folders the
// 4-instance median is the larger. Reads committed files only.
//
//   npm run build && node scripts/switch-by-instances.mjs base
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { median } from "simple-statistics";
import { switchDifferences } from "../dist/calibrate/gpu-switch.js";

const net = process.argv[2];
if (!["base", "large"].includes(net)) {
  console.error("usage: node scripts/switch-by-instances.mjs <base|large>");
  process.exit(2);
}
const root = "calibration/profiles";
const rows = [];
for (const d of readdirSync(root).filter((d) => d.startsWith("passes")).sort()) {
  const files = readdirSync(join(root, d)).filter((f) => f.startsWith(`probes-bert-${net}`) && f.endsWith(".json"));
  const comp = join(root, d, `composition-bert-${net}.json`);
  const gpu = existsSync(comp) ? (JSON.parse(readFileSync(comp, "utf8")).metadata?.gpu ?? "") : "";
  // the first passes ("passes") ran before composition runs existed: H100, as their profiles say
  if (files.length === 0 || (d !== "passes" && !gpu.includes("H100"))) continue;
  const diffs = files.flatMap((f) => switchDifferences(JSON.parse(readFileSync(join(root, d, f), "utf8"))));
  const at = (k) => diffs.filter((x) => x.instances === k).map((x) => x.us);
  if (at(2).length === 0 || at(4).length === 0) continue;
  rows.push({ folder: d, k2: Math.round(median(at(2))), k4: Math.round(median(at(4))), all: Math.round(median(diffs.map((x) => x.us))) });
}
for (const r of rows) console.log(`${r.folder.padEnd(22)} 2 instances ${String(r.k2).padStart(4)} µs  4 instances ${String(r.k4).padStart(4)} µs  all ${String(r.all).padStart(4)} µs`);
const larger = rows.filter((r) => r.k4 > r.k2).length;
console.log(`${rows.length} folders: median over folders 2 instances ${median(rows.map((r) => r.k2))} µs, 4 instances ${median(rows.map((r) => r.k4))} µs; the 4-instance median is the larger on ${larger}`);
