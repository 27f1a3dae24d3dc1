// A profile for a server running `ratio` times slower (ratio > 1) or faster than when it was calibrated:
// every compute phase of every calibration point (mean and spread) and the instance turnaround scale by
// the ratio. Client and network overheads, the idle stretch, slow stretches and the execution jitter
// stay as measured. Used by validate to condition a live level on the server's speed measured during it.
import type { Profile } from "./profile.js";

export function withServerSpeed(profile: Profile, ratio: number): Profile {
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new RangeError(`server speed ratio must be a finite number > 0, got ${ratio}`);
  if (ratio === 1) return profile;
  const scale = (s: { readonly mean: number; readonly sd: number }) => ({ mean: s.mean * ratio, sd: s.sd * ratio });
  return {
    ...profile,
    compute: profile.compute.map((c) => ({
      ...c,
      computeInputUs: scale(c.computeInputUs),
      computeInferUs: scale(c.computeInferUs),
      computeOutputUs: scale(c.computeOutputUs),
    })),
    ...(profile.turnaround !== undefined
      ? { turnaround: { ...profile.turnaround, baseUs: profile.turnaround.baseUs * ratio, perRequestUs: profile.turnaround.perRequestUs * ratio } }
      : {}),
  };
}
