// Host episodes from calibration execution logs (one instance's executions each; the same logs as slow
// stretches and front-end stalls). On some machine starts the whole host slows for a few tens of ms about
// once a second: an instance's executions take 2–5 × their batch size's median and the waits between
// them (turnaround, responses, the clients' next requests) about 7–10 × theirs, then both recover; on
// other starts there are none. Here an execution over `slowFactor` (default 2) × its size's median is
// slow; slow executions less than `joinUs` (default 30 ms) apart, end to next start, form one cluster; a
// cluster of `minSlow` (default 2) or more is an episode, from its first slow execution's start to its
// last one's end. Reported, pooled over all episodes: their rate over the logged time, their mean length,
// the executions' slowdown in them (their summed durations over their sizes' summed medians,
// durationsBySize) and the waits' (the waits between them over the usual waits after executions of those
// sizes, waitsBySize as front-end stalls use it). The profile records them; validate and simulate --host-episodes
// hold the front end during spells of that rate and mean length (server/front-end-holds.ts; the two factors are a
// reading only), and plan, which leaves them out, warns where they recur (docs/VALIDATION.md, step 44). Runs are
// split at idle gaps as for slow stretches (segmentStarts).
import type { HostEpisodes } from "../compute/profile.js";
import { waitsBySize } from "./front-end-stalls.js";
import { durationsBySize, loggedSpanUs, segmentStarts, type ExecutionLog } from "./slow-stretches.js";

export interface EpisodeOptions {
  readonly slowFactor?: number;
  readonly joinUs?: number;
  readonly minSlow?: number;
  readonly splitUs?: number;
}

export interface HostEpisodeFit {
  /** Null when no episode was found. */
  readonly episodes: HostEpisodes | null;
  readonly count: number;
  /** Logged time, and the part of it inside episodes (µs). */
  readonly loggedUs: number;
  readonly episodeUs: number;
}

export function fitHostEpisodes(logs: readonly ExecutionLog[], measuredFrom: string, opts: EpisodeOptions = {}): HostEpisodeFit {
  const slowFactor = opts.slowFactor ?? 2;
  const joinUs = opts.joinUs ?? 30_000;
  const minSlow = opts.minSlow ?? 2;
  const splitUs = opts.splitUs ?? 1e6;
  let loggedUs = 0;
  let episodeUs = 0;
  let count = 0;
  let execUs = 0;
  let execUsual = 0;
  let waitUs = 0;
  let waitUsual = 0;
  for (const log of logs) {
    const segStart = segmentStarts(log, splitUs);
    loggedUs += loggedSpanUs(log, segStart);
    const medianOf = durationsBySize(log).medianOf;
    const usualWait = waitsBySize(log, segStart).usual;
    const endOf = (i: number): number => log.startUs[i]! + log.durationUs[i]!;
    for (let g = 0; g + 1 < segStart.length; g++) {
      const a = segStart[g]!;
      const b = segStart[g + 1]!;
      // clusters of slow executions, as [first, last] indices
      let first = -1;
      let last = -1;
      let slowN = 0;
      const close = (): void => {
        if (first >= 0 && slowN >= minSlow) {
          count++;
          episodeUs += endOf(last) - log.startUs[first]!;
          for (let i = first; i <= last; i++) {
            execUs += log.durationUs[i]!;
            execUsual += medianOf.get(log.samples[i]!)!;
            if (i < last) {
              const w = log.startUs[i + 1]! - endOf(i);
              if (w >= 0) {
                waitUs += w;
                waitUsual += usualWait.get(log.samples[i]!) ?? 0;
              }
            }
          }
        }
        first = -1;
        slowN = 0;
      };
      for (let i = a; i < b; i++) {
        if (!(log.durationUs[i]! > slowFactor * medianOf.get(log.samples[i]!)!)) continue;
        if (first >= 0 && log.startUs[i]! - endOf(last) >= joinUs) close();
        if (first < 0) first = i;
        last = i;
        slowN++;
      }
      close();
    }
  }
  const episodes: HostEpisodes | null =
    count === 0 || loggedUs <= 0
      ? null
      : {
          ratePerS: (1e6 * count) / loggedUs,
          meanDurationUs: episodeUs / count,
          execFactor: Math.max(1, execUs / execUsual),
          frontEndFactor: waitUsual > 0 ? Math.max(1, waitUs / waitUsual) : 1,
          measuredFrom,
        };
  return { episodes, count, loggedUs, episodeUs };
}
