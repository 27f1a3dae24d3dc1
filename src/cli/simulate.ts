// `servesim simulate`: run a scenario (file and/or flags, simulate-spec.ts) through the simulator and print
// a table, perf_analyzer's CSV (-f) and/or JSON (--json). Flags use perf_analyzer's names where the concept
// is the same; server flags override --model-config; a --scenario file supplies everything else.
import { Option, type Command } from "@commander-js/extra-typings";
import { DEFAULT_PROFILE } from "../compute/builtin.js";
import { toPerfAnalyzerCsv } from "../metrics/csv.js";
import type { RunSummary } from "../metrics/summary.js";
import { writeModelConfigPbtxt } from "../server/pbtxt.js";
import { formatPolicySpec } from "../server/policies/parse.js";
import { POLICY_NAMES } from "../server/policies/index.js";
import { resolveScenario, type ResolvedRun } from "../scenario/resolve.js";
import { runSweep } from "../scenario/sweep.js";
import { MAX_EVENTS_AT_ONE_INSTANT, MAX_IN_FLIGHT } from "../server/simulation.js";
import { toolCosts } from "../compute/load-generator.js";
import { VERSION } from "./version.js";
import { writeFileAtomic } from "./files.js";
import { gpuSharingOption, measuredBy, measuredByOption } from "./profiles.js";
import { renderSweepTable } from "./summary-table.js";
import { nonNegIntArg, numberArg, posIntArg } from "./args.js";
import { fileScenarioEnv, specFromOptions, type SimulateOptions } from "./simulate-spec.js";

export function addLoadOptions<C extends Command<[], Record<string, unknown>>>(cmd: C): C {
  cmd
    .option("--concurrency-range <start:end:step>", "closed loop: concurrent synchronous clients (perf_analyzer)")
    .option("--request-rate-range <start:end:step>", "open loop: requests per second (perf_analyzer)")
    .addOption(
      new Option("--request-distribution <dist>", "gaps between open-loop requests (default constant)").choices([
        "constant",
        "poisson",
        "gamma",
      ]),
    )
    .option("--request-cv <x>", "coefficient of variation of gamma gaps (>1 is bursty; default 2)", numberArg("--request-cv", 0))
    .option(
      "--max-threads <n>",
      "open loop (--request-rate-range or --request-intervals): perf_analyzer's synchronous sending threads; a send due while its thread awaits a response leaves when it is back, timed from then (default: no limit)",
      posIntArg("--max-threads"),
    )
    .option("--trace <file>", 'replay "time_us[,batch_size[,priority[,timeout_us]]]" lines')
    .option("--request-intervals <file>", "replay gaps in µs, one per line (perf_analyzer)")
    .option("-b, --batch-size <n>", "samples per request (default 1)", posIntArg("--batch-size"))
    .option("--priority <level>", "request priority parameter (0 = model default)", nonNegIntArg("--priority"))
    .option("--request-timeout-us <us>", "request timeout parameter in µs", numberArg("--request-timeout-us", 0, true));
  return cmd;
}

/** Server, service-time and measurement options shared by simulate and compare-policies. */
export function addModelOptions<C extends Command<[], Record<string, unknown>>>(cmd: C): C {
  cmd
    .option("--model-config <file>", "Triton config.pbtxt of the model (flags below override it)")
    .option("--max-batch-size <n>", "max_batch_size (default 8; 0 = no batching)", nonNegIntArg("--max-batch-size"))
    .option("--dynamic-batching", "enable dynamic batching (implied by the dynamic batching flags)")
    .option("--no-dynamic-batching", "use Triton's default scheduler")
    .option("--preferred-batch-size <list>", "dynamic_batching.preferred_batch_size, e.g. 4,8")
    .option("--max-queue-delay-us <us>", "dynamic_batching.max_queue_delay_microseconds", nonNegIntArg("--max-queue-delay-us"))
    .option("--priority-levels <n>", "dynamic_batching.priority_levels", nonNegIntArg("--priority-levels"))
    .option("--default-priority-level <n>", "dynamic_batching.default_priority_level", nonNegIntArg("--default-priority-level"))
    .option("--max-queue-size <n>", "default_queue_policy.max_queue_size", nonNegIntArg("--max-queue-size"))
    .option("--default-timeout-us <us>", "default_queue_policy.default_timeout_microseconds", nonNegIntArg("--default-timeout-us"))
    .addOption(new Option("--timeout-action <action>", "default_queue_policy.timeout_action").choices(["REJECT", "DELAY"]))
    .option("--allow-timeout-override", "default_queue_policy.allow_timeout_override")
    .option("--preserve-ordering", "dynamic_batching.preserve_ordering")
    .option("--instances <n>", "instance_group count (instances on every GPU; default 1)", posIntArg("--instances"))
    .option("--gpus <n>", "GPUs in the server (default 1)", posIntArg("--gpus"))
    .option("--profile <name|file>", `calibration profile (default ${DEFAULT_PROFILE})`)
    .addOption(gpuSharingOption())
    .option("--compute-ms <spec>", 'deterministic compute-infer ms per batch size, e.g. "1=8.38,8=15.46"')
    .option("--seed <seed>", "random seed (default 1); same inputs and seed give identical output")
    .option("--requests <n>", "measured requests per load level (default 50000)", posIntArg("--requests"))
    .option("--warmup-requests <n>", "requests before measuring (default max(1000, requests/10))", nonNegIntArg("--warmup-requests"))
    .option("--duration-s <s>", "measure a fixed simulated time instead of a request count", numberArg("--duration-s", 0))
    .option("--warmup-s <s>", "simulated warm-up time with --duration-s (default 1)", numberArg("--warmup-s", 0, true));
  return cmd;
}

