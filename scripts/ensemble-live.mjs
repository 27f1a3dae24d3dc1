// Live levels against the spread of predictions over several calibrations (the validate-side view of
// `plan --check-on`): each profile predicts every level of the chosen live runs (`servesim validate --profile P
// --json`), and for each level this prints the measured p99 beside the predictions' min, median and max and
// where the measurement falls among them (the JSON keeps every prediction). For a ladder of rates it also reads
// each one's capacity within an SLO at the ladder's resolution (the highest rate whose p99 meets it, every lower
// rate meeting it too and steady), measured and per profile, so a capacity claim can be set against the measured
// one step for step.
//
//   node scripts/ensemble-live.mjs (--runs calibration/live/pa-base-m16d500-i2-ladder-cap [...more] | --live DIR \
//     [--tool perf_analyzer] [--profile-prefix h100-bert-base]) [--slo-ms 10] [--exclude NAME ...] [--leave-own-out] \
//     [--quiet] [--json OUT] -- PROFILE.json ...
//
// A run is given by its path without extension (<run>.csv and <run>.json, as validate reads them); --live takes every
// run of a folder, or those of one tool and whose metadata names a profile starting with the prefix. Profiles named by --exclude are skipped; --leave-own-out drops, for each run, the prediction of the
// profile its metadata names (its own start's), and the summary then splits the levels by whether that own profile's
// calibration logs show recurring host episodes (0.1/s or more, as validate's split). --quiet leaves out the
// per-level table. Runs after `npm run build`.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const args = process.argv.slice(2);
const dash = args.indexOf("--");
if (dash < 0) throw new Error("usage: ensemble-live.mjs (--runs RUN... | --live DIR [--tool T] [--profile-prefix P]) [--slo-ms MS] [--exclude NAME...] [--leave-own-out] [--quiet] [--json OUT] -- PROFILE...");
const opts = args.slice(0, dash);
const profiles = args.slice(dash + 1);
const runs = [];
const exclude = new Set();
let sloMs = 10;
let jsonOut = null;
let leaveOwnOut = false;
let quiet = false;
let liveDir = null;
let onlyTool = null;
let onlyPrefix = null;
for (let i = 0; i < opts.length; i++) {
  const a = opts[i];
  if (a === "--slo-ms") sloMs = Number(opts[++i]);
  else if (a === "--json") jsonOut = opts[++i];
  else if (a === "--leave-own-out") leaveOwnOut = true;
  else if (a === "--quiet") quiet = true;
  else if (a === "--live") liveDir = opts[++i];
  else if (a === "--tool") onlyTool = opts[++i];
  else if (a === "--profile-prefix") onlyPrefix = opts[++i];
  else if (a === "--runs") while (i + 1 < opts.length && !opts[i + 1].startsWith("--")) runs.push(opts[++i]);
  else if (a === "--exclude") while (i + 1 < opts.length && !opts[i + 1].startsWith("--")) exclude.add(opts[++i]);
  else throw new Error(`unknown option ${a}`);
}
if (liveDir !== null) {
  for (const f of readdirSync(liveDir).sort()) {
    if (f.endsWith(".json") && existsSync(join(liveDir, f.replace(/\.json$/, ".csv")))) runs.push(join(liveDir, f.replace(/\.json$/, "")));
  }
}
// each run's JSON, read once: its tool, load mode and own profile (metadata.profile)
const runJson = new Map(runs.map((r) => [r, JSON.parse(readFileSync(r + ".json", "utf8"))]));
if (liveDir !== null) {
  const keep = (r) => {
    const run = runJson.get(r);
    return (onlyTool === null || run.tool === onlyTool) && (onlyPrefix === null || (run.metadata?.profile ?? "").startsWith(onlyPrefix));
  };
  runs.splice(0, runs.length, ...runs.filter(keep));
}
if (runs.length === 0 || profiles.length === 0) throw new Error("give --runs or --live, and at least one profile after --");

const dir = mkdtempSync(join(tmpdir(), "ensemble-live-"));
// each run's own profile (metadata.profile) and whether its calibration shows recurring host episodes
const ownOf = new Map();
const episodic = new Map();
for (const r of runs) {
  const own = runJson.get(r).metadata?.profile ?? null;
  ownOf.set(basename(r), own);
  const file = own === null ? null : join("calibration/profiles", `${own}.json`);
  const ep = file !== null && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).hostEpisodes : undefined;
  episodic.set(basename(r), ep !== undefined && ep.ratePerS >= 0.1);
}
for (const r of runs) for (const ext of [".csv", ".json"]) copyFileSync(r + ext, join(dir, basename(r) + ext));

