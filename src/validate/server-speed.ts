// Speed-conditioned validation: a live level whose run carries the server's measured speed during it
// (servesim.live/v1 serverSpeed) is simulated again with the profile rescaled to that speed. The gap
// between the plain and the conditioned error is the part the host's drift explains; what is left is the
// model's own (queueing, batching, overheads) on the same points.
import type { LiveRun } from "../calibrate/live-run.js";
import { tableOf, type ErrorTable } from "./errors.js";
import type { PointComparison } from "./compare-run.js";

/** The measured speed ratio of a run's level, if the run carries one for it. */
export function speedAt(run: LiveRun, level: number): number | undefined {
  const hit = run.serverSpeed?.levels.find((l) => Math.abs(l.level - level) <= 1e-6 * Math.max(1, level));
  return hit?.ratio;
}

export interface SpeedTables {
  /** Steady points with a measured speed: their plain error and their speed-conditioned error. */
  readonly plain: ErrorTable;
  readonly conditioned: ErrorTable;
  /** The same, held-out points only. */
  readonly heldOutPlain: ErrorTable;
  readonly heldOutConditioned: ErrorTable;
}

export function speedTables(steady: readonly PointComparison[]): SpeedTables {
  const withSpeed = steady.filter((p) => p.speedConditioned !== undefined);
  const held = withSpeed.filter((p) => !p.inSample);
  return {
    plain: tableOf(withSpeed.map((p) => p.errorPct)),
    conditioned: tableOf(withSpeed.map((p) => p.speedConditioned!.errorPct)),
    heldOutPlain: tableOf(held.map((p) => p.errorPct)),
    heldOutConditioned: tableOf(held.map((p) => p.speedConditioned!.errorPct)),
  };
}
