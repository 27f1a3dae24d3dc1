// `servesim compare-policies`: Triton's batcher and the research policies side by side on one server,
// profile and load sweep (simulate's flags), each tuned for a p99 SLO first; a table per load level
// (throughput, p50, p99, share within the SLO), --json, and a figure of p99 against load (--figure:
// .vl.json writes the vega-lite spec, .svg and .png render it).
import type { Command } from "@commander-js/extra-typings";
import { SingleBar } from "cli-progress";
import Table from "cli-table3";
import { renderSvg } from "../report/render-svg.js";
import { comparePolicies, type CompareReport } from "../research/compare.js";
import { comparePoliciesFigure } from "../research/figure.js";
import { resolveScenario, type ResolvedRun } from "../scenario/resolve.js";
import { POLICY_NAMES } from "../server/policies/index.js";
import { usToMs } from "../units.js";
import { InputError } from "../validation.js";
import { numberArg, posIntArg } from "./args.js";
import { writeFileAtomic } from "./files.js";
import { renderPng } from "./render-png.js";
import { addLoadOptions, addModelOptions } from "./simulate.js";
import { fileScenarioEnv, specFromOptions, type SimulateOptions } from "./simulate-spec.js";
import { VERSION } from "./version.js";

interface CompareOptions extends SimulateOptions {
  sloP99Ms?: number;
  policies?: string;
  figure?: string;
  tuneRequests?: number;
}

export function registerComparePolicies(program: Command): void {
  const cmd = program
    .command("compare-policies")
    .description(
      "compare Triton's dynamic batcher with research batching policies on one server and load sweep, " +
        "each tuned for a p99 SLO: throughput, p50, p99 and SLO attainment per load level",
    )
    .option("--scenario <file>", "scenario file (one server; its variants and policy are not used); flags override it");
  addLoadOptions(cmd);
  cmd
    .option("--slo-p99-ms <ms>", "the p99 latency SLO every policy is tuned for and judged against (required)", numberArg("--slo-p99-ms", 0))
    .option("--policies <list>", `policies to compare, comma-separated, each NAME[:key=value,…] (default ${POLICY_NAMES.join(",")})`)
    .option("--tune-requests <n>", "measured requests per level while tuning Triton's delay (default requests/5, at least 2000)", posIntArg("--tune-requests"))
    .option("--json", "print the comparison as JSON instead of tables")
    .option("--figure <file>", "write p99 and SLO attainment against load: FILE.vl.json (vega-lite spec), FILE.svg or FILE.png");
  addModelOptions(cmd);
  cmd.action(async (opts) => {
    await runComparePolicies(opts as CompareOptions);
  });
}

/** `triton,aimd:target_us=5000,step=2,nexus` → ["triton", "aimd:target_us=5000,step=2", "nexus"]: a
 *  comma-separated item that is a bare key=value continues the policy before it. */
export function parsePolicyList(text: string | undefined): string[] {
  if (text === undefined) return [...POLICY_NAMES];
  const list: string[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    if (/^[^:=]+=/.test(item) && list.length > 0) list[list.length - 1] += list[list.length - 1]!.includes(":") ? `,${item}` : `:${item}`;
    else list.push(item);
  }
  if (list.length === 0) throw new InputError("--policies: give at least one policy");
  const names = list.map((s) => s.split(":")[0]!.trim());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new InputError(`--policies: "${twice}" given twice`);
  return list;
}

function figureKind(file: string): "vl" | "svg" | "png" {
  if (/\.vl\.json$/i.test(file) || /\.json$/i.test(file)) return "vl";
  if (/\.svg$/i.test(file)) return "svg";
  if (/\.png$/i.test(file)) return "png";
  throw new InputError(`--figure: "${file}" must end in .vl.json, .svg or .png`);
}

