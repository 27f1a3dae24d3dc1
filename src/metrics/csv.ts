// perf_analyzer's latency-report CSV (-f): same header and column order, values in µs truncated to
// integers as perf_analyzer writes them, rows sorted by throughput. Also parses such files back.
import type { RunSummary } from "./summary.js";

const STANDARD_PERCENTILES = [50, 90, 95, 99] as const;

/** C++ ostream default formatting of a double (%g with 6 significant digits). */
export function formatLikeCpp(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -5 || exp >= 6) {
    const [mant, e] = x.toExponential(5).split("e") as [string, string];
    const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = x.toPrecision(6);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

export interface CsvOptions {
  /** Extra percentile from --percentile (adds a column, as perf_analyzer does). */
  readonly percentile?: number | undefined;
  /** perf_analyzer's --verbose-csv: adds "Avg latency" when no --percentile is set. */
  readonly verbose?: boolean | undefined;
}

function percentileColumns(opts: CsvOptions): number[] {
  const set = new Set<number>(STANDARD_PERCENTILES);
  if (opts.percentile !== undefined) set.add(opts.percentile);
  return [...set].sort((a, b) => a - b);
}

function percentileValue(s: RunSummary, p: number): number {
  switch (p) {
    case 50:
      return s.latencyUs.p50;
    case 90:
      return s.latencyUs.p90;
    case 95:
      return s.latencyUs.p95;
    case 99:
      return s.latencyUs.p99;
    default:
      return s.latencyUs.extra[String(p)] ?? Number.NaN;
  }
}

const us = (x: number): string => String(Math.max(0, Math.trunc(x)));

/** CSV text for one sweep (all rows share a load mode). */
export function toPerfAnalyzerCsv(rows: readonly RunSummary[], opts: CsvOptions = {}): string {
  const mode = rows[0]?.mode ?? "concurrency";
  const pcts = percentileColumns(opts);
  const header = [
    mode === "concurrency" ? "Concurrency" : "Request Rate",
    "Inferences/Second",
    "Client Send",
    "Network+Server Send/Recv",
    "Server Queue",
    "Server Compute Input",
    "Server Compute Infer",
    "Server Compute Output",
    "Client Recv",
    ...pcts.map((p) => `p${p} latency`),
  ];
  const avg = opts.verbose === true && opts.percentile === undefined;
  if (avg) header.push("Avg latency");
  const sorted = [...rows].sort((a, b) => a.throughputPerS - b.throughputPerS);
  const lines = [header.join(",")];
  for (const s of sorted) {
    const b = s.breakdownUs;
    const cells = [
      mode === "concurrency" ? String(s.load) : formatLikeCpp(s.load),
      formatLikeCpp(s.throughputPerS),
      us(b.clientSend),
      us(b.networkServer),
      us(b.serverQueue),
      us(b.computeInput),
      us(b.computeInfer),
      us(b.computeOutput),
      us(b.clientRecv),
      ...pcts.map((p) => us(percentileValue(s, p))),
    ];
    if (avg) cells.push(us(s.latencyUs.mean));
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** One row of a perf_analyzer CSV, keyed by column name (values as numbers). */
export type CsvRow = Readonly<Record<string, number>>;

/** Parse a perf_analyzer CSV (ours or the real tool's); throws with a line number on bad input. */
export function parsePerfAnalyzerCsv(text: string, where = "csv"): { header: string[]; rows: CsvRow[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const headerLine = lines[0];
  if (headerLine === undefined) throw new Error(`${where}: empty file`);
  const header = headerLine.split(",").map((h) => h.trim());
  if (header[0] !== "Concurrency" && header[0] !== "Request Rate") {
    throw new Error(`${where}:1: first column must be "Concurrency" or "Request Rate", got "${header[0]}"`);
  }
  if (!header.includes("Inferences/Second")) throw new Error(`${where}:1: missing column "Inferences/Second"`);
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw new Error(`${where}:${i + 2}: expected ${header.length} columns, got ${cells.length}`);
    }
    const row: Record<string, number> = {};
    header.forEach((h, j) => {
      const v = Number(cells[j]);
      if (!Number.isFinite(v)) throw new Error(`${where}:${i + 2}: column "${h}" is not a number ("${cells[j]}")`);
      row[h] = v;
    });
    return row;
  });
  return { header, rows };
}
