// What the experiment scripts share: a throw-away copy of the built repository (bin, dist, the profiles and
// the live runs; node_modules linked) whose profiles a script may patch, the CLI run in it, and validate's
// error tables printed as medians.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");

/** A validate error table (`overall`, `heldOut`, …) as its medians, "throughput / p50 / p90 / p99" in %. */
export const fig = (o) => ["throughput", "p50", "p90", "p99"].map((k) => o[k].medianAbsPct.toFixed(2)).join(" / ");

/** A fresh copy of what `servesim validate` and `compose-profile` need, under the system's temp folder. */
export function copyRepo(prefix) {
  const d = mkdtempSync(join(tmpdir(), `${prefix}-`));
  for (const p of ["bin", "dist", "calibration/profiles", "calibration/live", "package.json"]) cpSync(join(ROOT, p), join(d, p), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(d, "node_modules"));
  return d;
}

/** `servesim ARGS` in `dir`; its standard output, or an error with its standard error. */
export function servesim(dir, args) {
  const r = spawnSync(process.execPath, [join(dir, "bin/servesim.js"), ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`servesim ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** In the copy `dir`: profile `name`'s servesim-loadgen entry refitted on the composition run `comp` (a path
 *  under calibration/profiles) as a tool run, the way perf_analyzer's entry is (compose-profile --tool-run:
 *  client costs from its concurrency-1 level, then network spread, response gap and loaded wait). */
export function loadgenAsToolRun(dir, name, comp) {
  const f = join(dir, "calibration/profiles", `${name}.json`);
  const p = JSON.parse(readFileSync(f, "utf8"));
  p.loadGenerators = p.loadGenerators.filter((g) => g.tool !== "servesim-loadgen");
  const tmp = join(dir, "stripped.json");
  writeFileSync(tmp, JSON.stringify(p));
  servesim(dir, ["compose-profile", "--profile", tmp, "--tool-run", join(dir, "calibration/profiles", comp), "--name", name, "-o", f]);
}
