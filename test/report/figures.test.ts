// The figure specs rendered headless: each is well-formed SVG of a sensible size with the marks its
// data implies (bars per level × component, points per level, one line per run and panel), its axis
// titles as text, no vega-lite / Vega warnings, identical bytes on every render, and a PNG whose IHDR
// is the SVG's size × the scale. Inputs are synthetic and checked by the same zod schemas as the CLI.
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { pngOptions, renderPng } from "../../src/cli/render-png.js";
import { BREAKDOWN_COMPONENTS } from "../../src/report/breakdown.js";
import { breakdownFigure, LATENCY_AXIS_TITLE, THROUGHPUT_AXIS_TITLE } from "../../src/report/breakdown-figure.js";
import { latencyThroughputFigure } from "../../src/report/latency-throughput-figure.js";
import { CAPACITY_AXIS_TITLE, paretoFigure, sloAxisTitle } from "../../src/report/pareto-figure.js";
import { PlanInput } from "../../src/report/plan-input.js";
import { renderSvg } from "../../src/report/render-svg.js";
import { labelRuns, profilesText, reportFigures, uniqueStems } from "../../src/report/report-figures.js";
import { SimulateInput } from "../../src/report/simulate-input.js";
import { ValidateInput } from "../../src/report/validate-input.js";
import { overlayRows, validateOverlayFigure } from "../../src/report/validate-overlay-figure.js";
import { repeatRows, validateRepeatsFigure } from "../../src/report/validate-repeats-figure.js";
import { headlineText, niceCeil, validateScatterFigure } from "../../src/report/validate-scatter-figure.js";
import { speedRows, validateSpeedFigure } from "../../src/report/validate-speed-figure.js";
import { wrapText } from "../../src/report/wrap.js";
import { parseOrThrow } from "../../src/validation.js";
import { assertWellFormedSvg, countRole, pngSize, svgSize, svgTexts } from "./svg-helpers.js";
import { syntheticPlan, syntheticSimulate, syntheticValidate } from "./synthetic.js";

const sim = SimulateInput.parse(syntheticSimulate());
const plan = PlanInput.parse(syntheticPlan());
const validate = ValidateInput.parse(JSON.parse(JSON.stringify(syntheticValidate())));

async function rendered(spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const { svg, warnings } = await renderSvg(spec);
  expect(warnings).toEqual([]);
  assertWellFormedSvg(svg);
  const { width, height } = svgSize(svg);
  expect(width).toBeGreaterThan(300);
  expect(width).toBeLessThan(2000);
  expect(height).toBeGreaterThan(200);
  expect(height).toBeLessThan(1200);
  return svg;
}

describe("figure (a): latency breakdown with throughput", () => {
  it("one bar segment per level × component, one throughput point per level, both axis titles", async () => {
    const run = sim.runs[0]!;
    const svg = await rendered(breakdownFigure(run, "static", "static").spec);
    expect(countRole(svg, "bar")).toBe(run.levels.length * BREAKDOWN_COMPONENTS.length);
    expect(countRole(svg, "point")).toBe(run.levels.length);
    expect(countRole(svg, "line mark")).toBe(1);
    const texts = svgTexts(svg);
    for (const t of [LATENCY_AXIS_TITLE, THROUGHPUT_AXIS_TITLE, "concurrency (requests in flight)", "latency component", "server queue", "throughput (right axis)"]) {
      expect(texts).toContain(t);
    }
  });

  it("names open-loop levels as request rates and lists unstable levels", async () => {
    const svg = await rendered(breakdownFigure(sim.runs[1]!, "dynamic", "dynamic").spec);
    const texts = svgTexts(svg);
    expect(texts).toContain("request rate (requests/s)");
    expect(texts.some((t) => t.includes("unstable") && t.includes("600"))).toBe(true);
  });

  it("uses the fixed Okabe–Ito colours of the components", async () => {
    const svg = await rendered(breakdownFigure(sim.runs[0]!, "static", "static").spec);
    for (const c of BREAKDOWN_COMPONENTS) expect(svg).toContain(`fill="${c.color}"`);
  });
});

describe("figure (b): latency against throughput", () => {
  it("p50 and p99 panels, one line per run in each, one point per level and statistic", async () => {
    const runs = labelRuns([{ source: "syn", data: sim }]);
    const svg = await rendered(latencyThroughputFigure(runs).spec);
    const levels = sim.runs.reduce((n, r) => n + r.levels.length, 0);
    expect(countRole(svg, "line mark")).toBe(2 * sim.runs.length);
    expect(countRole(svg, "point")).toBe(2 * levels);
    const texts = svgTexts(svg);
    expect(texts).toContain("throughput (inferences/s)");
    expect(texts).toContain("latency (ms)");
    expect(texts).toContain("p50 latency");
    expect(texts).toContain("p99 latency");
    expect(texts).toContain("static");
    expect(texts).toContain("dynamic");
  });
});

