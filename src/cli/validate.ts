// `servesim validate --live DIR`: simulate every committed live run the way it was measured and report
// predicted against measured (per point, aggregated overall / held-out / by load band) and decision
// regret, as Markdown or JSON.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import { DEFAULT_PROFILE } from "../compute/builtin.js";
import type { Profile } from "../compute/profile.js";
import { parseLiveRun, type LiveRun } from "../calibrate/live-run.js";
import { parsePerfAnalyzerCsv } from "../metrics/csv.js";
import { parseIntList } from "../scenario/ranges.js";
import { resolvePolicy } from "../server/policies/parse.js";
import { summarizeRuns, type LiveRunData, type ValidationReport } from "../validate/validate.js";
import { InputError } from "../validation.js";
import { numberArg, posIntArg } from "./args.js";
import { parseJsonText, readTextFile, writeFileAtomic } from "./files.js";
import { gpuSharingOption, loadProfile } from "./profiles.js";
import { withGpuSharing } from "../compute/gpu-sharing.js";
import type { GpuSharingMode } from "../compute/profile.js";
import { renderMarkdown } from "./validate-markdown.js";
import { compareRunsInWorkers } from "./validate-pool.js";
import { VERSION } from "./version.js";

/** Simulated measurements per live level, at least (validate's default). */
const DEFAULT_REPLICATIONS = 5;
/** ... and at most, while the median p99's Monte Carlo error exceeds its tolerance (as-measured.ts). */
const DEFAULT_MAX_REPLICATIONS = 25;
/** plan's default --speed-margin, which validate checks by default. */
const DEFAULT_SPEED_MARGIN_PCT = 10;

interface ValidateOptions {
  live: string;
  profile?: string;
  gpuSharing?: GpuSharingMode;
  requests?: number;
  replications?: number;
  maxReplications?: number;
  seed?: string;
  sloMs?: string;
  json?: boolean;
  out?: string;
  policy?: string;
  speedMargin?: number;
  toolPauses?: boolean;
  hostEpisodes?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("compare simulator predictions with live runs (perf_analyzer CSV + servesim.live/v1 JSON) and report the error")
    .requiredOption("--live <dir>", "directory of live runs: <name>.csv with <name>.json")
    .option("--profile <name|file>", "profile for every run (default: the run's metadata.profile, else the built-in default)")
    .option(
      "--replications <n>",
      "simulated measurements per level, each measured as its tool did (perf_analyzer's windows); the prediction is their median (default: at least 5, more as --max-replications allows; given alone, exactly n)",
      posIntArg("--replications"),
    )
    .option(
      "--max-replications <n>",
      "add measurements beyond --replications, up to this many, while the median p99's standard error exceeds 2 % of it (default 25, or --replications when that is given alone; --speed-margin's side predictions keep --replications)",
      posIntArg("--max-replications"),
    )
    .option("--requests <n>", "measure this many requests per simulated level after a warm-up instead of the tool's windows", posIntArg("--requests"))
    .option(
      "--seed <seed>",
      "random seed of the simulations and of the bootstrap intervals (default 1); an open-loop level's sends do not " +
        "depend on it: perf_analyzer's Poisson levels replay its one fixed schedule, servesim loadgen's the gaps of its recorded --seed",
    )
    .option("--slo-ms <list>", "p99 SLOs for decision regret and SLO verdicts, ms (default 5,10,20)")
    .option(
      "--speed-margin <pct>",
      "also predict every level on a server PCT % slower than its calibration, as plan checks its pick, and count how often the measured p99 stays within that prediction and how its SLO verdicts come out (default 10; 0 skips)",
      numberArg("--speed-margin", 0, true),
    )
    .option("--json", "print the full report as JSON (servesim.validate/v1)")
    .option("--policy <name[:key=value,…]>", "simulate with a research batching policy in place of Triton's batcher")
    .addOption(gpuSharingOption())
    .option(
      "--tool-pauses",
      "also simulate the load generator's own pauses where the profile recorded them (servesim loadgen's garbage collection, from its composition run); off by default",
    )
    .option(
      "--no-host-episodes",
      "leave out the host episodes of each run's profile (by default the front end is held during them, as on the start that was measured; plan and simulate leave them out unless asked)",
    )
    .option("-o, --out <file>", "also write the report (Markdown, or JSON with --json) to this file")
    .action(async (opts) => {
      await runValidate(opts as ValidateOptions);
    });
}

