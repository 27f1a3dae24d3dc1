// `servesim report --out DIR`: figures from simulate / plan / validate JSON (or, with no input, from
// the built-in seed-study scenarios simulated now) as SVG, PNG and one offline HTML page. The edge of
// src/report: reads and checks the inputs, renders, writes every file atomically, prints their paths.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "@commander-js/extra-typings";
import type { z } from "zod";
import { resolveScenario } from "../scenario/resolve.js";
import { runSweep } from "../scenario/sweep.js";
import type { Figure } from "../report/figure.js";
import { reportHtml, type HtmlFigure } from "../report/html-page.js";
import { PlanInput } from "../report/plan-input.js";
import { compileToVega, renderSvg } from "../report/render-svg.js";
import { reportFigures, type ReportInputs, type Sourced } from "../report/report-figures.js";
import { SimulateInput } from "../report/simulate-input.js";
import { ValidateInput } from "../report/validate-input.js";
import { InputError, parseOrThrow } from "../validation.js";
import { numberArg, posIntArg } from "./args.js";
import { parseJsonText, readTextFile, writeFileAtomic } from "./files.js";
import { DEFAULT_PNG_SCALE, renderPng } from "./render-png.js";
import { vegaRuntimeJs } from "./report-assets.js";
import { loadScenarioFile } from "./scenario-file.js";
import { simulateJson } from "./simulate.js";
import { fileScenarioEnv } from "./simulate-spec.js";
import { VERSION } from "./version.js";

export const REPORT_FORMATS = ["svg", "png", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const BUILTIN_SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/seed-study/", import.meta.url));

interface ReportOptions {
  out: string;
  simulate?: string[];
  plan?: string;
  validate?: string;
  format?: string;
  requests?: number;
  pngScale?: number;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "draw figures (SVG, PNG) and one offline HTML report from simulate / plan / validate --json output; " +
        "with no input, from the built-in seed-study scenarios",
    )
    .requiredOption("--out <dir>", "directory for <figure>.svg, <figure>.png and report.html")
    .option("--simulate <file>", "servesim simulate --json output (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--plan <file>", "servesim plan --json output: the Pareto figure")
    .option("--validate <file>", "servesim validate --json output: predicted against measured")
    .option("--format <list>", "what to write: any of svg,png,html (default all three)")
    .option("--requests <n>", "built-in scenarios only: measured requests per load level (default: the scenario's)", posIntArg("--requests"))
    .option("--png-scale <x>", `PNG pixels per SVG pixel (default ${DEFAULT_PNG_SCALE})`, numberArg("--png-scale", 0))
    .action(async (opts) => {
      await runReport(opts as ReportOptions);
    });
}

export function parseFormats(text: string | undefined): Set<ReportFormat> {
  if (text === undefined) return new Set(REPORT_FORMATS);
  const items = text.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  const bad = items.find((s) => !(REPORT_FORMATS as readonly string[]).includes(s));
  if (bad !== undefined) throw new InputError(`--format: unknown format "${bad}" (use svg, png, html)`);
  if (items.length === 0) throw new InputError("--format: give at least one of svg, png, html");
  return new Set(items as ReportFormat[]);
}

function readInput<T extends z.ZodType>(schema: T, path: string, flag: string): Sourced<z.infer<T>> {
  const data = parseJsonText(readTextFile(path, flag), path);
  return { source: basename(path).replace(/\.json$/i, ""), data: parseOrThrow(schema, data, path) };
}

