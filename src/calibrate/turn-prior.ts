// What the turn-taking priors (the GPU's time slice, gpu-slice.ts; who overtakes a long turn, gpu-overtake.ts) share:
// each draws a line between the largest reading that was not cut and the smallest that was, so the line must lie
// strictly between the two, and each applies only to instances that take turns on the GPU.
import type { z } from "zod";
import type { GpuSharing } from "../compute/profile.js";

/** A superRefine check that the prior's `line` lies strictly between its `below` and `above` readings. */
export function lineBetween<K extends string>(below: K, line: K, above: K) {
  return (p: Readonly<Record<K, number>>, ctx: z.RefinementCtx): void => {
    if (!(p[below] < p[line] && p[line] < p[above])) {
      ctx.addIssue({ code: "custom", path: [line], message: `must lie between ${below} and ${above}` });
    }
  };
}

/** The sharing itself when it is turn-taking; an error naming the prior (`what`, from `file`) otherwise: processor
 *  sharing has no turns to cut. */
export function turnsOnly(sharing: GpuSharing, what: string, file: string): GpuSharing {
  if (sharing.mode !== "turns") throw new Error(`the ${what} (${file}) applies to turn-taking instances, not "${sharing.mode}"`);
  return sharing;
}
