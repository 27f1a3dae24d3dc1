// Checks on rendered figures without a DOM: SVG well-formedness (resvg's strict XML parser plus a tag
// balance walk), the root's size, counts of Vega's aria role descriptions (one per drawn item), and a
// PNG's signature and IHDR size.
import { Resvg } from "@resvg/resvg-js";

export function assertWellFormedSvg(svg: string): void {
  if (!svg.startsWith("<svg")) throw new Error("does not start with <svg");
  new Resvg(svg, { font: { loadSystemFonts: false } }); // throws on malformed XML
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose === "/") continue;
    if (close === "/") {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else stack.push(name!);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
}

export function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error("no width/height on <svg>");
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Drawn items of one kind: "bar", "point", "line mark", "axis", "legend", "text"… */
export function countRole(svg: string, role: string): number {
  return svg.split(`aria-roledescription="${role}"`).length - 1;
}

const decode = (t: string): string =>
  t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** Visible text lines: each <text> element's content, or each of its <tspan> lines, entities decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].flatMap((m) => {
    const inner = m[1]!;
    const spans = [...inner.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => decode(t[1]!));
    return spans.length > 0 ? spans : [decode(inner)];
  });
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngSize(png: Uint8Array): { width: number; height: number } {
  for (let i = 0; i < 8; i++) if (png[i] !== PNG_SIGNATURE[i]) throw new Error("not a PNG signature");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const type = String.fromCharCode(png[12]!, png[13]!, png[14]!, png[15]!);
  if (type !== "IHDR") throw new Error(`first chunk is ${type}, not IHDR`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
