// End-to-end: `servesim report` as a user runs it (bin/servesim.js → dist/, so build first; npm test
// does). No input: the built-in seed-study scenarios, simulated with few requests to stay fast. With
// inputs: real simulate / plan --json output and a validate --json document. Bad input: one line
// naming the file and the problem, non-zero exit.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateJson } from "../../src/cli/validate.js";
import { ValidateInput } from "../../src/report/validate-input.js";
import { clusterBootstrap } from "../../src/validate/bootstrap.js";
import { summarizeErrors } from "../../src/validate/errors.js";
import type { ErrorTable, PointComparison, ValidationReport } from "../../src/validate/validate.js";
import { assertWellFormedSvg, countRole, pngSize, svgSize, svgTexts } from "./svg-helpers.js";
import { syntheticValidate } from "./synthetic.js";

const BIN = join(__dirname, "../../bin/servesim.js");
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "servesim-report-"));

const SEED_STUDY_RUNS = ["batch1", "batch8", "instances1", "instances4", "static", "dynamic"];

describe("servesim report (CLI)", () => {
  it("with no input draws the built-in seed study: breakdown per run, latency vs throughput, SVG + PNG + HTML; deterministic", () => {
    const a = tmp();
    const r = run(["report", "--out", a, "--requests", "400"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const stems = [...SEED_STUDY_RUNS.map((n) => `breakdown-${n}`), "latency-vs-throughput"];
    const expected = [...stems.flatMap((s) => [join(a, `${s}.svg`), join(a, `${s}.png`)]), join(a, "report.html")];
    expect(r.stdout.trim().split("\n")).toEqual(expected);
    expect(readdirSync(a).sort()).toEqual(expected.map((p) => p.slice(a.length + 1)).sort());

    for (const s of stems) {
      const svg = readFileSync(join(a, `${s}.svg`), "utf8");
      assertWellFormedSvg(svg);
      const { width, height } = svgSize(svg);
      expect(pngSize(readFileSync(join(a, `${s}.png`)))).toEqual({ width: 2 * width, height: 2 * height });
    }
    // batch 1 × concurrency 1…64: 7 levels × 7 components; batch 8 × concurrency 1…8: 4 levels
    const b1 = readFileSync(join(a, "breakdown-batch1.svg"), "utf8");
    expect(countRole(b1, "bar")).toBe(7 * 7);
    expect(countRole(b1, "point")).toBe(7);
    expect(countRole(readFileSync(join(a, "breakdown-batch8.svg"), "utf8"), "bar")).toBe(4 * 7);
    const lt = readFileSync(join(a, "latency-vs-throughput.svg"), "utf8");
    expect(countRole(lt, "line mark")).toBe(2 * SEED_STUDY_RUNS.length);
    expect(countRole(lt, "point")).toBe(2 * (7 + 4 + 7 + 7 + 7 + 7));
    expect(svgTexts(lt)).toContain("throughput (inferences/s)");

    const html = readFileSync(join(a, "report.html"), "utf8");
    expect(html).not.toMatch(/<(script|img|iframe|link)\b[^>]*\b(src|href)\s*=/i);
    for (const s of stems) expect(html).toContain(`id="spec-${s}"`);

    const b = tmp();
    expect(run(["report", "--out", b, "--requests", "400"]).status).toBe(0);
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true);
  });

  it("draws real simulate and plan --json output and a validate document; --format picks the files", () => {
    const d = tmp();
    const simFile = join(d, "sim.json");
    const sim = run(["simulate", "--compute-ms", "1=2,8=6", "--max-batch-size", "8", "--preferred-batch-size", "4,8", "--max-queue-delay-us", "500", "--request-rate-range", "100:700:300", "--requests", "2000", "--json"]);
    expect(sim.status).toBe(0);
    writeFileSync(simFile, sim.stdout);
    const planFile = join(d, "plan.json");
    const plan = run(["plan", "--compute-ms", "1=2,8=6", "--slo-p99-ms", "15", "--rate", "400", "--quick", "--json"]);
    expect(plan.status).toBe(0);
    writeFileSync(planFile, plan.stdout);
    const valFile = join(d, "validate.json");
    writeFileSync(valFile, JSON.stringify(syntheticValidate()));
    const out = join(d, "out");
    const r = run(["report", "--out", out, "--simulate", simFile, "--plan", planFile, "--validate", valFile, "--format", "svg,html"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const names = ["breakdown-default", "latency-vs-throughput", "validate-latency-vs-throughput", "validate-scatter", "plan-pareto"];
    const listed = r.stdout.trim().split("\n").map((p) => p.slice(out.length + 1));
    expect(listed[0]).toMatch(/^breakdown-.+\.svg$/);
    expect(listed.slice(1)).toEqual([...names.slice(1).map((n) => `${n}.svg`), "report.html"]);
    const pareto = readFileSync(join(out, "plan-pareto.svg"), "utf8");
    expect(svgTexts(pareto)).toContain("p99 latency at 400 requests/s (ms)");
    expect(svgTexts(pareto)).toContain("SLO 15 ms");
    const planJson = JSON.parse(plan.stdout) as { points: { sloMs: number | null; pareto: boolean }[]; recommendation: unknown };
    const placed = planJson.points.filter((p) => p.sloMs !== null).length;
    const front = planJson.points.filter((p) => p.pareto && p.sloMs !== null).length;
    expect(countRole(pareto, "point")).toBe(placed + front + (planJson.recommendation ? 1 : 0));
  });

  it("accepts what `servesim validate --json` writes (NaN figures become null)", () => {
    const pts = syntheticValidate().points.map(
      ({ speedConditioned: _none, marginPredicted: _noMargin, ...p }): PointComparison => ({
        ...p,
        profile: "h100-bert",
        tool: "perf_analyzer",
        batchSize: 1,
        arrival: p.mode === "concurrency" ? "closed" : "poisson",
        steady: true,
        stable: true,
        predictedStable: true,
        replications: 1,
        band: "<50%",
        measured: { ...p.measured, p99Us: p.measured.p99Us ?? Number.NaN } as PointComparison["measured"],
        predicted: p.predicted as PointComparison["predicted"],
        errorPct: { throughput: p.errorPct.throughput ?? Number.NaN, p50: p.errorPct.p50 ?? Number.NaN, p90: p.errorPct.p90 ?? Number.NaN, p99: p.errorPct.p99 ?? Number.NaN },
      }),
    );
    const table = (): ErrorTable => ({ throughput: summarizeErrors([]), p50: summarizeErrors([]), p90: summarizeErrors([]), p99: summarizeErrors([]) });
    const row = clusterBootstrap(pts.map((p) => ({ cluster: p.profile, errorPct: p.errorPct })), { seed: "1", reps: 10, level: 0.95 });
    const uncertainty = { method: "cluster bootstrap, clusters = profiles", reps: 10, level: 0.95, overall: row, heldOut: row, closedLoop: row, openLoop: row, withoutHostEpisodes: row, byCalibratedModel: [{ model: "BERT", all: row, heldOut: row }] } as const;
    const report: ValidationReport = { points: pts, overall: table(), heldOut: table(), inSample: table(), byBand: { "<50%": table(), "50–85%": table(), ">85%": table() }, byMode: { closedLoop: table(), openLoop: table() }, byArrival: { closed: table(), poisson: table(), constant: table(), gamma: table(), custom: table() }, includingUnstable: { overall: table(), heldOut: table(), openLoop: table() }, fellBehind: table(), byProfile: [], byCalibratedModel: [{ model: "BERT", all: table(), heldOut: table() }], byHostEpisodes: { recurring: { all: table(), heldOut: table() }, none: { all: table(), heldOut: table() } }, regret: [], speedConditioned: { plain: table(), conditioned: table(), heldOutPlain: table(), heldOutConditioned: table() }, repeats: [], repeatSpread: { sameTool: table(), sameToolClosedLoop: table(), sameToolOpenLoop: table(), acrossTools: table() }, acrossRepeats: { minRuns: 3, groups: [], medianError: table(), pointError: table(), spread: table(), leaveOneOut: table() }, speedMargin: null, uncertainty };
    const parsed = ValidateInput.safeParse(JSON.parse(JSON.stringify(validateJson(report, ["h100-bert"]))));
    expect(parsed.success).toBe(true);
    expect(parsed.data!.points[6]!.measured.p99Us).toBeNull();
  });

  it("bad input: one line naming the file and the problem, non-zero exit", () => {
    const d = tmp();
    const one = (args: string[], pattern: RegExp) => {
      const r = run(["report", "--out", join(d, "out"), ...args]);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/^\s+at .*:\d+/m); // no stack trace
    };
    const missing = join(d, "none.json");
    one(["--simulate", missing], new RegExp(`--simulate ${missing}: no such file`));
    const notJson = join(d, "bad.json");
    writeFileSync(notJson, "{ nope");
    one(["--plan", notJson], new RegExp(`${notJson}: not valid JSON`));
    const wrong = join(d, "val.json");
    const v = syntheticValidate() as unknown as { points: { load: unknown }[] };
    v.points[1]!.load = -3;
    writeFileSync(wrong, JSON.stringify(v));
    one(["--validate", wrong], new RegExp(`${wrong}: points\\[1\\]\\.load: `));
    const plan = join(d, "plan-as-sim.json");
    writeFileSync(plan, JSON.stringify({ tool: "servesim", command: "plan", seed: "1", runs: [] }));
    one(["--simulate", plan], /plan-as-sim\.json: .*command/);
    one(["--format", "svg,pdf"], /--format: unknown format "pdf"/);
    one(["--simulate", missing, "--requests", "10"], /--requests applies only to the built-in scenarios/);
    const r = run(["report"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--out/);
  });
});
