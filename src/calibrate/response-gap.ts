// The load generator's response gap, from a calibration-only run it measured (the composition run):
// a batch's responses reach the client together and are handled one after another, so a request that
// was the j-th of its batch sees its Network+Server time grow by j × gap. The server sends them one per
// per-request output cost, the last as the execution ends (ServerModel), while Triton's statistics count
// the whole output phase for each, so a level's Network+Server is also short by half of what merging
// added to its compute output (its growth over the lightest level's). Per level, Triton's batch
// statistics give the mean position over requests, (b − 1) / 2 for a batch of b; the gap is the
// least-squares slope through 0, against that mean position, of the level's Network+Server plus half its
// compute output, less the same at the lightest level.
import type { LoadGenerator } from "../compute/profile.js";
import { batchStatsOf } from "./composition.js";
import type { LiveRun } from "./live-run.js";

export interface ResponseGapFit {
  readonly loadGenerator: LoadGenerator;
  /** Levels used and the spread of the fit: root-mean-square residual, µs. */
  readonly levels: number;
  readonly rmsUs: number;
}

export function fitResponseGap(run: LiveRun): ResponseGapFit {
  const levels = (run.results ?? []).map((r) => {
    let requests = 0;
    let positions = 0;
    for (const b of batchStatsOf(r)) {
      requests += b.batchSize * b.count;
      positions += (b.batchSize * b.count * (b.batchSize - 1)) / 2;
    }
    const n = Number(r.summary.breakdownUs.networkServer);
    if (!Number.isFinite(n)) throw new Error(`${run.name}: level ${r.summary.load} has no breakdownUs.networkServer`);
    const out = Number(r.summary.breakdownUs.computeOutput ?? 0);
    if (!Number.isFinite(out)) throw new Error(`${run.name}: level ${r.summary.load} has a non-numeric breakdownUs.computeOutput`);
    // what the client waited beyond the server's response, with the early responses put back
    return { load: r.summary.load, networkUs: n + out / 2, position: requests > 0 ? positions / requests : 0 };
  });
  if (levels.length < 3) throw new Error(`${run.name}: the response gap needs at least 3 load levels, got ${levels.length}`);
  if (!levels.some((l) => l.position > 0)) throw new Error(`${run.name}: no level executed batches of 2 or more requests`);
  const lightest = levels.reduce((a, l) => (l.load < a.load ? l : a));
  let num = 0;
  let den = 0;
  for (const l of levels) {
    num += l.position * (l.networkUs - lightest.networkUs);
    den += l.position * l.position;
  }
  const gap = Math.max(0, num / den);
  const rms = Math.sqrt(levels.reduce((a, l) => a + (l.networkUs - lightest.networkUs - gap * l.position) ** 2, 0) / levels.length);
  return {
    loadGenerator: { tool: run.tool, responseGapUs: Math.round(gap * 10) / 10, measuredFrom: `${run.name} (${run.model}, ${levels.length} levels)` },
    levels: levels.length,
    rmsUs: rms,
  };
}