describe("figure (c): predicted against measured", () => {
  it("the schema takes validate --json with nulls where a figure was NaN, and rejects a bad point with its path", () => {
    expect(validate.points).toHaveLength(7);
    expect(validate.points[6]!.measured.p99Us).toBeNull();
    const bad = JSON.parse(JSON.stringify(syntheticValidate()));
    bad.points[2].measured.throughputPerS = "fast";
    expect(() => parseOrThrow(ValidateInput, bad, "v.json")).toThrow(/^v\.json: points\[2\]\.measured\.throughputPerS: /);
    const wrongMode = JSON.parse(JSON.stringify(syntheticValidate()));
    wrongMode.points[0].mode = "trace";
    expect(() => parseOrThrow(ValidateInput, wrongMode, "v.json")).toThrow(/points\[0\]\.mode/);
    expect(() => parseOrThrow(ValidateInput, { ...syntheticValidate(), command: "plan" }, "v.json")).toThrow(/command/);
  });

  it("overlay: measured and predicted lines per run in both panels; points with a missing figure left out", async () => {
    const rows = overlayRows(validate.points);
    // 7 points × 2 sources × 2 statistics, less the missing measured p99
    expect(rows).toHaveLength(7 * 4 - 1);
    const svg = await rendered(validateOverlayFigure(validate.points, "profile h100-bert").spec);
    expect(countRole(svg, "point")).toBe(rows.length);
    expect(countRole(svg, "line mark")).toBe(2 /* runs */ * 2 /* sources */ * 2 /* panels */);
    expect(svg).toContain('stroke-dasharray="6,4"');
    const texts = svgTexts(svg);
    for (const t of ["measured", "predicted", "latency (ms)", "throughput (inferences/s)", "static-c", "dyn-rate"]) expect(texts).toContain(t);
  });

  it("the subtitle names up to three profiles and counts more; with none it names the source", () => {
    expect(profilesText(["a", "b", "c"], "v.json")).toBe("profile a, b, c");
    expect(profilesText(["a", "b", "c", "d"], "v.json")).toBe("4 profiles, each run's own");
    expect(profilesText([], "v.json")).toBe("v.json");
  });

  it("scatter: one point per point and metric with both figures, and a y = x line per panel", async () => {
    const svg = await rendered(validateScatterFigure(validate.points, "profile h100-bert").spec);
    expect(countRole(svg, "point")).toBe(7 + 7 + 6);
    expect(countRole(svg, "line mark")).toBe(3);
    const texts = svgTexts(svg);
    for (const t of ["measured (inferences/s)", "predicted (inferences/s)", "measured (ms)", "predicted (ms)", "in sample", "held out"]) {
      expect(texts).toContain(t);
    }
    expect(niceCeil(0.7)).toBe(1);
    expect(niceCeil(123)).toBe(200);
    expect(niceCeil(480)).toBe(500);
  });
});

describe("figure (c2)'s subtitle: validate's headline", () => {
  it("gives each metric's median absolute error with its interval over profiles, and nothing for older JSON", async () => {
    const table = (x: number) => ({ n: 20, medianAbsPct: x });
    const overall = { throughput: table(1.31), p50: table(5.7), p90: table(8.3), p99: table(12.24) };
    const iv = (lowPct: number, highPct: number) => ({ lowPct, highPct });
    const uncertainty = { level: 0.95, overall: { intervals: { throughput: iv(1.2, 1.4), p50: iv(4.9, 7.7), p90: iv(6.9, 9.6), p99: iv(10.5, 15.7) } } };
    const text = headlineText({ overall, uncertainty });
    expect(text).toBe(
      "median absolute error over the 20 steady, stable points: throughput 1.3 % (1.2–1.4), p50 5.7 % (4.9–7.7), p99 12.2 % (10.5–15.7); in brackets its 95 % interval with the calibrations resampled",
    );
    expect(headlineText({ overall })).toBe("median absolute error over the 20 steady, stable points: throughput 1.3 %, p50 5.7 %, p99 12.2 %");
    expect(headlineText({})).toBeNull();
    const svg = await rendered(validateScatterFigure(validate.points, "profile h100-bert", undefined, text).spec);
    expect(svgTexts(svg).join(" ")).toContain("p50 5.7 % (4.9–7.7)"); // the subtitle wraps at word boundaries
  });
});