export function readLiveDir(dir: string): LiveRunData[] {
  let all: string[];
  try {
    all = readdirSync(dir);
  } catch {
    throw new InputError(`--live ${dir}: cannot read directory`);
  }
  const files = all.filter((f) => f.endsWith(".json")).sort();
  const out: LiveRunData[] = [];
  for (const f of files) {
    const path = join(dir, f);
    const data = parseJsonText(readTextFile(path, "live run"), path);
    if ((data as { schema?: unknown }).schema !== "servesim.live/v1") continue;
    const run = parseLiveRun(data, path);
    const csvPath = join(dir, `${f.slice(0, -5)}.csv`);
    let parsed;
    try {
      parsed = parsePerfAnalyzerCsv(readTextFile(csvPath, "live CSV"), csvPath);
    } catch (err) {
      throw new InputError(err instanceof Error ? err.message : String(err));
    }
    out.push({ run, rows: parsed.rows, where: path });
  }
  if (out.length === 0) {
    const csvs = all.filter((f) => f.endsWith(".csv") && !files.includes(`${f.slice(0, -4)}.json`)).length;
    const why = csvs > 0 ? ` (${csvs} CSV${csvs > 1 ? "s" : ""} without the servesim.live/v1 JSON beside it that says what was measured: model config, tool, load; see README, "servesim validate")` : "";
    throw new InputError(`--live ${dir}: no servesim.live/v1 runs found${why}`);
  }
  return out;
}

/** The most simulated measurements per level: --max-replications, else --replications when given alone (a fixed
 *  count, as before the sequential rule), else the default; never below `least`, the --replications in force. */
function maxReplicationsOf(o: ValidateOptions, least: number): number {
  const most = o.maxReplications ?? o.replications ?? DEFAULT_MAX_REPLICATIONS;
  if (most < least) throw new InputError(`--max-replications ${most} is below --replications ${least}`);
  return most;
}

async function runValidate(o: ValidateOptions): Promise<void> {
  const runs = readLiveDir(o.live);
  const cache = new Map<string, Profile>();
  const profileFor = (run: LiveRun): Profile => {
    const name = o.profile ?? (typeof run.metadata.profile === "string" ? run.metadata.profile : DEFAULT_PROFILE);
    if (!cache.has(name)) cache.set(name, withGpuSharing(loadProfile(name), o.gpuSharing));
    return cache.get(name)!;
  };
  if (o.policy !== undefined) resolvePolicy(o.policy); // validate the spec before any work
  const sloMs = o.sloMs !== undefined ? parseIntList(o.sloMs, "--slo-ms") : [5, 10, 20];
  const replications = o.replications ?? DEFAULT_REPLICATIONS;
  const opts = {
    seed: o.seed ?? "1",
    requests: o.requests,
    replications,
    maxReplications: maxReplicationsOf(o, replications),
    speedMarginPct: o.speedMargin ?? DEFAULT_SPEED_MARGIN_PCT,
    policy: o.policy,
    toolPauses: o.toolPauses === true,
    hostEpisodes: o.hostEpisodes !== false,
  };
  const compared = await compareRunsInWorkers(runs, profileFor, opts);
  const report = summarizeRuns(runs, compared, { sloMs, speedMarginPct: opts.speedMarginPct, seed: opts.seed });
  const text = o.json ? `${JSON.stringify(validateJson(report, [...cache.keys()]), null, 2)}\n` : renderMarkdown(report, o.live);
  if (o.out !== undefined) writeFileAtomic(o.out, text);
  process.stdout.write(text);
}

export function validateJson(report: ValidationReport, profiles: readonly string[]): unknown {
  return { schema: "servesim.validate/v1", tool: "servesim", version: VERSION, command: "validate", profiles, ...report };
}
