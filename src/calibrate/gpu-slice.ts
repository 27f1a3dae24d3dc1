// The GPU's time slice under turn-taking, read from a prior file (servesim.gpu-slice-prior/v1, written by
// calibration/server/exec_slices.py from the two-instance calibration sweeps' execution logs): turns up to
// wholeTurnMaxUs alternated whole, turns from slicedTurnMinUs on were cut, and sliceUs lies between. Pure:
// the CLI reads the file.
import { z } from "zod";
import type { GpuSharing } from "../compute/profile.js";
import { lineBetween, turnsOnly } from "./turn-prior.js";

export const GpuSlicePriorFile = z
  .strictObject({
    schema: z.literal("servesim.gpu-slice-prior/v1"),
    description: z.string().optional(),
    sliceUs: z.number().positive(),
    wholeTurnMaxUs: z.number().positive(),
    slicedTurnMinUs: z.number().positive(),
    measuredFrom: z.string().min(1),
    /** The sweeps read: "<run folder>:<model>". */
    sweeps: z.array(z.string().min(1)).optional(),
  })
  .superRefine(lineBetween("wholeTurnMaxUs", "sliceUs", "slicedTurnMinUs"));
export type GpuSlicePriorFile = z.infer<typeof GpuSlicePriorFile>;

/** Turn-taking with the prior's time slice; an error for processor sharing, which has no turns to cut. */
export function withGpuSlice(sharing: GpuSharing, prior: GpuSlicePriorFile, file: string): GpuSharing {
  return { ...turnsOnly(sharing, "GPU slice", file), slice: { us: prior.sliceUs, measuredFrom: `${file}: ${prior.measuredFrom}` } };
}
