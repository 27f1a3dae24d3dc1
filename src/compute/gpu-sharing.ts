// Choosing how a profile's co-located instances share a GPU, for comparing the two models on the same
// calibration (`--gpu-sharing`): "turns" keeps a measured switch cost (0 when the profile has none),
// "shared" drops turn-taking for processor sharing.
import type { GpuSharingMode, Profile } from "./profile.js";

export function withGpuSharing(profile: Profile, mode: GpuSharingMode | undefined): Profile {
  if (mode === undefined || (profile.gpuSharing?.mode ?? "shared") === mode) return profile;
  if (mode === "shared") {
    const { gpuSharing: _dropped, ...rest } = profile;
    return rest;
  }
  const had = profile.gpuSharing;
  return {
    ...profile,
    gpuSharing: had !== undefined ? { ...had, mode } : { mode, switchUs: 0, measuredFrom: "--gpu-sharing turns (no switch cost measured)" },
  };
}
