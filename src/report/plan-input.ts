// The part of `servesim plan --json` the Pareto figure draws from: the SLO, the load, the screened
// points (SLO statistic at the load vs capacity bound, with the Pareto mark) and the recommendation.
// Non-finite figures arrive as null (JSON has no Infinity); the figure leaves those points out.
import { z } from "zod";

export const PlanPoint = z.looseObject({
  key: z.string(),
  description: z.string(),
  gpus: z.number().int().positive(),
  sloMs: z.number().nonnegative().nullable(),
  throughputPerS: z.number().nonnegative().nullable(),
  capacityBoundPerS: z.number().nonnegative().nullable(),
  stable: z.boolean(),
  pareto: z.boolean(),
});
export type PlanPoint = z.infer<typeof PlanPoint>;

export const PlanInput = z.looseObject({
  tool: z.literal("servesim"),
  command: z.literal("plan"),
  slo: z.looseObject({ statistic: z.enum(["p50", "p90", "p95", "p99", "mean"]), boundMs: z.number().positive() }),
  load: z.looseObject({
    kind: z.enum(["rate", "concurrency", "trace"]),
    requestsPerS: z.number().positive().optional(),
    concurrency: z.number().int().positive().optional(),
    requests: z.number().int().nonnegative().optional(),
  }),
  feasible: z.boolean(),
  recommendation: z.looseObject({ key: z.string(), description: z.string() }).nullable(),
  points: z.array(PlanPoint),
});
export type PlanInput = z.infer<typeof PlanInput>;
