// `servesim plan`: recommend Triton settings (instances, max_batch_size, dynamic batching, GPUs) that
// meet a latency SLO at a given load, with confidence intervals, the config.pbtxt to paste, and what
// binds. Exit status 2 when no configuration meets the SLO (the best achievable figures are printed).
import { InvalidArgumentError, Option, type Command } from "@commander-js/extra-typings";
import { SingleBar } from "cli-progress";
import { DEFAULT_PROFILE } from "../compute/builtin.js";
import { parseComputeMs } from "../compute/inline.js";
import type { Profile } from "../compute/profile.js";
import { withServerSpeed } from "../compute/server-speed.js";
import { crossCheck, type CrossCheck } from "../plan/cross-check.js";
import { recommend, type Acceptor, type PlanReport } from "../plan/recommend.js";
import { hardestFirst, meetsQuorum, quorumOf, ROBUST_MAX_TRIES, type RobustReport, type RobustTry } from "../plan/robust.js";
import { search, type PlanInput, type PlanLoad } from "../plan/search.js";
import type { Objective, Slo, SloStatistic } from "../plan/slo.js";
import { serverBudgetUs } from "../research/budget.js";
import { parseRequestIntervals, parseTrace } from "../scenario/trace.js";
import { POLICY_NAMES } from "../server/policies/index.js";
import { formatPolicySpec, parsePolicyForSlo } from "../server/policies/parse.js";
import { InputError } from "../validation.js";
import { numberArg, posIntArg } from "./args.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { builtinProfileSetNames, expandProfileSets, gpuSharingOption, loadProfile, measuredBy, measuredByOption, startsSetOf } from "./profiles.js";
import { withGpuSharing } from "../compute/gpu-sharing.js";
import type { GpuSharingMode } from "../compute/profile.js";
import { planJson, renderPlan } from "./plan-render.js";
import { workerPoolEvaluator } from "./worker-pool.js";
import { toolCosts, type ToolCosts } from "../compute/load-generator.js";

