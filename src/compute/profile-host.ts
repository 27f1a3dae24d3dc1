// Calibration profile, the host's part: how the server's host behaves around the executions (idle stretch, slow
// stretches, front-end stalls, host episodes, execution jitter, the instance turnaround, the batcher's lateness and
// scan). Part of the servesim.profile/v1 schema (profile.ts composes it and re-exports all of it).
import { z } from "zod";

/** How much longer an execution takes when its instance was idle for `idleUs` before it (power states
 *  of the GPU and of the threads that wake up for it), relative to back-to-back executions. */
export const IdlePoint = z.strictObject({
  idleUs: z.number().nonnegative(),
  factor: z.number().positive(),
});
export type IdlePoint = z.infer<typeof IdlePoint>;

/** Stretches during which an instance's executions all run `factor` × longer than between them (measured
 *  per instance from execution logs at concurrency 1: tens of ms at a time, not shared between instances).
 *  `timeFraction` of the time lies in stretches of mean length `meanDurationUs`; the compute means of the
 *  profile already average over them, execution by execution (Triton's statistics), so between stretches
 *  executions run 1 − timeFraction + timeFraction / factor of the mean: a busy instance then averages the
 *  profile's mean over its executions. */
export const SlowStretches = z.strictObject({
  timeFraction: z.number().min(0).lt(1),
  meanDurationUs: z.number().positive(),
  factor: z.number().min(1),
  measuredFrom: z.string().optional(),
});
export type SlowStretches = z.infer<typeof SlowStretches>;

/** Front-end stalls: Triton's front end and core threads and the load generator stop while executions go
 *  on, `ratePerS` times a second, each time for `minDurationUs` plus an exponential excess (mean
 *  `meanDurationUs` in all): no request reaches the scheduler, no response its client, no instance its
 *  next payload. Measured from calibration execution logs: a wait between an instance's consecutive
 *  executions longer than the usual wait after an execution of that size by more than `minDurationUs`,
 *  counted over the logged time. */
export const FrontEndStalls = z.strictObject({
  ratePerS: z.number().positive(),
  minDurationUs: z.number().nonnegative(),
  meanDurationUs: z.number().positive(),
  measuredFrom: z.string().optional(),
});
export type FrontEndStalls = z.infer<typeof FrontEndStalls>;

/** How late the dynamic batcher wakes from a timed wait (its queue delay): `baseUs` plus `fractionOfWait` of
 *  the wait, past the time it asked for. Measured on one-instance calibration-only models that differ only in
 *  their delay, at one client (calibration/server/batcher_late.py, phase BL). */
export const BatcherLate = z.strictObject({
  baseUs: z.number().nonnegative(),
  fractionOfWait: z.number().nonnegative(),
  measuredFrom: z.string().optional(),
});
export type BatcherLate = z.infer<typeof BatcherLate>;

/** How long the dynamic batcher thread takes to scan its queue after something wakes it (a request's
 *  arrival passing its wake test, an instance taking a payload), as quantiles in µs: requests that reach
 *  the queue meanwhile are in that scan. Measured from Triton's request traces of one-instance
 *  calibration-only models (scripts/batcher-notify.mjs, phase EW). `inSchedulingUs`: how much of it the
 *  profile's scheduling times already hold (default: its mean), which the simulator takes off them with a
 *  batcher; measured per host as the scan's mean less how much longer one client queues with dynamic
 *  batching than without (scripts/scan-in-queue.mjs). A timed wake's lateness, measured against the
 *  delay-0 level's queue, gets the mean back. */
export const BatcherWake = z.strictObject({ ...quantileShape(0), inSchedulingUs: z.number().nonnegative().optional() }).superRefine(checkQuantiles);
export type BatcherWake = z.infer<typeof BatcherWake>;

/** Host episodes: spells of a few tens of ms, `ratePerS` times a second, during which the whole host was
 *  slower: executions ran `execFactor` × their batch size's median and the waits between them
 *  `frontEndFactor` × the usual wait (calibrate/host-episodes.ts). Found on some machine starts and not on
 *  others. Simulated when asked (SimulationInput.hostEpisodes: validate by default, simulate --host-episodes) as
 *  exponential spells of mean `meanDurationUs` that hold the front end (server/front-end-holds.ts; the two factors are
 *  a reading only); plan plans for a host without them and lists recurring ones among its caveats, and validate
 *  splits its headline by them (docs/VALIDATION.md, step 44). */
