// perf_analyzer's own instance turnaround, read from its tool run (docs/VALIDATION.md, "Read in session 55"; a
// calibration-side reading: the model keeps the profile's turnaround for every tool, a variant that gave the tool its
// own having been tried and not kept, "Tried in session 55"). The profile's turnaround (turnaround.ts) is the time an
// instance spends between executions, measured on the composition run (servesim loadgen's closed loop). On the same
// calibration-only model, host and minute, perf_analyzer's tool run turns around faster (about 0.6–0.8 as long at the
// same requests per execution). The turnaround decides whether the clients one execution answered are back in the
// queue before the instance takes the next payload, so it sets how perf_analyzer's closed loop splits its clients into
// cohorts and how many requests each execution carries.
//
// Measured from the tool run's part of the calibration-only model's execution log (its last run, after the pause
// that follows the composition run) and the run's CSV: the log is split into the CSV's levels, which perf_analyzer
// runs one after another (the split whose blocks' throughputs lie nearest theirs; a level within 15 % of a
// neighbour's throughput cannot be told apart from it and is left out, as is one whose part of the log ran at
// another throughput than the CSV's); at each level the cycle per execution (its requests per execution in the log
// over its throughput in the CSV) less Triton's compute per execution is the turnaround. The CSV's compute columns
// are means over requests, so each execution counts as often as it has requests; the log's stub durations, averaged
// both ways, take the compute back to a mean over executions. The factor is the least-squares multiple of the
// profile's line (base + per request × the level's requests per execution) through the levels' turnarounds.
import type { Turnaround } from "../compute/profile.js";
import type { CsvRow } from "../metrics/csv.js";
import { loadedLevels } from "./tool-gap.js";
import type { ExecutionLog } from "./slow-stretches.js";

export interface ToolTurnaroundLevel {
  readonly concurrency: number;
  readonly executions: number;
  readonly requestsPerExecution: number;
  readonly cycleUs: number;
  /** Triton's compute per execution (the CSV's per-request means taken back to a mean over executions). */
  readonly computeUs: number;
  readonly turnaroundUs: number;
  /** The profile's turnaround at the level's requests per execution. */
  readonly profileUs: number;
}

export interface ToolTurnaroundFit {
  readonly turnaroundFactor: number;
  readonly levels: readonly ToolTurnaroundLevel[];
}

/** Executions per block when splitting the log into levels, and the fewest blocks a level needs. */
const BLOCK = 20;
const MIN_BLOCKS = 3;
/** How far (log ratio) a level's throughput in the log may lie from the CSV's: 15 %. */
const MAX_LN_RATIO = Math.log(1.15);

/** The tool's levels run one after another in the order of its CSV: the log's blocks of BLOCK executions are split
 *  into that many consecutive segments, the split whose blocks' throughputs lie nearest (in log ratio, least squares)
 *  to their levels' (dynamic programming). Returns each level's [first block, end block). */
function splitIntoLevels(log: ExecutionLog, perS: readonly number[]): [number, number][] {
  const blocks = Math.floor((log.startUs.length - 1) / BLOCK);
  const L = perS.length;
  if (blocks < L) return [];
  const lnThr = new Float64Array(blocks);
  for (let k = 0; k < blocks; k++) {
    let samples = 0;
    for (let i = k * BLOCK; i < (k + 1) * BLOCK; i++) samples += log.samples[i]!;
    const spanUs = log.startUs[(k + 1) * BLOCK]! - log.startUs[k * BLOCK]!;
    lnThr[k] = Math.log(spanUs > 0 ? (1e6 * samples) / spanUs : 1e-9);
  }
  const cost = (k: number, j: number) => (lnThr[k]! - Math.log(perS[j]!)) ** 2;
  // best[j][k]: the least cost of blocks 0..k with block k in level j; from[j][k]: where level j starts
  const best = Array.from({ length: L }, () => new Float64Array(blocks).fill(Number.POSITIVE_INFINITY));
  const from = Array.from({ length: L }, () => new Int32Array(blocks));
  for (let k = 0; k < blocks; k++) {
    best[0]![k] = (k > 0 ? best[0]![k - 1]! : 0) + cost(k, 0);
    for (let j = 1; j < L && j <= k; j++) {
      const stay = best[j]![k - 1]!;
      const enter = best[j - 1]![k - 1]!;
      if (stay <= enter) {
        best[j]![k] = stay + cost(k, j);
        from[j]![k] = from[j]![k - 1]!;
      } else {
        best[j]![k] = enter + cost(k, j);
        from[j]![k] = k;
      }
    }
  }
  const out: [number, number][] = new Array(L);
  let end = blocks;
  for (let j = L - 1; j >= 0; j--) {
    const start = j === 0 ? 0 : from[j]![end - 1]!;
    out[j] = [start, end];
    end = start;
  }
  return out;
}

