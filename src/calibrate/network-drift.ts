// How the load generator's network time drifts, read from a prior file (servesim.network-drift-prior/v1,
// written by calibration/server/network_drift.py from one-client perf_analyzer runs on calibration-only
// models, traced by Triton: the gaps between a response's send and the client's next request correlate over
// tens of ms). Pure: the CLI reads the file.
import { z } from "zod";
import type { LoadGenerator, Profile } from "../compute/profile.js";

export const NetworkDriftPriorFile = z.strictObject({
  schema: z.literal("servesim.network-drift-prior/v1"),
  description: z.string().optional(),
  share: z.number().min(0).max(1),
  correlationUs: z.number().positive(),
  fit: z.strictObject({ amplitude: z.number(), lags: z.array(z.number().int().positive()).min(1) }),
  runs: z
    .array(
      z.strictObject({
        run: z.string(),
        model: z.string(),
        batch: z.number().int().positive(),
        gaps: z.number().int().positive(),
        cycleUs: z.number().nonnegative(),
        gapP50Us: z.number(),
        correlation: z.record(z.string(), z.number()),
      }),
    )
    .min(2),
  measuredFrom: z.string().min(1),
});
export type NetworkDriftPriorFile = z.infer<typeof NetworkDriftPriorFile>;

/** The profile with the prior on its perf_analyzer entry (the tool the prior was measured with); throws
 *  when the profile has no such entry. */
export function withNetworkDrift(profile: Profile, prior: NetworkDriftPriorFile, file: string): Profile {
  const tools = profile.loadGenerators ?? [];
  if (!tools.some((g) => g.tool === "perf_analyzer")) {
    throw new Error(`profile ${profile.name} has no perf_analyzer load generator entry (add one with --tool-run) for the network drift to go on`);
  }
  const drift: NonNullable<LoadGenerator["networkDrift"]> = { share: prior.share, correlationUs: prior.correlationUs, measuredFrom: `${file}: ${prior.measuredFrom}` };
  return { ...profile, loadGenerators: tools.map((g) => (g.tool === "perf_analyzer" ? { ...g, networkDrift: drift } : g)) };
}
