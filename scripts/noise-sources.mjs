// The model's sources of noise, for the diagnostic scripts that switch them on one at a time
// (lockstep-noise.mjs, constant-gaps-noise.mjs): a profile with only the named sources left on.
import { loadProfile } from "../dist/cli/profiles.js";

const noSd = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v !== null && typeof v === "object" && "sd" in v ? { ...v, sd: 0 } : v]));

export const SOURCES = [
  "compute spread (input, output; infer without jitter)",
  "request overheads' spread",
  "perf_analyzer's network spread",
  "execution jitter",
  "slow stretches",
  "front-end stalls",
  "perf_analyzer's loaded wait",
];

/** The profile (name or file) with only the sources in `keep` (entries of SOURCES) left on. */
export function withOnly(profile, keep) {
  let p = loadProfile(profile);
  const on = (i) => keep.includes(SOURCES[i]);
  if (!on(0)) p = { ...p, compute: p.compute.map(noSd) };
  if (!on(1)) p = { ...p, requestOverheads: p.requestOverheads.map(noSd) };
  if (!on(2)) p = { ...p, loadGenerators: p.loadGenerators.map((g) => ({ ...g, networkSdUs: 0 })) };
  if (!on(3)) p = { ...p, executionJitter: undefined };
  if (!on(4)) p = { ...p, slowStretches: undefined };
  if (!on(5)) p = { ...p, frontEndStalls: undefined };
  if (!on(6)) p = { ...p, loadGenerators: p.loadGenerators.map((g) => ({ ...g, loadedNetworkUs: 0 })) };
  return p;
}
