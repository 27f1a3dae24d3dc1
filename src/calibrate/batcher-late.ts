// How late Triton's dynamic batcher wakes after its queue delay, read from a prior file
// (servesim.batcher-late-prior/v1, written by calibration/server/batcher_late.py from phase BL's one-instance
// calibration-only models at one client: Server Queue less the delay less the delay-0 level's, a line through
// the levels). Pure: the CLI reads the file.
import { z } from "zod";
import type { BatcherLate } from "../compute/profile.js";

export const BatcherLatePriorFile = z.strictObject({
  schema: z.literal("servesim.batcher-late-prior/v1"),
  description: z.string().optional(),
  baseUs: z.number().nonnegative(),
  fractionOfWait: z.number().nonnegative(),
  levels: z.array(z.strictObject({ delayUs: z.number().positive(), pass: z.string(), latenessUs: z.number() })).min(1),
  measuredFrom: z.string().min(1),
});
export type BatcherLatePriorFile = z.infer<typeof BatcherLatePriorFile>;

/** The profile entry for this prior, read from `file`. */
export function batcherLateOf(prior: BatcherLatePriorFile, file: string): BatcherLate {
  return { baseUs: prior.baseUs, fractionOfWait: prior.fractionOfWait, measuredFrom: `${file}: ${prior.measuredFrom}` };
}