const nameOf = (p) => basename(p).replace(/\.json$/, "");
const predicted = new Map(); // key run|load -> [{profile, p99Us, stable}]
const measured = new Map(); // key -> {run, load, p99Us, steady, stable}
const used = [];
for (const p of profiles) {
  if (exclude.has(nameOf(p))) continue;
  const r = spawnSync(process.execPath, ["bin/servesim.js", "validate", "--live", dir, "--profile", p, "--json", "--speed-margin", "0"], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`validate --profile ${p}: ${r.stderr.trim()}`);
  used.push(nameOf(p));
  for (const pt of JSON.parse(r.stdout).points) {
    const key = `${pt.run}|${pt.load}`;
    measured.set(key, { run: pt.run, load: pt.load, p99Us: pt.measured.p99Us, steady: pt.steady, stable: pt.stable });
    if (!predicted.has(key)) predicted.set(key, []);
    if (leaveOwnOut && ownOf.get(pt.run) === nameOf(p)) continue;
    predicted.get(key).push({ profile: nameOf(p), p99Us: pt.predicted.p99Us, stable: pt.predictedStable });
  }
  process.stderr.write(".");
}
process.stderr.write("\n");
rmSync(dir, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (us) => (us / 1000).toFixed(2);
const levels = [...measured.values()].sort((a, b) => a.run.localeCompare(b.run) || a.load - b.load);
const rows = levels.map((m) => {
  const ps = predicted.get(`${m.run}|${m.load}`).map((q) => q.p99Us);
  const below = ps.filter((x) => x < m.p99Us).length;
  return {
    ...m,
    episodes: episodic.get(m.run),
    predictions: ps.length,
    min: Math.min(...ps),
    median: median(ps),
    max: Math.max(...ps),
    rank: below / ps.length,
    inside: m.p99Us >= Math.min(...ps) && m.p99Us <= Math.max(...ps),
    // every profile's prediction, ascending (µs): the share within an SLO is plan --robust's verdict on the level
    predictedUs: [...ps].sort((a, b) => a - b),
  };
});
console.log(`${used.length} profiles${leaveOwnOut ? ", each run's own left out" : ""}; p99 in ms; rank = share of the profiles' predictions below the measured p99`);
if (!quiet) console.log("run | rate | measured p99 | steady | predicted min / median / max | rank | inside");
for (const r of quiet ? [] : rows) {
  console.log(`${r.run} | ${r.load} | ${ms(r.p99Us)} | ${r.steady && r.stable ? "yes" : "no"} | ${ms(r.min)} / ${ms(r.median)} / ${ms(r.max)} | ${(r.rank * 100).toFixed(0)} % | ${r.inside ? "yes" : "no"}`);
}

// coverage over the steady, stable levels: inside the min–max, the median rank, by the own start's host episodes
const summary = {};
for (const [label, pick] of [
  ["all", () => true],
  ["own start without recurring host episodes", (r) => r.episodes === false],
  ["own start with recurring host episodes", (r) => r.episodes === true],
]) {
  const rs = rows.filter((r) => r.steady && r.stable && pick(r));
  if (rs.length === 0) continue;
  const inside = rs.filter((r) => r.inside).length;
  const above = rs.filter((r) => r.p99Us > r.max).length;
  summary[label] = { levels: rs.length, inside, above, below: rs.length - inside - above, medianRank: median(rs.map((r) => r.rank)) };
  console.log(
    `${label}: ${rs.length} steady, stable levels; inside the min–max ${inside} (${((100 * inside) / rs.length).toFixed(0)} %), above it ${above}, below it ${rs.length - inside - above}; median rank ${(100 * median(rs.map((r) => r.rank))).toFixed(0)} %`,
  );
}

// capacity within the SLO at the ladder's resolution
const capacityOf = (levelsOf) => {
  let cap = 0;
  for (const l of levelsOf) {
    if (!l.ok) break;
    cap = l.load;
  }
  return cap;
};
const capacities = {};
const rateRuns = new Set(runs.filter((r) => runJson.get(r).load.mode === "rate").map((r) => basename(r)));
for (const run of [...new Set(levels.map((l) => l.run))].filter((r) => rateRuns.has(r))) {
  const ls = levels.filter((l) => l.run === run);
  const meas = capacityOf(ls.map((l) => ({ load: l.load, ok: l.steady && l.stable && l.p99Us <= sloMs * 1000 })));
  const names = used.filter((name) => predicted.get(`${run}|${ls[0].load}`).some((x) => x.profile === name));
  const per = names.map((name) =>
    capacityOf(
      ls.map((l) => {
        const q = predicted.get(`${run}|${l.load}`).find((x) => x.profile === name);
        return { load: l.load, ok: q.stable && q.p99Us <= sloMs * 1000 };
      }),
    ),
  );
  const sorted = [...per].sort((a, b) => a - b);
  capacities[run] = { measured: meas, perProfile: Object.fromEntries(names.map((n, i) => [n, per[i]])), min: sorted[0], median: median(per), max: sorted[sorted.length - 1] };
  if (!quiet) {
    console.log(
      `${run}: capacity within p99 ≤ ${sloMs} ms at the ladder's steps: measured ${meas}/s; the profiles ${sorted[0]}/s to ${sorted[sorted.length - 1]}/s, median ${median(per)}/s (0 = not even the first step)`,
    );
  }
}
if (jsonOut !== null) writeFileSync(jsonOut, `${JSON.stringify({ profiles: used, sloMs, leaveOwnOut, summary, levels: rows, capacities }, null, 2)}\n`);
