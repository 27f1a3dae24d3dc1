// How long Triton's woken batcher thread takes to scan its queue, read from a prior file
// (servesim.batcher-wake-prior/v1, written by scripts/batcher-notify.mjs from phase EW's request traces of
// one-instance calibration-only models: the share of late arrivals that joined the payload of the arrival that
// woke the batcher, by how much later they came, read as the scan's survival curve). Pure: the CLI reads the file.
import { z } from "zod";
import { BatcherWake } from "../compute/profile.js";
import { parseOrThrow } from "../validation.js";

export const BatcherWakePriorFile = z.strictObject({
  schema: z.literal("servesim.batcher-wake-prior/v1"),
  description: z.string().optional(),
  probabilities: z.array(z.number()),
  us: z.array(z.number()),
  /** The pooled survival the quantiles were read from: share still unscanned at each bin's upper edge (µs). */
  survival: z.array(z.strictObject({ us: z.number().nonnegative(), share: z.number().min(0).max(1) })).min(1),
  measuredFrom: z.string().min(1),
});
export type BatcherWakePriorFile = z.infer<typeof BatcherWakePriorFile>;

/** The profile entry for this prior, read from `file` (its quantiles checked as the profile checks them:
 *  an InputError naming the file otherwise). */
export function batcherWakeOf(prior: BatcherWakePriorFile, file: string): BatcherWake {
  return parseOrThrow(BatcherWake, { probabilities: prior.probabilities, us: prior.us, measuredFrom: `${file}: ${prior.measuredFrom}` }, file);
}

/** How much of the scan a host's probes' scheduling times hold (servesim.scan-in-scheduling-prior/v1, written by
 *  scripts/scan-in-queue.mjs --write from phase SQ: the scan's mean less how much longer one client queues with
 *  dynamic batching, delay 0, than without, the two interleaved on one start; not below 0). */
export const ScanInSchedulingPriorFile = z.strictObject({
  schema: z.literal("servesim.scan-in-scheduling-prior/v1"),
  description: z.string().optional(),
  inSchedulingUs: z.number().nonnegative(),
  scanMeanUs: z.number().nonnegative(),
  differencesUs: z.array(z.number()).min(1),
  measuredFrom: z.string().min(1),
});
export type ScanInSchedulingPriorFile = z.infer<typeof ScanInSchedulingPriorFile>;
