// Spec → SVG, headless: vega-lite compiles the spec to Vega, a Vega View with renderer "none" lays it
// out and writes SVG text. No canvas, no network, no clock, def ids restarted per render: the same
// spec gives byte-identical SVG.
// Warnings from vega-lite and Vega are collected, not printed, so a caller (or a test) can see them.
import { parse, resetSVGDefIds, View, type Spec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>["logger"]>;

function collectingLogger(into: string[]): Logger {
  let level = 2;
  const logger: Logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      into.push(`error: ${args.map(String).join(" ")}`);
      return logger;
    },
    warn(...args: unknown[]) {
      into.push(args.map(String).join(" "));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

export interface CompiledFigure {
  readonly vega: Spec;
  readonly warnings: readonly string[];
}

/** The Vega spec a vega-lite spec compiles to (what the HTML page runs). */
export function compileToVega(spec: TopLevelSpec): CompiledFigure {
  const warnings: string[] = [];
  const vega = compile(spec, { logger: collectingLogger(warnings) }).spec;
  return { vega, warnings };
}

export interface RenderedSvg {
  readonly svg: string;
  readonly warnings: readonly string[];
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const { vega, warnings } = compileToVega(spec);
  const all = [...warnings];
  const view = new View(parse(vega), { renderer: "none", logger: collectingLogger(all) as never });
  try {
    await view.runAsync();
    // clip-path and gradient ids come from module-wide counters: restart them so output never depends
    // on what was rendered before in this process
    resetSVGDefIds();
    const svg = await view.toSVG();
    return { svg, warnings: all };
  } finally {
    view.finalize();
  }
}
