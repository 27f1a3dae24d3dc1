// `servesim plan`: recommend Triton settings (instances, max_batch_size, dynamic batching, GPUs) that
// meet a latency SLO at a given load, with confidence intervals, the config.pbtxt to paste, and what
// binds. Exit status 2 when no configuration meets the SLO (the best achievable figures are printed).
import { Option, type Command } from "@commander-js/extra-typings";
import { SingleBar } from "cli-progress";
import Table from "cli-table3";
import { DEFAULT_PROFILE } from "../compute/builtin.js";
import { parseComputeMs } from "../compute/inline.js";
import type { Profile } from "../compute/profile.js";
import { withServerSpeed } from "../compute/server-speed.js";
import { crossCheck, type CrossCheck } from "../plan/cross-check.js";
import { recommend, type PlanReport } from "../plan/recommend.js";
import { search, type PlanInput, type PlanLoad } from "../plan/search.js";
import { describeSlo, type Objective, type Slo, type SloStatistic } from "../plan/slo.js";
import { serverBudgetUs } from "../research/budget.js";
import { parseRequestIntervals, parseTrace } from "../scenario/trace.js";
import { loadValue } from "../workload/workload.js";
import { POLICY_NAMES } from "../server/policies/index.js";
import { formatPolicySpec, parsePolicyForSlo } from "../server/policies/parse.js";
import { InputError } from "../validation.js";
import { numberArg, posIntArg } from "./args.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { gpuSharingOption, loadProfile, measuredBy, measuredByOption } from "./profiles.js";
import { withGpuSharing } from "../compute/gpu-sharing.js";
import type { GpuSharingMode } from "../compute/profile.js";
import { VERSION } from "./version.js";
import { workerPoolEvaluator } from "./worker-pool.js";

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
    .option("--quick", "coarser grid and fewer replications (about a second)")
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
      "also run the recommendation on these calibrations (names or files: other machine starts of the same model and GPU), each as calibrated: its p99 at the load, whether it meets the SLO and its capacity within it, and their spread over the profiles (hosts differ between starts)",
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
  const checkOn = (o.checkOn ?? []).map((name) => {
    const p = withGpuSharing(loadProfile(name), o.gpuSharing);
    const m = tool === undefined ? undefined : measuredBy(p, tool);
    return { profile: m?.profile ?? p, tool: m === undefined ? undefined : { responseGapUs: m.responseGapUs, loadedNetworkUs: m.loadedNetworkUs } };
  });
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
    ...(measured !== undefined ? { measuredBy: { tool: tool!, responseGapUs: measured.responseGapUs, loadedNetworkUs: measured.loadedNetworkUs } } : {}),
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
    report = await recommend(input, result, evaluator);
    if (checkOn.length > 0 && report.recommendation !== null) {
      const toolOf = new Map(checkOn.map((c) => [c.profile, c.tool]));
      const checked: CrossCheck = await crossCheck(
        input,
        report.recommendation.candidate,
        checkOn.map((c) => c.profile),
        (p) => workerPoolEvaluator(p, toolOf.get(p)),
        (done, total) => progress("check-on", done, total),
      );
      report = { ...report, crossCheck: checked };
    }
  } finally {
    if (barStarted) bar?.stop();
    await evaluator.close?.();
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

export function planJson(input: PlanInput, report: PlanReport): unknown {
  return {
    tool: "servesim",
    version: VERSION,
    command: "plan",
    seed: input.seed,
    profile: { name: input.profile.name, source: input.profile.metadata.source },
    designMarginPct: input.designMarginPct ?? 0,
    measuredBy: input.measuredBy?.tool ?? null,
    load: input.load.kind === "trace" ? { kind: "trace", requests: input.load.workload.timesUs.length } : input.load,
    slo: input.slo,
    objective: input.objective,
    constraints: input.constraints,
    policy: input.policy ?? "triton",
    ...report,
  };
}

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "∞");

function loadText(load: PlanLoad): string {
  if (load.kind === "rate") return `${load.requestsPerS} requests/s (${load.distribution}, -b ${load.batchSize})`;
  if (load.kind === "concurrency") return `concurrency ${load.concurrency} (-b ${load.batchSize})`;
  const w = load.workload;
  if (w.wrapGapUs !== undefined) return `request intervals: ${w.timesUs.length} gaps repeated, ${loadValue(w).toFixed(1)} requests/s (-b ${load.batchSize})`;
  return `a trace of ${w.timesUs.length} requests`;
}