describe("figure (c2) with validate's speed margin", () => {
  it("adds a fourth panel, measured p99 against the slower server's, for the points that carry one", async () => {
    const pts = validate.points.map((p, i) => (i < 5 ? { ...p, marginPredicted: { ...p.predicted, p99Us: p.predicted.p99Us === null ? null : p.predicted.p99Us * 1.2 } } : p));
    expect((validateScatterFigure(pts, "x").spec as unknown as { hconcat: unknown[] }).hconcat).toHaveLength(3); // no margin given
    const fig = validateScatterFigure(pts, "profile h100-bert", 10);
    const svg = await rendered(fig.spec);
    expect(countRole(svg, "point")).toBe(7 + 7 + 6 + 5);
    expect(countRole(svg, "line mark")).toBe(4);
    expect(svgTexts(svg)).toContain("p99 latency, predicted 10 % slower (ms)");
    expect(fig.description).toContain("p99 predicted on a server 10 % slower");
    const parsed = ValidateInput.parse(JSON.parse(JSON.stringify({ ...syntheticValidate(), points: pts, speedMargin: { speedMarginPct: 10 } })));
    expect(reportFigures({ simulate: [], validate: { data: parsed, source: "v.json" }, plan: null }).find((f) => f.name === "validate-scatter")!.description).toContain("10 % slower");
  });
});

describe("figure (c3): error against the server's measured speed", () => {
  it("is drawn only when points carry a speed: two predictions × p50 and p99 per point, a zero rule per panel", async () => {
    expect(validateSpeedFigure(validate.points, "x")).toBeNull();
    const ratios = [1.02, 1.08, 1.14];
    const pts = validate.points.map((p, i) =>
      i < 3 ? { ...p, speedConditioned: { ratio: ratios[i]!, errorPct: { throughput: 0, p50: i === 2 ? 400 : 1, p90: 1, p99: -2 } } } : p,
    );
    const fig = validateSpeedFigure(pts, "profile h100-bert")!;
    expect(fig.name).toBe("validate-speed");
    const svg = await rendered(fig.spec);
    expect(countRole(svg, "point")).toBe(3 * 2 * 2);
    const texts = svgTexts(svg);
    for (const t of ["signed error (%)", "on the calibrated profile", "at the measured speed", "p50 latency", "p99 latency"]) expect(texts).toContain(t);
    // an error past ±100 % (a level its speed pushed past saturation) is drawn at the edge, its value kept for the tooltip
    const rows = speedRows(pts);
    expect(rows.find((r) => r.ratio === 1.14 && r.metric === "p50 latency" && r.prediction === "at the measured speed")!.errorPct).toBe(400);
    // unsteady or unstable levels are left out, as everywhere else
    expect(speedRows(pts.map((p, i) => (i === 0 ? { ...p, steady: false } : p)))).toHaveLength(2 * 2 * 2);
  });
});

describe("figure (c2) on overloaded and wide-ranging points", () => {
  it("leaves out points without a steady or a stable measurement and turns an axis logarithmic when it spans more than 20×", async () => {
    const pts = validate.points.map((p, i) => (i === 0 ? { ...p, steady: false } : i === 2 ? { ...p, stable: false } : p));
    const fig = validateScatterFigure(pts, "profile h100-bert");
    const svg = await rendered(fig.spec);
    expect(countRole(svg, "point")).toBe(7 + 7 + 6 - 3 - 3);
    const subtitle = (fig.spec as unknown as { title: { subtitle: string[] } }).title.subtitle.join(" ");
    expect(subtitle).toContain("2 points without a steady, stable measurement left out");
    const wide = validate.points.map((p, i) => (i === 1 ? { ...p, measured: { ...p.measured, p50Us: 500_000 } } : p));
    const panels = (validateScatterFigure(wide, "x").spec as unknown as { hconcat: { layer: { encoding: { x: { scale: { type?: string } } } }[] }[] }).hconcat;
    expect(panels[1]!.layer[1]!.encoding.x.scale.type).toBe("log");
  });
});