interface PlanOptions {
  sloP50Ms?: number;
  sloP90Ms?: number;
  sloP95Ms?: number;
  sloP99Ms?: number;
  sloMeanMs?: number;
  rate?: number;
  concurrency?: number;
  trace?: string;
  requestIntervals?: string;
  requestDistribution?: "constant" | "poisson" | "gamma";
  requestCv?: number;
  batchSize?: number;
  gpus?: number;
  profile?: string;
  gpuSharing?: GpuSharingMode;
  computeMs?: string;
  objective?: Objective;
  minThroughput?: number;
  maxInstances?: number;
  maxBatchSizeLimit?: number;
  quick?: boolean;
  json?: boolean;
  seed?: string;
  writeConfig?: string;
  speedMargin?: number;
  designMargin?: number;
  measuredBy?: "perf_analyzer" | "servesim-loadgen";
  policy?: string;
  checkOn?: string[];
  robust?: number;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("recommend max_batch_size, dynamic batching, instances and GPUs that meet a latency SLO at a load")
    .option("--slo-p99-ms <ms>", "p99 latency bound", numberArg("--slo-p99-ms", 0))
    .option("--slo-p95-ms <ms>", "p95 latency bound", numberArg("--slo-p95-ms", 0))
    .option("--slo-p90-ms <ms>", "p90 latency bound", numberArg("--slo-p90-ms", 0))
    .option("--slo-p50-ms <ms>", "p50 latency bound", numberArg("--slo-p50-ms", 0))
    .option("--slo-mean-ms <ms>", "mean latency bound", numberArg("--slo-mean-ms", 0))
    .option("--rate <req/s>", "open-loop load in requests/s", numberArg("--rate", 0))
    .option("--concurrency <n>", "closed-loop load: concurrent clients", posIntArg("--concurrency"))
    .option("--trace <file>", 'load from a trace: "time_us[,batch_size[,priority[,timeout_us]]]" lines')
    .option("--request-intervals <file>", "load from perf_analyzer's --request-intervals file: gaps in µs, one per line, repeated")
    .addOption(
      new Option("--request-distribution <dist>", "gaps between open-loop requests (default poisson)").choices(["constant", "poisson", "gamma"]),
    )
    .option("--request-cv <x>", "coefficient of variation of gamma gaps (default 2)", numberArg("--request-cv", 0))
    .option("-b, --batch-size <n>", "samples per request (default 1)", posIntArg("--batch-size"))
    .option("--gpus <n>", "GPUs available (default 1)", posIntArg("--gpus"))
    .option("--profile <name|file>", `calibration profile (default ${DEFAULT_PROFILE})`)
    .addOption(gpuSharingOption())
    .option("--compute-ms <spec>", 'deterministic compute-infer ms per batch size, e.g. "1=8.38,8=15.46"')
    .addOption(
      new Option("--objective <objective>", "gpus: fewest GPUs, then most headroom; throughput: most capacity within the SLO; latency: lowest latency")
        .choices(["gpus", "throughput", "latency"])
        .default("gpus"),
    )
    .option("--min-throughput <infer/s>", "inferences/s the configuration must sustain (Model Analyzer's perf_throughput)", numberArg("--min-throughput", 0, true))
    .option("--max-instances <n>", "instances per GPU to consider, 1…n (default 5)", posIntArg("--max-instances"))
    .option("--max-batch-size-limit <n>", "largest max_batch_size to consider (default 128)", posIntArg("--max-batch-size-limit"))
    .option("--quick", "coarser grid and fewer replications (a few seconds)")
    .option("--json", "print the full plan as JSON")
    .option("--seed <seed>", "random seed (default 1)")
    .option("--write-config <file>", "write the recommended config.pbtxt to this file")
    .option(
      "--speed-margin <pct>",
      "also check the recommendation, its latency at the load and its capacity within the SLO, on a server this many % slower than its calibration (hosts drift: the H100 runs met servers 6 % faster to 15 % slower than at calibration, and later BERT-Base starts calibrated 0–16 % slower than the built-in profile; default 10, 0 skips)",
      numberArg("--speed-margin", 0, true),
    )
    .option(
      "--design-margin <pct>",
      "plan for a server this many % slower than its calibration: the search, the recommendation and its capacity all on it (validate's speed-margin section measures what such a margin buys; default 0)",
      numberArg("--design-margin", 0, true),
    )
    .addOption(measuredByOption())
    .option(
      "--check-on <profile...>",
      `also run the recommendation on these calibrations (names or files: other machine starts of the same model and GPU; or a set of them: ${builtinProfileSetNames().join(", ") || "none built in"}), each as calibrated: its p99 at the load, whether it meets the SLO and its capacity within it, and their spread over the profiles (hosts differ between starts)`,
    )
    .option(
      "--robust <pct>",
      `recommend the best configuration that meets the SLO on at least this many % of the --check-on calibrations (each judged at the pessimistic end of its interval), trying the ranked configurations in order, at most ${ROBUST_MAX_TRIES}, on every GPU count up to --gpus; needs --check-on`,
      (v: string) => {
        const x = numberArg("--robust", 0)(v);
        if (x > 100) throw new InvalidArgumentError(`--robust must be ≤ 100, got ${v}`);
        return x;
      },
    )
    .option(
      "--policy <name[:key=value,…]>",
      `batching policy replacing Triton's batcher (${POLICY_NAMES.join(", ")}); its SLO parameter defaults to its share of the SLO's server-side budget`,
    )
    .action(async (opts) => {
      await runPlanCommand(opts as PlanOptions);
    });
}

function sloFrom(o: PlanOptions): Slo {
  const given: [SloStatistic, number | undefined][] = [
    ["p99", o.sloP99Ms],
    ["p95", o.sloP95Ms],
    ["p90", o.sloP90Ms],
    ["p50", o.sloP50Ms],
    ["mean", o.sloMeanMs],
  ];
  const set = given.filter(([, v]) => v !== undefined);
  if (set.length !== 1) throw new InputError("give exactly one SLO: --slo-p99-ms, --slo-p95-ms, --slo-p90-ms, --slo-p50-ms or --slo-mean-ms");
  return { statistic: set[0]![0], boundMs: set[0]![1]! };
}