/** The seed study simulated now: every scenarios/seed-study/*.yaml, as simulate --json would print it. */
export function builtinSimulations(requests: number | undefined, dir = BUILTIN_SCENARIO_DIR): Sourced<SimulateInput>[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new InputError(`built-in scenarios: cannot read ${dir}`);
  }
  return files.map((f) => {
    const path = join(dir, f);
    const loaded = loadScenarioFile(path);
    const spec =
      requests === undefined
        ? loaded.spec
        : { ...loaded.spec, measurement: { ...loaded.spec.measurement, requests, warmupRequests: Math.max(100, Math.round(requests / 10)) } };
    const runs = resolveScenario(spec, fileScenarioEnv(loaded.resolvePath), path);
    const json = simulateJson(runs.map((run) => ({ run, rows: runSweep(run) })), runs[0]?.seed ?? "1");
    return { source: spec.name ?? f.replace(/\.ya?ml$/, ""), data: parseOrThrow(SimulateInput, JSON.parse(JSON.stringify(json)), path) };
  });
}

export function gatherInputs(o: Pick<ReportOptions, "simulate" | "plan" | "validate" | "requests">): ReportInputs {
  const files = (o.simulate ?? []).length + (o.plan !== undefined ? 1 : 0) + (o.validate !== undefined ? 1 : 0);
  if (files > 0 && o.requests !== undefined) throw new InputError("--requests applies only to the built-in scenarios (no input files)");
  if (files === 0) return { simulate: builtinSimulations(o.requests), plan: null, validate: null };
  return {
    simulate: (o.simulate ?? []).map((p) => readInput(SimulateInput, p, "--simulate")),
    plan: o.plan !== undefined ? readInput(PlanInput, o.plan, "--plan") : null,
    validate: o.validate !== undefined ? readInput(ValidateInput, o.validate, "--validate") : null,
  };
}

function introOf(inputs: ReportInputs, builtin: boolean): string[] {
  const lines: string[] = [];
  if (builtin) lines.push(`The built-in seed-study scenarios (${inputs.simulate.map((s) => s.source).join(", ")}), simulated by servesim ${VERSION}.`);
  else {
    const sources = [
      ...inputs.simulate.map((s) => `simulate: ${s.source}`),
      ...(inputs.plan ? [`plan: ${inputs.plan.source}`] : []),
      ...(inputs.validate ? [`validate: ${inputs.validate.source}`] : []),
    ];
    lines.push(`Inputs: ${sources.join("; ")}.`);
  }
  lines.push("Latency in milliseconds, throughput in inferences per second. Colours: Okabe–Ito (colour-blind safe). Hover a mark for its values.");
  return lines;
}

async function runReport(o: ReportOptions): Promise<void> {
  const formats = parseFormats(o.format);
  const builtin = (o.simulate ?? []).length === 0 && o.plan === undefined && o.validate === undefined;
  const inputs = gatherInputs(o);
  const figures: Figure[] = reportFigures(inputs);
  const scale = o.pngScale ?? DEFAULT_PNG_SCALE;
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array): void => {
    const path = join(o.out, name);
    writeFileAtomic(path, data);
    written.push(path);
  };
  const htmlFigures: HtmlFigure[] = [];
  for (const f of figures) {
    const files: string[] = [];
    if (formats.has("svg") || formats.has("png")) {
      const { svg, warnings } = await renderSvg(f.spec);
      for (const w of warnings) process.stderr.write(`servesim report: ${f.name}: ${w}\n`);
      if (formats.has("svg")) {
        write(`${f.name}.svg`, svg);
        files.push(`${f.name}.svg`);
      }
      if (formats.has("png")) {
        write(`${f.name}.png`, renderPng(svg, scale));
        files.push(`${f.name}.png`);
      }
    }
    if (formats.has("html")) htmlFigures.push({ name: f.name, title: f.title, description: f.description, vegaLite: f.spec, vega: compileToVega(f.spec).vega, files });
  }
  if (formats.has("html")) {
    write(
      "report.html",
      reportHtml({
        title: "servesim report",
        intro: introOf(inputs, builtin),
        figures: htmlFigures,
        vegaRuntimeJs: vegaRuntimeJs(),
        footer: `Written by servesim ${VERSION} (servesim report). Self-contained: the Vega runtime is inlined; nothing is fetched.`,
      }),
    );
  }
  for (const p of written) process.stdout.write(`${p}\n`);
}
