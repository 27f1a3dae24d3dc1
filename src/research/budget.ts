// The server-side share of an end-to-end latency SLO: what is left for queueing and execution once the
// profile's mean per-request client send, network, scheduling and client receive times are taken out.
// SLO-aware policies measure from the scheduler's arrival, so their SLO parameter is this budget.
import { ComputeTables } from "../compute/compute-model.js";
import type { Profile } from "../compute/profile.js";

/** µs left for queue + execution of a request of `batch` samples within an end-to-end SLO (≥ 1). */
export function serverBudgetUs(profile: Profile, sloUs: number, batch = 1): number {
  const b = Math.max(1, batch);
  const t = new ComputeTables(profile, b, 1);
  const overheadUs = t.send.mean[b]! + t.network.mean[b]! + t.scheduling.mean[b]! + t.recv.mean[b]!;
  return Math.max(1, sloUs - overheadUs);
}