export function renderPlan(input: PlanInput, r: PlanReport): string {
  const lines: string[] = [];
  lines.push(
    `servesim plan: ${describeSlo(input.slo)} at ${loadText(input.load)}, up to ${input.constraints.maxGpus} GPU${input.constraints.maxGpus > 1 ? "s" : ""}; ` +
      `profile ${input.profile.name} (${input.profile.metadata.source})` +
      ((input.designMarginPct ?? 0) > 0 ? `, planned on a server ${input.designMarginPct} % slower than its calibration` : "") +
      (input.measuredBy !== undefined ? `, latency as ${input.measuredBy.tool} measures it` : "") +
      `; objective ${input.objective}` +
      (input.policy !== undefined ? `; batching policy ${input.policy}` : ""),
  );
  lines.push("");
  const rec = r.recommendation;
  if (rec === null) {
    lines.push(`No configuration meets ${describeSlo(input.slo)}: ${r.bestAchievable?.reason ?? "nothing was feasible"}.`);
    if (r.bestAchievable && r.bestAchievable.description !== "none") {
      lines.push(`Best found: ${r.bestAchievable.description}, ${input.slo.statistic} ${f2(r.bestAchievable.sloMs)} ms.`);
    }
  } else {
    lines.push(`Recommendation: ${rec.description}`);
    lines.push(`  throughput   ${rec.throughputPerS.mean.toFixed(1)} infer/s (95 % interval ${rec.throughputPerS.low.toFixed(1)}–${rec.throughputPerS.high.toFixed(1)})`);
    lines.push(`  p50          ${f2(rec.p50Ms.mean)} ms (${f2(rec.p50Ms.low)}–${f2(rec.p50Ms.high)})`);
    lines.push(`  p99          ${f2(rec.p99Ms.mean)} ms (${f2(rec.p99Ms.low)}–${f2(rec.p99Ms.high)})`);
    if (rec.capacityRequestsPerS !== null) {
      lines.push(`  capacity     ${Math.round(rec.capacityRequestsPerS)} requests/s within the SLO${rec.headroom !== null ? ` (${(rec.headroom * 100).toFixed(0)} % headroom)` : ""}`);
    }
    lines.push(`  utilization  ${(rec.utilization * 100).toFixed(0)} % per instance (time executing, waits for the GPU included)`);
    lines.push("Why this, and what binds:");
    for (const b of rec.binding) lines.push(`  - ${b}`);
    if (rec.notes.length > 0) {
      lines.push("Caveats:");
      for (const n of rec.notes) lines.push(`  - ${n}`);
    }
    if (r.crossCheck !== undefined) lines.push(...renderCrossCheck(input, r.crossCheck));
    lines.push("");
    lines.push("config.pbtxt (scheduling part):");
    for (const l of rec.pbtxt.trimEnd().split("\n")) lines.push(`  ${l}`);
  }
  if (r.top.length > 0) {
    lines.push("");
    lines.push("Top configurations:");
    const t = new Table({
      head: ["#", "configuration", "infer/s", "p50 ms", `p99 ms (95 % CI)`, "capacity req/s", "util %", "meets SLO"],
      style: { head: [], border: [], compact: true },
    });
    for (const row of r.top) {
      t.push([
        String(row.rank),
        row.description,
        row.throughputPerS.mean.toFixed(1),
        f2(row.p50Ms.mean),
        `${f2(row.p99Ms.mean)} (${f2(row.p99Ms.low)}–${f2(row.p99Ms.high)})`,
        row.capacityRequestsPerS === null ? "-" : String(Math.round(row.capacityRequestsPerS)),
        (row.utilization * 100).toFixed(0),
        row.confirmed ? "yes" : "no",
      ]);
    }
    lines.push(t.toString());
  }
  return `${lines.join("\n")}\n`;
}

function renderCrossCheck(input: PlanInput, x: CrossCheck): string[] {
  const stat = input.slo.statistic;
  const n = x.checks.length;
  const at = input.load.kind === "rate" ? ` at ${input.load.requestsPerS}/s` : "";
  const lines = [`On other calibrations (--check-on, ${n} profile${n > 1 ? "s" : ""}, each as calibrated):`];
  lines.push(`  meets ${describeSlo(input.slo)}${at} on ${x.meets} of ${n}; ${stat} there ${f2(x.sloMs.min)}–${f2(x.sloMs.max)} ms (median ${f2(x.sloMs.median)})`);
  const cap = x.capacityRequestsPerS;
  if (cap !== null) {
    const low = cap.min > 0 ? `${Math.round(cap.min)}/s` : "below the load";
    lines.push(`  capacity within the SLO: median ${cap.median > 0 ? `${Math.round(cap.median)}/s` : "below the load"} (${low} to ${Math.round(cap.max)}/s)`);
  }
  lines.push("  the spread is the hosts the profiles calibrated; none models host episodes, and on starts that stalled the measured p99 ran above all of it");
  const t = new Table({ head: ["profile", `${stat} ms (95 % CI)`, "meets SLO", "capacity req/s"], style: { head: [], border: [], compact: true } });
  for (const c of x.checks) {
    t.push([c.profile, `${f2(c.sloMs.mean)} (${f2(c.sloMs.low)}–${f2(c.sloMs.high)})`, c.meets ? "yes" : "no", c.capacityRequestsPerS === null ? "-" : String(Math.round(c.capacityRequestsPerS))]);
  }
  for (const l of t.toString().split("\n")) lines.push(`  ${l}`);
  return lines;
}