export function registerSimulate(program: Command): void {
  const cmd = program
    .command("simulate")
    .description(
      "simulate a Triton model under perf_analyzer-style load and report throughput, latency percentiles, " +
        "the latency breakdown and Triton statistics per load level",
    )
    .option("--scenario <file>", "scenario file (YAML or JSON, servesim.scenario/v1); flags override it");
  addLoadOptions(cmd);
  cmd
    .option("--percentile <p>", "also report this latency percentile; the stability test uses it", numberArg("--percentile", 0))
    .option("-f, --latency-report-file <file>", "write perf_analyzer's CSV (µs, one row per load level)")
    .option("--verbose-csv", "add perf_analyzer's verbose column (Avg latency)")
    .option("--json", "print the full results as JSON instead of the table");
  addModelOptions(cmd);
  cmd
    .option("--policy <name[:key=value,…]>", `batching policy replacing Triton's batcher: ${POLICY_NAMES.join(", ")} (default triton; see docs/RESEARCH.md)`)
    .addOption(measuredByOption())
    .option(
      "--host-episodes",
      "hold the front end during the profile's host episodes (spells of the rate and mean length its calibration logs show, in which no request or response passes while the load generator keeps sending; validate does this by default, plan and simulate leave them out)",
    )
    .action((opts) => {
      runSimulateCommand(opts as SimulateOptions);
    });
}

export interface RunResult {
  readonly run: ResolvedRun;
  readonly rows: RunSummary[];
}

export function simulateJson(results: readonly RunResult[], seed: string): unknown {
  return {
    tool: "servesim",
    version: VERSION,
    command: "simulate",
    seed,
    runs: results.map(({ run, rows }) => ({
      name: run.name,
      description: run.description,
      profile: { name: run.profile.name, source: run.profile.metadata.source },
      config: run.config,
      policy: run.policy === undefined ? "triton" : formatPolicySpec(run.policy),
      pbtxt: writeModelConfigPbtxt(run.config),
      levels: rows,
    })),
  };
}

function runSimulateCommand(opts: SimulateOptions): void {
  const { spec, resolvePath, where } = specFromOptions(opts);
  const env = fileScenarioEnv(resolvePath, opts.gpuSharing);
  const tool = opts.measuredBy;
  const episodes = opts.hostEpisodes === true ? { hostEpisodes: true } : {};
  const runs = resolveScenario(spec, env, where).map((run): ResolvedRun => {
    if (tool === undefined) return { ...run, ...episodes };
    const t = measuredBy(run.profile, tool);
    return { ...run, profile: t.profile, tool: toolCosts(t), ...episodes };
  });
  const results: RunResult[] = runs.map((run) => ({ run, rows: runSweep(run) }));
  const seed = runs[0]?.seed ?? "1";

  if (opts.latencyReportFile !== undefined) {
    const file = opts.latencyReportFile;
    for (const { run, rows } of results) {
      const target = results.length > 1 ? file.replace(/(\.csv)?$/, `.${run.name}.csv`) : file;
      writeFileAtomic(target, toPerfAnalyzerCsv(rows, { percentile: run.percentile, verbose: opts.verboseCsv }));
    }
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(simulateJson(results, seed), null, 2)}\n`);
    return;
  }
  for (const { run, rows } of results) {
    const c = run.config;
    const db = c.dynamicBatching;
    const sched =
      run.policy !== undefined
        ? `policy ${formatPolicySpec(run.policy)}`
        : db === null
        ? "default scheduler"
        : `dynamic batching (preferred [${db.preferredBatchSizes.join(", ")}], delay ${db.maxQueueDelayUs} µs` +
          `${db.priorityLevels > 0 ? `, ${db.priorityLevels} priority levels` : ""})`;
    const instances = c.instanceGroups.length === 0 ? `1 instance per GPU` : c.instanceGroups.map((g) => `${g.count} × ${g.kind}`).join(" + ");
    process.stdout.write(
      `${run.name}: max_batch_size ${c.maxBatchSize}, ${sched}, ${instances}, ${c.gpus} GPU${c.gpus > 1 ? "s" : ""}; ` +
        `profile ${run.profile.name}; seed ${run.seed}\n`,
    );
    process.stdout.write(`${renderSweepTable(rows)}\n`);
    for (const line of stoppedEarlyNotes(rows)) process.stdout.write(`${line}\n`);
  }
}

/** One line per level that ended before its measurement did; its row holds what was measured until then. */
export function stoppedEarlyNotes(rows: readonly RunSummary[]): string[] {
  return rows.flatMap((r) => {
    const e = r.stoppedEarly;
    if (e === undefined) return [];
    const at = `${Number((e.atUs / 1e6).toPrecision(3))} s of simulated time`;
    const measured = `${r.requests} request${r.requests === 1 ? "" : "s"} measured`;
    const why =
      e.reason === "time-cap"
        ? `stopped at the cap of ${at} before its measurement ended (${measured}); ask for fewer --requests or a shorter --duration-s`
        : e.reason === "queue-cap"
        ? `past capacity: more than ${MAX_IN_FLIGHT.toLocaleString("en-US")} requests were in flight at ${at}, so it stopped (${measured})`
        : e.reason === "no-progress"
        ? `the simulated clock stopped at ${at}: over ${MAX_EVENTS_AT_ONE_INSTANT.toLocaleString("en-US")} events at one instant (every request rejected and resent at once, with no client or network time to wait?), so it stopped (${measured})`
        : `the load ran out at ${at}, before the measurement ended (${measured})`;
    return [`note: level ${r.load}: ${why}`];
  });
}