function loadFrom(o: PlanOptions): PlanLoad {
  const batchSize = o.batchSize ?? 1;
  const modes = [o.rate, o.concurrency, o.trace, o.requestIntervals].filter((x) => x !== undefined).length;
  if (modes !== 1) throw new InputError("give exactly one load: --rate, --concurrency, --trace or --request-intervals");
  if (o.rate !== undefined) {
    const distribution = o.requestDistribution ?? "poisson";
    return { kind: "rate", requestsPerS: o.rate, distribution, cv: distribution === "gamma" ? (o.requestCv ?? 2) : 1, batchSize };
  }
  if (o.concurrency !== undefined) return { kind: "concurrency", concurrency: o.concurrency, batchSize };
  const shape = { batchSize, priority: 0, timeoutUs: 0 };
  const workload =
    o.trace !== undefined
      ? parseTrace(readTextFile(o.trace, "trace"), o.trace, shape)
      : parseRequestIntervals(readTextFile(o.requestIntervals!, "request intervals"), o.requestIntervals!, shape);
  return { kind: "trace", workload, batchSize: workload.batchSizes.reduce((m, b) => Math.max(m, b), 1) };
}

function profileFrom(o: PlanOptions): Profile {
  if (o.profile !== undefined && o.computeMs !== undefined) throw new InputError("--profile and --compute-ms are exclusive; give one");
  if (o.computeMs !== undefined) return parseComputeMs(o.computeMs, "--compute-ms");
  return withGpuSharing(loadProfile(o.profile ?? DEFAULT_PROFILE), o.gpuSharing);
}