async function runComparePolicies(o: CompareOptions): Promise<void> {
  if (o.sloP99Ms === undefined) throw new InputError("--slo-p99-ms is required");
  const policies = parsePolicyList(o.policies);
  const kind = o.figure === undefined ? null : figureKind(o.figure);
  const { spec, resolvePath, where } = specFromOptions({ ...o, policy: undefined });
  const runs = resolveScenario({ ...spec, policy: undefined }, fileScenarioEnv(resolvePath), where);
  if (runs.length !== 1) throw new InputError(`${where}: compare-policies compares on one server; the scenario has ${runs.length} variants`);
  const run = runs[0]!;
  const requests = run.measurement.kind === "requests" ? run.measurement.requests : 10_000;
  const input = {
    config: run.config,
    profile: run.profile,
    workloads: run.workloads,
    measurement: run.measurement,
    seed: run.seed,
    sloUs: o.sloP99Ms * 1000,
    policies,
    tuneRequests: o.tuneRequests ?? Math.max(2000, Math.round(requests / 5)),
  };
  const bar = process.stderr.isTTY && !o.json ? new SingleBar({ format: " compare [{bar}] {value}/{total}", hideCursor: true, clearOnComplete: true }) : null;
  let started = false;
  let report: CompareReport;
  try {
    report = comparePolicies(input, (done, total) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    });
  } finally {
    if (started) bar?.stop();
  }
  if (o.figure !== undefined) {
    const fig = comparePoliciesFigure(report);
    if (kind === "vl") writeFileAtomic(o.figure, `${JSON.stringify(fig.spec, null, 2)}\n`);
    else {
      const { svg } = await renderSvg(fig.spec);
      writeFileAtomic(o.figure, kind === "svg" ? svg : renderPng(svg));
    }
  }
  if (o.json) process.stdout.write(`${JSON.stringify(compareJson(run, report), null, 2)}\n`);
  else process.stdout.write(renderCompare(run, report));
}

export function compareJson(run: ResolvedRun, report: CompareReport): unknown {
  return {
    tool: "servesim",
    version: VERSION,
    command: "compare-policies",
    seed: run.seed,
    profile: { name: run.profile.name, source: run.profile.metadata.source },
    config: run.config,
    sloP99Ms: usToMs(report.sloUs),
    contenders: report.contenders,
  };
}

const f2 = (us: number): string => (Number.isFinite(us) ? usToMs(us).toFixed(2) : "-");

export function renderCompare(run: ResolvedRun, report: CompareReport): string {
  const c = run.config;
  const lines: string[] = [];
  lines.push(
    `servesim compare-policies: p99 ≤ ${usToMs(report.sloUs)} ms; max_batch_size ${c.maxBatchSize}, ` +
      `${c.instanceGroups.length === 0 ? "1 instance per GPU" : c.instanceGroups.map((g) => `${g.count} × ${g.kind}`).join(" + ")}, ` +
      `${c.gpus} GPU${c.gpus > 1 ? "s" : ""}; profile ${run.profile.name}; seed ${run.seed}`,
  );
  lines.push("tuned for the SLO:");
  const width = Math.max(...report.contenders.map((x) => x.policy.length));
  for (const x of report.contenders) lines.push(`  ${x.policy.padEnd(width)}  ${x.tuned}`);
  const levels = report.contenders[0]?.points.length ?? 0;
  for (let i = 0; i < levels; i++) {
    const p0 = report.contenders[0]!.points[i]!;
    lines.push("");
    lines.push(p0.mode === "concurrency" ? `concurrency ${p0.load}` : p0.mode === "rate" ? `${Number(p0.load.toPrecision(6))} requests/s` : `trace ×${p0.load}`);
    const t = new Table({
      head: ["policy", "infer/s", "p50 ms", "p99 ms", "within SLO %", "avg batch", "meets SLO"],
      style: { head: [], border: [], compact: true },
      chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    });
    for (const x of report.contenders) {
      const p = x.points[i]!;
      t.push([
        x.policy,
        p.throughputPerS.toFixed(1),
        f2(p.p50Us),
        f2(p.p99Us),
        (p.attainment * 100).toFixed(2),
        p.meanBatch.toFixed(2),
        p.meetsSlo ? "yes" : p.stable ? "no" : "no (unstable)",
      ]);
    }
    lines.push(t.toString());
  }
  return `${lines.join("\n")}\n`;
}
