// The offline report page: one file that draws every figure with no network — no script or link
// pointing anywhere, the Vega runtime inlined and still runnable after escaping, every vega-lite spec
// and compiled Vega spec embedded intact, and text that could close a <script> escaped.
import { runInContext, createContext, Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { vegaRuntimeJs } from "../../src/cli/report-assets.js";
import type { Figure } from "../../src/report/figure.js";
import { reportHtml, scriptJs, scriptJson, type HtmlFigure } from "../../src/report/html-page.js";
import { PlanInput } from "../../src/report/plan-input.js";
import { compileToVega, renderSvg } from "../../src/report/render-svg.js";
import { reportFigures } from "../../src/report/report-figures.js";
import { SimulateInput } from "../../src/report/simulate-input.js";
import { ValidateInput } from "../../src/report/validate-input.js";
import { syntheticPlan, syntheticSimulate, syntheticValidate } from "./synthetic.js";

const figures: Figure[] = reportFigures({
  simulate: [{ source: "syn", data: SimulateInput.parse(syntheticSimulate()) }],
  plan: { source: "p", data: PlanInput.parse(syntheticPlan()) },
  validate: { source: "v", data: ValidateInput.parse(syntheticValidate()) },
});
const runtime = vegaRuntimeJs();

function page(figs: readonly Figure[]): string {
  const html: HtmlFigure[] = figs.map((f) => ({ ...f, vegaLite: f.spec, vega: compileToVega(f.spec).vega, files: [`${f.name}.svg`] }));
  return reportHtml({ title: "servesim report", intro: ["test"], figures: html, vegaRuntimeJs: runtime, footer: "footer" });
}

const scripts = (html: string) => [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1]!, body: m[2]! }));

describe("report.html", () => {
  const html = page(figures);

  it("references nothing on the network: no src/href to http(s), no <link>, no script with src", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<(script|img|iframe|link|source)\b[^>]*\b(src|href)\s*=/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    for (const s of scripts(html)) expect(s.attrs).not.toMatch(/src/i);
  });

  it("embeds every vega-lite spec and its compiled Vega spec, intact", () => {
    const byId = new Map(scripts(html).map((s) => [/id="([^"]+)"/.exec(s.attrs)?.[1], s.body]));
    for (const f of figures) {
      expect(JSON.parse(byId.get(`spec-${f.name}`)!)).toEqual(JSON.parse(JSON.stringify(f.spec)));
      expect(JSON.parse(byId.get(`vega-${f.name}`)!)).toEqual(JSON.parse(JSON.stringify(compileToVega(f.spec).vega)));
      expect(html).toContain(`id="fig-${f.name}"`);
    }
    expect(JSON.parse(byId.get("servesim-figures")!)).toEqual(figures.map((f) => f.name));
  });

  it("inlines the Vega runtime, which still runs and draws the embedded specs exactly as the SVG files", async () => {
    const code = scripts(html).filter((s) => s.attrs.trim() === "");
    expect(code).toHaveLength(2);
    expect(code[0]!.body.length).toBeGreaterThan(400_000);
    new Script(code[1]!.body); // the boot script compiles
    const ctx = createContext({ console, setTimeout, clearTimeout });
    runInContext(code[0]!.body, ctx);
    const vega = (ctx as { vega: { parse(s: unknown): unknown; View: new (r: unknown, o: unknown) => { toSVG(): Promise<string> } } }).vega;
    for (const f of figures.slice(0, 3)) {
      const embedded = JSON.parse(scripts(html).find((s) => s.attrs.includes(`id="vega-${f.name}"`))!.body);
      const svg = await new vega.View(vega.parse(embedded), { renderer: "none" }).toSVG();
      expect(svg).toBe((await renderSvg(f.spec)).svg);
    }
  });

  it("escapes text and JSON that could end a <script> early", () => {
    const evil: Figure = {
      ...figures[0]!,
      name: "evil",
      title: "</script><script>alert(1)</script>",
      description: "a < b & c",
      spec: { ...figures[0]!.spec, description: "</script><!-- x" } as Figure["spec"],
    };
    const h = page([evil]);
    expect(h).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(h).toContain("a &lt; b &amp; c");
    const s = scripts(h).find((x) => x.attrs.includes('id="spec-evil"'))!;
    expect(JSON.parse(s.body).description).toBe("</script><!-- x");
    expect(scriptJson({ a: "</script>" })).not.toContain("</");
    expect(scriptJs('x = "</script>"; y = "<!--";')).toBe('x = "<\\/script>"; y = "<\\!--";');
    // the escaped JavaScript means the same
    expect(runInContext(`${scriptJs('var x = "</script><!--"')}; x`, createContext({}))).toBe("</script><!--");
  });
});
