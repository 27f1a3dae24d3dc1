// Short executions overtaking a long turn on a GPU of three or more instances, read from a prior file
// (servesim.gpu-overtake-prior/v1, written by scripts/overtake-line.mjs from phases OV to OV4's findings: which
// batch sizes were overtaken and which were not, on the profiles those phases were validated against). The line
// between short and long turns is a ratio to a single request's turn: shortMaxRatio is the longest turn seen
// never overtaken, longMinRatio the shortest seen overtaken, and shortTurnRatio lies between. Pure: the CLI reads
// the file.
import { z } from "zod";
import type { GpuSharing } from "../compute/profile.js";
import { lineBetween, turnsOnly } from "./turn-prior.js";

export const GpuOvertakePriorFile = z
  .strictObject({
    schema: z.literal("servesim.gpu-overtake-prior/v1"),
    description: z.string().optional(),
    fromInstances: z.number().int().min(2),
    shortTurnRatio: z.number().min(1),
    shortMaxRatio: z.number().min(1),
    longMinRatio: z.number().min(1),
    measuredFrom: z.string().min(1),
    /** Each batch size read: network, batch size, its turn over a single request's, and whether it was overtaken. */
    turns: z
      .array(z.strictObject({ profile: z.string().min(1), batchSize: z.number().int().positive(), ratio: z.number().positive(), overtaken: z.boolean() }))
      .optional(),
  })
  .superRefine(lineBetween("shortMaxRatio", "shortTurnRatio", "longMinRatio"));
export type GpuOvertakePriorFile = z.infer<typeof GpuOvertakePriorFile>;

/** Turn-taking with the prior's overtake; an error for processor sharing, which has no turns to cut. */
export function withGpuOvertake(sharing: GpuSharing, prior: GpuOvertakePriorFile, file: string): GpuSharing {
  return {
    ...turnsOnly(sharing, "GPU overtake", file),
    overtake: { fromInstances: prior.fromInstances, shortTurnRatio: prior.shortTurnRatio, measuredFrom: `${file}: ${prior.measuredFrom}` },
  };
}
