// The shape of a load generator's loaded wait (the extra Network+Server time of a request sent with others
// in flight, one draw per execution), read from a prior file (servesim.loaded-wait-prior/v1, written by
// scripts/loaded-wait-shape.mjs: the gamma shape whose simulated batch-size mixes come closest to those of
// traced calibration-only levels). Pure: the CLI reads the file.
import { z } from "zod";
import { LoadGenerator } from "../compute/profile.js";

export const LoadedWaitPriorFile = z.strictObject({
  schema: z.literal("servesim.loaded-wait-prior/v1"),
  description: z.string().optional(),
  tool: LoadGenerator.shape.tool,
  shape: z.number().positive(),
  /** Each candidate shape's summed distance (%) between simulated and measured batch-size mixes. */
  scores: z.array(z.strictObject({ shape: z.number().positive(), distancePct: z.number().nonnegative() })).min(1),
  measuredFrom: z.string().min(1),
});
export type LoadedWaitPriorFile = z.infer<typeof LoadedWaitPriorFile>;