async function runPlanCommand(o: PlanOptions): Promise<void> {
  const slo = sloFrom(o);
  const load = loadFrom(o);
  const designMarginPct = o.designMargin ?? 0;
  const probed = profileFrom(o);
  const tool = o.measuredBy;
  const measured = tool === undefined ? undefined : measuredBy(probed, tool);
  const calibrated = measured?.profile ?? probed;
  const profile = designMarginPct > 0 ? withServerSpeed(calibrated, 1 + designMarginPct / 100) : calibrated;
  // the calibrations to check the pick on (each as calibrated, measured as the plan's tool measures),
  // loaded and validated before the search
  const checkOn = expandProfileSets(o.checkOn ?? []).map((name) => {
    const p = withGpuSharing(loadProfile(name), o.gpuSharing);
    const m = tool === undefined ? undefined : measuredBy(p, tool);
    return { name: p.name, profile: m?.profile ?? p, tool: m === undefined ? undefined : toolCosts(m) };
  });
  if (o.robust !== undefined && checkOn.length === 0) throw new InputError("--robust needs --check-on: the calibrations the pick must meet the SLO on");
  // a research policy replaces the batcher: the batching dimension of the search collapses to it
  const policySpec = o.policy === undefined ? undefined : parsePolicyForSlo(o.policy, serverBudgetUs(profile, slo.boundMs * 1000, load.batchSize), "--policy");
  const policy = policySpec === undefined || policySpec.name === "triton" ? undefined : formatPolicySpec(policySpec);
  const input: PlanInput = {
    profile,
    load,
    slo,
    objective: o.objective ?? "gpus",
    constraints: {
      minThroughputPerS: o.minThroughput ?? 0,
      maxInstancesPerGpu: o.maxInstances ?? 5,
      maxBatchSizeLimit: o.maxBatchSizeLimit ?? 128,
      maxGpus: o.gpus ?? 1,
    },
    quick: o.quick === true,
    seed: o.seed ?? "1",
    speedMarginPct: o.speedMargin ?? 10,
    ...(designMarginPct > 0 ? { designMarginPct } : {}),
    ...(o.robust !== undefined ? { everyGpuCount: true } : {}),
    ...(measured !== undefined ? { measuredBy: { tool: tool!, ...toolCosts(measured) } } : {}),
    ...(policy !== undefined ? { policy } : {}),
  };
  const evaluator = workerPoolEvaluator(profile, input.measuredBy);
  const started = Date.now();
  const bar = process.stderr.isTTY && !o.json ? new SingleBar({ format: " {phase} [{bar}] {value}/{total}", hideCursor: true, clearOnComplete: true }) : null;
  let barStarted = false;
  let report: PlanReport;
  try {
    const progress = (phase: string, done: number, total: number): void => {
      if (!bar) return;
      if (!barStarted) {
        bar.start(total, done, { phase });
        barStarted = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { phase });
      }
    };
    const result = await search(input, evaluator, progress);
    const robust = o.robust === undefined ? undefined : robustAcceptor(input, o.robust, checkOn, (done, total) => progress("robust", done, total));
    report = await recommend(input, result, evaluator, robust?.acceptor);
    if (robust !== undefined) report = { ...report, robust: robust.report() };
    // the pick on the other calibrations; when --robust found none that holds there, the best found
    const candidateToCheck = report.recommendation?.candidate ?? (robust !== undefined && report.top[0]?.confirmed === true ? report.top[0].candidate : undefined);
    if (checkOn.length > 0 && candidateToCheck !== undefined) {
      const checked: CrossCheck = await crossCheck(
        input,
        candidateToCheck,
        checkOn.map((c) => c.profile),
        (p, i) => workerPoolEvaluator(p, checkOn[i]!.tool),
        (done, total) => progress("check-on", done, total),
      );
      report = { ...report, crossCheck: checked };
    }
  } finally {
    if (barStarted) bar?.stop();
    await evaluator.close?.();
  }
  // one calibration is one host's minutes: where other starts' calibrations of this profile's model ship as
  // a set, say so (unless they were checked already)
  const starts = checkOn.length === 0 ? startsSetOf(probed.name) : undefined;
  if (starts !== undefined && report.recommendation !== null) {
    const hint =
      `one calibration measures one host: ${starts.size} calibrations of this model and GPU on other machine starts ship as the set ` +
      `${starts.name}; --check-on ${starts.name} shows how far this pick's ${input.slo.statistic} and capacity move between hosts`;
    report = { ...report, recommendation: { ...report.recommendation, notes: [...report.recommendation.notes, hint] } };
  }
  const elapsedS = (Date.now() - started) / 1000;
  if (o.writeConfig !== undefined && report.recommendation) writeFileAtomic(o.writeConfig, report.recommendation.pbtxt);
  if (o.json) {
    process.stdout.write(`${JSON.stringify(planJson(input, report), null, 2)}\n`);
  } else {
    process.stdout.write(renderPlan(input, report));
  }
  process.stderr.write(
    `servesim plan: ${report.search.simulations} simulations (${report.search.screened} configurations screened, ${report.search.pruned} pruned by bounds) in ${elapsedS.toFixed(1)} s\n`,
  );
  if (!report.feasible) process.exitCode = 2;
}

/** plan --robust: the acceptor that checks each ranked configuration on the --check-on calibrations until
 *  the quorum is reached or cannot be, and the record of what it tried. */
function robustAcceptor(
  input: PlanInput,
  pct: number,
  checkOn: readonly { readonly name: string; readonly profile: Profile; readonly tool: ToolCosts | undefined }[],
  progress: (done: number, total: number) => void,
): { readonly acceptor: Acceptor; readonly report: () => RobustReport } {
  const of = checkOn.length;
  const needed = quorumOf(pct, of);
  const tried: RobustTry[] = [];
  const missCounts = new Array<number>(of).fill(0);
  const acceptor: Acceptor = {
    maxTries: ROBUST_MAX_TRIES,
    passes: `meets it on at least ${needed} of the ${of} --check-on calibrations (--robust ${pct})`,
    async accept(e, rank) {
      let done = 0;
      const t = await meetsQuorum(input, e.candidate, rank, hardestFirst(missCounts), needed, (i) => {
        progress(done++, of);
        return workerPoolEvaluator(checkOn[i]!.profile, checkOn[i]!.tool);
      });
      for (const i of t.missedOn) missCounts[i]!++;
      tried.push(t);
      return t.accepted;
    },
  };
  return { acceptor, report: () => ({ minSharePct: pct, needed, of, profiles: checkOn.map((c) => c.name), tried }) };
}
