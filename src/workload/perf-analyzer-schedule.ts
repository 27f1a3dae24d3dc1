// perf_analyzer's Poisson send schedule, the one its request-rate mode actually replays. Its request-rate
// manager draws the gaps from a std::mt19937 it never seeds (the engine's default seed, 5489) through
// std::exponential_distribution, each gap truncated to whole nanoseconds, until the schedule covers
// max_trials × the measurement interval and holds a whole number of rounds of its threads; each thread then
// repeats its share, shifted by the schedule's length. So every Poisson level of every run sends the same
// realised sequence of gaps, scaled by 1/rate: one fixed draw, whose early stretch runs about 1 % faster
// than its nominal rate, not a fresh Poisson process. (perf_analyzer's request_rate_manager.cc and
// request_rate_worker.cc; libstdc++'s generate_canonical takes two 32-bit outputs for a double.)
import { mersenne } from "pure-rand/generator/mersenne";
import { repeatingTrace } from "./request-intervals.js";
import type { RequestShape, TraceWorkload } from "./workload.js";

/** std::mt19937's seed when it is default-constructed. */
export const MT19937_DEFAULT_SEED = 5489;

const TWO_POW_32 = 4294967296;
const TWO_POW_64 = TWO_POW_32 * TWO_POW_32;
/** The largest double below 1: libstdc++'s generate_canonical returns it where the sum rounds up to 1. */
const BELOW_ONE = 1 - 2 ** -53;

export interface PerfAnalyzerScheduleSpec {
  readonly requestsPerS: number;
  /** perf_analyzer's --measurement-interval (-p), ms. */
  readonly intervalMs: number;
  /** perf_analyzer's --max-trials (its default 10). */
  readonly maxTrials: number;
  /** perf_analyzer's --max-threads: the schedule is extended to a whole number of rounds of them. */
  readonly threads: number;
}

/** The schedule's send times in ns from the manager's start (the first is the first gap). */
export function perfAnalyzerPoissonTimesNs(spec: PerfAnalyzerScheduleSpec): Float64Array {
  const { requestsPerS, intervalMs, maxTrials, threads } = spec;
  if (!(requestsPerS > 0 && Number.isFinite(requestsPerS))) throw new RangeError(`request rate must be a positive number, got ${requestsPerS}`);
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) throw new RangeError(`measurement interval must be a positive number of ms, got ${intervalMs}`);
  if (!(Number.isInteger(maxTrials) && maxTrials >= 1)) throw new RangeError(`max trials must be an integer >= 1, got ${maxTrials}`);
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads must be an integer >= 1, got ${threads}`);
  const durationNs = maxTrials * intervalMs * 1e6;
  const rng = mersenne(MT19937_DEFAULT_SEED);
  let times = new Float64Array(Math.ceil((durationNs / 1e9) * requestsPerS * 1.1) + threads + 16);
  let n = 0;
  let tNs = 0;
  // the manager's loop: draw while the schedule is shorter than its duration or a round of threads is open
  while (tNs < durationNs || n % threads !== 0) {
    const a = rng.next() >>> 0;
    const b = rng.next() >>> 0;
    let u = (a + b * TWO_POW_32) / TWO_POW_64;
    if (u >= 1) u = BELOW_ONE;
    tNs += Math.trunc((-Math.log(1 - u) / requestsPerS) * 1e9);
    if (n === times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[n++] = tNs;
  }
  return times.slice(0, n);
}

const cache = new Map<string, TraceWorkload>();
const CACHE_ENTRIES = 16;

/** perf_analyzer's Poisson schedule as a repeating trace workload of requests of one shape: entry i at its
 *  time, the whole repeated every schedule length (so the gap from the last send back to the first is the
 *  first gap, as for --request-intervals). Built once per spec and shape, then shared (it is read only). */
export function perfAnalyzerPoissonWorkload(spec: PerfAnalyzerScheduleSpec, shape: RequestShape): TraceWorkload {
  const key = `${spec.requestsPerS}|${spec.intervalMs}|${spec.maxTrials}|${spec.threads}|${shape.batchSize}|${shape.priority}|${shape.timeoutUs}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const timesUs = perfAnalyzerPoissonTimesNs(spec).map((ns) => ns / 1000);
  const w: TraceWorkload = { ...repeatingTrace(timesUs, shape), nominalPerS: spec.requestsPerS };
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, w);
  return w;
}