/** The fit, or null when no loaded level of the CSV is found in the log (fewer than (MIN_BLOCKS + 2) × BLOCK
 *  executions, at another throughput, or too near a neighbour's throughput). */
export function measureToolTurnaround(log: ExecutionLog, rows: readonly CsvRow[], profile: Turnaround, where: string): ToolTurnaroundFit | null {
  const levels = loadedLevels(rows);
  if (levels.length === 0) throw new Error(`${where}: the tool's turnaround needs a level above concurrency 1 with its throughput`);
  // concurrency 1 too: it runs first, and its executions are not the lightest loaded level's
  const all = rows.filter((r) => (r.Concurrency ?? 0) >= 1 && (r["Inferences/Second"] ?? 0) > 0).sort((a, b) => a.Concurrency! - b.Concurrency!);
  const segments = splitIntoLevels(log, all.map((r) => r["Inferences/Second"]!));
  const out: ToolTurnaroundLevel[] = [];
  for (const l of levels) {
    const j = all.findIndex((r) => r.Concurrency === l.concurrency);
    const r = all[j]!;
    const computeWeighted = (r["Server Compute Input"] ?? NaN) + (r["Server Compute Infer"] ?? NaN) + (r["Server Compute Output"] ?? NaN);
    if (!Number.isFinite(computeWeighted)) throw new Error(`${where}: the tool's turnaround needs the compute columns at concurrency ${l.concurrency}`);
    // a level whose throughput lies within the tolerance of a neighbour's cannot be told apart from it in the log
    const near = (i: number) => i >= 0 && i < all.length && Math.abs(Math.log(all[i]!["Inferences/Second"]! / l.measuredPerS)) <= MAX_LN_RATIO;
    if (near(j - 1) || near(j + 1)) continue;
    const seg = segments[j];
    // the level's blocks less one at each end (the change of level falls in them)
    if (seg === undefined || seg[1] - seg[0] < MIN_BLOCKS + 2) continue;
    const from = (seg[0] + 1) * BLOCK;
    const to = (seg[1] - 1) * BLOCK;
    let requests = 0;
    let durations = 0;
    let weighted = 0;
    for (let i = from; i < to; i++) {
      requests += log.samples[i]!;
      durations += log.durationUs[i]!;
      weighted += log.durationUs[i]! * log.samples[i]!;
    }
    const n = to - from;
    // a level whose part of the log ran at another throughput than the CSV's is not the run the CSV reports
    const logPerS = (1e6 * requests) / (log.startUs[to]! - log.startUs[from]!);
    if (Math.abs(Math.log(logPerS / l.measuredPerS)) > MAX_LN_RATIO) continue;
    const requestsPerExecution = requests / n;
    // the cycle of the windows the CSV reports (its throughput), the requests per execution of the level's log
    const cycleUs = (1e6 * requestsPerExecution) / l.measuredPerS;
    const computeUs = (computeWeighted * (durations / n)) / (weighted / requests);
    out.push({
      concurrency: l.concurrency,
      executions: n,
      requestsPerExecution,
      cycleUs,
      computeUs,
      turnaroundUs: cycleUs - computeUs,
      profileUs: profile.baseUs + profile.perRequestUs * requestsPerExecution,
    });
  }
  if (out.length === 0) return null;
  const num = out.reduce((a, l) => a + l.turnaroundUs * l.profileUs, 0);
  const den = out.reduce((a, l) => a + l.profileUs * l.profileUs, 0);
  const k = den > 0 ? Math.min(2, Math.max(0.05, num / den)) : 1;
  return { turnaroundFactor: Math.round(k * 100) / 100, levels: out };
}