describe("figures (c1) and (c2) with more runs than the palette has colours", () => {
  // the synthetic report's points under twelve run names (two runs × six copies)
  const many = Array.from({ length: 6 }, (_, k) => validate.points.map((p) => ({ ...p, run: `${p.run}-${k}` }))).flat();
  const runs = [...new Set(many.map((p) => p.run))];

  it("scatter: colours how the requests arrived instead of repeating colours over runs", async () => {
    expect(runs.length).toBeGreaterThan(8);
    const svg = await rendered(validateScatterFigure(many, "x").spec);
    const texts = svgTexts(svg);
    // output from before validate said which gaps: closed or open loop only
    for (const t of ["load", "closed loop", "open loop"]) expect(texts).toContain(t);
    // with the arrival process: each kind present gets its own legend entry, and only those
    const arrivals = ["poisson", "constant", "custom"] as const;
    const said = many.map((p, i) => (p.mode === "rate" ? { ...p, arrival: arrivals[i % 3] } : { ...p, arrival: "closed" as const }));
    const svg2 = await rendered(validateScatterFigure(said, "x").spec);
    const texts2 = svgTexts(svg2);
    for (const t of ["closed loop", "open loop, Poisson", "open loop, constant", "open loop, intervals"]) expect(texts2).toContain(t);
    expect(texts2).not.toContain("open loop, gamma");
    for (const r of runs) expect(texts).not.toContain(r);
    expect(countRole(svg, "point")).toBe(6 * (7 + 7 + 6));
  });

  it("overlay: one panel per run, titled with the run, p50 and p99 measured and predicted in each", async () => {
    const svg = await rendered(validateOverlayFigure(many, "x").spec);
    const texts = svgTexts(svg);
    for (const r of runs) expect(texts).toContain(r);
    for (const t of ["latency", "p50", "p99", "measured", "predicted"]) expect(texts).toContain(t);
    expect(countRole(svg, "line mark")).toBe(runs.length * 2 /* statistics */ * 2 /* sources */);
    expect(countRole(svg, "point")).toBe(overlayRows(many).length);
  });
});

describe("figure (c4): repeated measurements against the median prediction", () => {
  const base = validate.points[0]!;
  const runs = ["r1", "r2", "r3"];
  const pts = runs.map((run, k) => ({ ...base, run, measured: { ...base.measured, p50Us: 1000 * (k + 1), p99Us: 3000 * (k + 1) } }));
  const table = { throughput: { n: 1, medianAbsPct: 1 }, p50: { n: 1, medianAbsPct: 5.1 }, p90: { n: 1, medianAbsPct: 9 }, p99: { n: 1, medianAbsPct: 17 } };
  const repeats = {
    minRuns: 3,
    groups: [{ model: base.model, mode: base.mode, load: base.load, runs, measured: { ...base.measured, p50Us: 2000, p99Us: 6000 }, predicted: { ...base.predicted, p50Us: 2500, p99Us: 5000 } }],
    medianError: table,
    spread: table,
  };

  it("is drawn only when validate found repeated configurations", () => {
    expect(validateRepeatsFigure(pts, undefined, "x")).toBeNull();
    expect(validateRepeatsFigure(pts, { ...repeats, groups: [] }, "x")).toBeNull();
  });

  it("draws every run's measurement, the median measurement and the median prediction, for p50 and p99", async () => {
    const rows = repeatRows(pts, repeats);
    expect(rows).toHaveLength(2 * (3 + 2));
    expect(rows.filter((r) => r.statistic === "p99" && r.kind === "one run, measured").map((r) => r.latencyMs)).toEqual([3, 6, 9]);
    expect(rows.find((r) => r.statistic === "p50" && r.kind === "median predicted")!.latencyMs).toBe(2.5);
    const fig = validateRepeatsFigure(pts, repeats, "profile h100-bert")!;
    expect(fig.name).toBe("validate-repeats");
    const svg = await rendered(fig.spec);
    expect(countRole(svg, "point")).toBe(rows.length);
    const texts = svgTexts(svg);
    for (const t of ["one run, measured", "median measured", "median predicted", "p50 latency (ms, log scale)", "p99 latency (ms, log scale)"]) expect(texts).toContain(t);
    expect(texts.some((t) => t.startsWith(`${base.model} @ `))).toBe(true);
  });

  it("states the other runs' median as a prediction beside the model's error on the same points, when validate gave both", () => {
    const loo = { ...table, p50: { n: 3, medianAbsPct: 3.7 }, p99: { n: 3, medianAbsPct: 42.1 } };
    const subtitle = (r: typeof repeats & { leaveOneOut?: typeof table; pointError?: typeof table }): string => {
      const t = validateRepeatsFigure(pts, r, "x")!.spec.title as { subtitle: string[] };
      return t.subtitle.join(" ");
    };
    expect(subtitle(repeats)).not.toContain("other runs' median");
    const s = subtitle({ ...repeats, leaveOneOut: loo, pointError: table });
    expect(s).toContain("each run predicted by the other runs' median: p50 3.7 %, p99 42.1 % (the model on the same points: 5.1 %, 17.0 %)");
  });
});