export const HostEpisodes = z.strictObject({
  ratePerS: z.number().positive(),
  meanDurationUs: z.number().positive(),
  execFactor: z.number().min(1),
  frontEndFactor: z.number().min(1),
  measuredFrom: z.string().optional(),
});
export type HostEpisodes = z.infer<typeof HostEpisodes>;

/** Host episodes rarer than this (per second) are isolated events, not a machine start's pattern. */
export const HOST_EPISODES_RECURRING_PER_S = 0.1;

/** The profile's host episodes when they recur (plan's caveat, validate's split), else null. */
export function recurringHostEpisodes(p: { readonly hostEpisodes?: HostEpisodes | undefined }): HostEpisodes | null {
  const e = p.hostEpisodes;
  return e !== undefined && e.ratePerS >= HOST_EPISODES_RECURRING_PER_S ? e : null;
}

/** An instance's turnaround between executions: after an execution ends (Triton's compute end) the
 *  instance takes its next payload only `baseUs + perRequestUs × requests` later, requests being those of
 *  the execution that ended (the backend releasing them and their responses, the core handing over the
 *  next payload). Outside Triton's compute statistics; measured on a saturated calibration-only model as
 *  the cycle per execution (from throughput) less its compute. */
export const Turnaround = z.strictObject({
  baseUs: z.number().nonnegative(),
  perRequestUs: z.number().nonnegative(),
  measuredFrom: z.string().optional(),
  /** The start's own fit, when baseUs and perRequestUs were shrunk toward other starts' (turnaround-prior.ts). */
  own: z.strictObject({ baseUs: z.number().nonnegative(), perRequestUs: z.number().nonnegative() }).optional(),
  /** What they were shrunk toward: the other starts' median fit, and the weight of the start's own. */
  prior: z
    .strictObject({
      baseUs: z.number().nonnegative(),
      perRequestUs: z.number().nonnegative(),
      weight: z.number().min(0).max(1),
      starts: z.number().int().positive(),
    })
    .optional(),
});
export type Turnaround = z.infer<typeof Turnaround>;

/** A distribution given by its quantiles: values (µs) at increasing probabilities from 0 to 1, drawn
 *  piecewise linear between them (compute/jitter.ts). `minUs`: the least value allowed. */
function quantileShape(minUs = Number.NEGATIVE_INFINITY) {
  return {
    probabilities: z.array(z.number().min(0).max(1)).min(2),
    us: z.array(z.number().min(minUs)).min(2),
    measuredFrom: z.string().optional(),
  };
}

/** A quantile table's own checks: one value per probability, probabilities from 0 to 1 increasing, values not
 *  decreasing. */
function checkQuantiles(j: { readonly probabilities: readonly number[]; readonly us: readonly number[] }, ctx: z.RefinementCtx): void {
  const n = j.probabilities.length;
  if (j.us.length !== n) ctx.addIssue({ code: "custom", path: ["us"], message: `needs ${n} values, one per probability` });
  if (j.probabilities[0] !== 0 || j.probabilities[n - 1] !== 1) ctx.addIssue({ code: "custom", path: ["probabilities"], message: "must run from 0 to 1" });
  for (let i = 1; i < n; i++) {
    if (!(j.probabilities[i]! > j.probabilities[i - 1]!)) ctx.addIssue({ code: "custom", path: ["probabilities", i], message: "must increase" });
    if (i < j.us.length && j.us[i]! < j.us[i - 1]!) ctx.addIssue({ code: "custom", path: ["us", i], message: "must not decrease" });
  }
}

/** How one execution's infer time scatters around its batch size's mean, outside slow stretches: an
 *  additive jitter in µs (the same at every batch size: measured, p99 − p50 is 100–250 µs from batch 1 to
 *  64), as quantiles at increasing probabilities from 0 to 1, from execution logs. Replaces the infer
 *  phase's lognormal spread, whose short probe windows miss the tail (at batch 1 the logs' p99 is 1.26–
 *  1.37 × the median; a lognormal with the probe's spread gives about 1.1). */
export const ExecutionJitter = z.strictObject(quantileShape()).superRefine(checkQuantiles);
export type ExecutionJitter = z.infer<typeof ExecutionJitter>;
