// The offline report page: every figure's vega-lite spec and its compiled Vega spec embedded as JSON,
// drawn in the browser by the inlined Vega runtime (vega.min.js) with the SVG renderer. No network:
// no script src, no external links. Text and JSON are escaped so nothing closes a <script> early.
import type { Spec } from "vega";
import type { TopLevelSpec } from "vega-lite";

export interface HtmlFigure {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly vegaLite: TopLevelSpec;
  readonly vega: Spec;
  /** Sibling files written for this figure (relative links, e.g. "plan-pareto.svg"). */
  readonly files: readonly string[];
}

export interface HtmlPage {
  readonly title: string;
  readonly intro: readonly string[];
  readonly figures: readonly HtmlFigure[];
  /** Source of vega.min.js (UMD: defines the global `vega`). */
  readonly vegaRuntimeJs: string;
  readonly footer: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON safe inside <script type="application/json">: "<" never appears literally. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** JavaScript safe inside <script>: "</script" and "<!--" cannot end or confuse the element. */
export function scriptJs(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
p.desc { color: #444; max-width: 60em; } p.files { font-size: 0.85em; color: #666; }
figure { margin: 0; overflow-x: auto; } footer { margin-top: 3em; font-size: 0.8em; color: #666; }
nav ol { columns: 2; font-size: 0.9em; }
`;

const BOOT = `
(function () {
  var list = JSON.parse(document.getElementById("servesim-figures").textContent);
  list.forEach(function (name) {
    var spec = JSON.parse(document.getElementById("vega-" + name).textContent);
    var el = document.getElementById("fig-" + name);
    el.textContent = "";
    new vega.View(vega.parse(spec), { renderer: "svg", container: el, hover: true }).runAsync();
  });
})();
`;

export function reportHtml(page: HtmlPage): string {
  const L: string[] = [];
  L.push("<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">');
  L.push(`<title>${escapeHtml(page.title)}</title>`, `<style>${STYLE}</style>`, "</head>", "<body>");
  L.push(`<h1>${escapeHtml(page.title)}</h1>`);
  for (const p of page.intro) L.push(`<p>${escapeHtml(p)}</p>`);
  L.push("<nav><ol>");
  for (const f of page.figures) L.push(`<li><a href="#${f.name}">${escapeHtml(f.title)}</a></li>`);
  L.push("</ol></nav>");
  for (const f of page.figures) {
    L.push(`<section id="${f.name}">`, `<h2>${escapeHtml(f.title)}</h2>`, `<p class="desc">${escapeHtml(f.description)}</p>`);
    L.push(`<figure id="fig-${f.name}"><noscript>This figure needs JavaScript${f.files.length > 0 ? "; see the files below" : ""}.</noscript></figure>`);
    if (f.files.length > 0) {
      L.push(`<p class="files">Files: ${f.files.map((x) => `<a href="${escapeHtml(x)}">${escapeHtml(x)}</a>`).join(" · ")}</p>`);
    }
    L.push(`<script type="application/json" id="spec-${f.name}">${scriptJson(f.vegaLite)}</script>`);
    L.push(`<script type="application/json" id="vega-${f.name}">${scriptJson(f.vega)}</script>`);
    L.push("</section>");
  }
  L.push(`<footer>${escapeHtml(page.footer)}</footer>`);
  L.push(`<script type="application/json" id="servesim-figures">${scriptJson(page.figures.map((f) => f.name))}</script>`);
  L.push(`<script>${scriptJs(page.vegaRuntimeJs)}</script>`);
  L.push(`<script>${BOOT}</script>`);
  L.push("</body>", "</html>");
  return `${L.join("\n")}\n`;
}