describe("figure (d): the plan's Pareto front", () => {
  it("every placeable screened point faint, the front joined, the recommendation marked, the SLO ruled", async () => {
    const svg = await rendered(paretoFigure(plan).spec);
    const placed = plan.points.filter((p) => p.sloMs !== null).length;
    const front = plan.points.filter((p) => p.pareto).length;
    expect(countRole(svg, "point")).toBe(placed + front + 1);
    expect(countRole(svg, "line mark")).toBe(1);
    const texts = svgTexts(svg);
    expect(texts).toContain(CAPACITY_AXIS_TITLE);
    expect(texts).toContain(sloAxisTitle(plan));
    expect(sloAxisTitle(plan)).toBe("p99 latency at 300 requests/s (ms)");
    expect(texts).toContain("SLO 30 ms");
    expect(texts).toContain("recommended");
    expect(texts.some((t) => t.includes("1 not drawn"))).toBe(true);
  });

  it("says so when nothing is recommended", async () => {
    const svg = await rendered(paretoFigure({ ...plan, feasible: false, recommendation: null }).spec);
    expect(svgTexts(svg).some((t) => t.includes("nothing recommended"))).toBe(true);
    expect(svgTexts(svg)).not.toContain("recommended");
  });
});

describe("rendering", () => {
  it("is deterministic: the same input gives byte-identical SVG and PNG", async () => {
    const figs = reportFigures({ simulate: [{ source: "syn", data: sim }], plan: { source: "p", data: plan }, validate: { source: "v", data: validate } });
    expect(figs.map((f) => f.name)).toEqual([
      "breakdown-static",
      "breakdown-dynamic",
      "latency-vs-throughput",
      "validate-latency-vs-throughput",
      "validate-scatter",
      "plan-pareto",
    ]);
    for (const f of figs) {
      const a = (await renderSvg(f.spec)).svg;
      const again = reportFigures({ simulate: [{ source: "syn", data: SimulateInput.parse(syntheticSimulate()) }], plan: { source: "p", data: plan }, validate: { source: "v", data: validate } });
      const b = (await renderSvg(again.find((g) => g.name === f.name)!.spec)).svg;
      expect(b).toBe(a);
      expect(Buffer.from(renderPng(a)).equals(Buffer.from(renderPng(b)))).toBe(true);
    }
  });

  it("clip-path ids do not depend on what was rendered before in the process", async () => {
    const clipped = { ...breakdownFigure(sim.runs[0]!, "static", "static").spec, layer: undefined, data: { values: [{ a: 1, b: 2 }] }, mark: { type: "bar", clip: true }, encoding: { x: { field: "a", type: "ordinal" }, y: { field: "b", type: "quantitative" } } } as unknown as Parameters<typeof renderSvg>[0];
    const first = (await renderSvg(clipped)).svg;
    expect(first).toContain("clipPath");
    await renderSvg(clipped);
    expect((await renderSvg(clipped)).svg).toBe(first);
  });

  it("PNG: signature and IHDR size = SVG size × scale", async () => {
    const svg = await rendered(breakdownFigure(sim.runs[0]!, "static", "static").spec);
    const { width, height } = svgSize(svg);
    expect(pngSize(renderPng(svg, 2))).toEqual({ width: width * 2, height: height * 2 });
    expect(pngSize(renderPng(svg, 1))).toEqual({ width, height });
  });

  it("PNG text is drawn: DejaVu is loaded (resvg with no fonts would silently drop it)", () => {
    const textOnly = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30" font-family="DejaVu Sans" font-size="24">latency</text></svg>';
    const dark = (pixels: Buffer) => {
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) n++;
      return n;
    };
    expect(dark(new Resvg(textOnly, pngOptions(1)).render().pixels)).toBeGreaterThan(100);
    expect(dark(new Resvg(textOnly, pngOptions(1, [])).render().pixels)).toBe(0);
  });
});

describe("labels and file names", () => {
  it("run names stay as they are unless two inputs share one; stems are file-safe and distinct", () => {
    const twice = labelRuns([
      { source: "a", data: sim },
      { source: "b", data: sim },
    ]);
    expect(twice.map((r) => r.label)).toEqual(["a/static", "a/dynamic", "b/static", "b/dynamic"]);
    expect(labelRuns([{ source: "a", data: sim }]).map((r) => r.label)).toEqual(["static", "dynamic"]);
    expect(uniqueStems(["a/static", "A static", "µ"])).toEqual(["a-static", "a-static-2", "run"]);
  });

  it("subtitles wrap at word boundaries", () => {
    const lines = wrapText("one two three four five six", 9);
    expect(lines).toEqual(["one two", "three", "four five", "six"]);
  });
});
