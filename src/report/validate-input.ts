// The input of the validation figures: `servesim validate --json` — per point, the run, load mode and
// level, whether the profile was calibrated on it, and measured / predicted throughput, percentiles and
// breakdown with their signed % errors. NaN and Infinity arrive as null (JSON has neither).
import { z } from "zod";

const Figure = z.number().nullable();

export const PointMetricsInput = z.looseObject({
  throughputPerS: Figure,
  p50Us: Figure,
  p90Us: Figure,
  p99Us: Figure,
  breakdownUs: z.looseObject({
    clientSend: Figure,
    networkServer: Figure,
    serverQueue: Figure,
    computeInput: Figure,
    computeInfer: Figure,
    computeOutput: Figure,
    clientRecv: Figure,
  }),
});
export type PointMetricsInput = z.infer<typeof PointMetricsInput>;

export const ValidatePoint = z.looseObject({
  run: z.string().min(1),
  model: z.string(),
  mode: z.enum(["concurrency", "rate"]),
  /** How the requests arrived (validate since session 27; absent in older output). */
  arrival: z.enum(["closed", "poisson", "constant", "gamma", "custom"]).optional(),
  load: z.number().positive(),
  inSample: z.boolean(),
  /** false: an open-loop level the live server fell behind on (left out of the scatter, as of the summaries). */
  steady: z.boolean().optional(),
  stable: z.boolean().optional(),
  measured: PointMetricsInput,
  predicted: PointMetricsInput,
  errorPct: z.looseObject({ throughput: Figure, p50: Figure, p90: Figure, p99: Figure }),
  /** The level predicted at the server's measured speed (validate's speed-conditioned diagnostic). */
  speedConditioned: z
    .looseObject({ ratio: z.number().positive(), errorPct: z.looseObject({ throughput: Figure, p50: Figure, p90: Figure, p99: Figure }) })
    .optional(),
  /** The level predicted on a server slower than its calibration (validate --speed-margin). */
  marginPredicted: PointMetricsInput.optional(),
});
export type ValidatePoint = z.infer<typeof ValidatePoint>;

const ErrorSummaryInput = z.looseObject({ n: z.number(), medianAbsPct: Figure });
const IntervalInput = z.looseObject({ lowPct: Figure, highPct: Figure });
const ErrorTableInput = z.looseObject({ throughput: ErrorSummaryInput, p50: ErrorSummaryInput, p90: ErrorSummaryInput, p99: ErrorSummaryInput });

/** validate's configurations measured on several runs: which runs, and the error summaries. */
export const AcrossRepeatsInput = z.looseObject({
  minRuns: z.number().int(),
  groups: z.array(
    z.looseObject({
      model: z.string(),
      mode: z.enum(["concurrency", "rate"]),
      load: z.number().positive(),
      runs: z.array(z.string().min(1)).min(1),
      measured: PointMetricsInput,
      predicted: PointMetricsInput,
    }),
  ),
  medianError: ErrorTableInput,
  spread: ErrorTableInput,
  /** Older validate JSON has neither. */
  pointError: ErrorTableInput.optional(),
  leaveOneOut: ErrorTableInput.optional(),
});
export type AcrossRepeatsInput = z.infer<typeof AcrossRepeatsInput>;

export const ValidateInput = z.looseObject({
  tool: z.string(),
  command: z.literal("validate"),
  /** The profile the predictions used (older drafts) or every profile used (servesim.validate/v1). */
  profile: z.string().optional(),
  profiles: z.array(z.string()).optional(),
  points: z.array(ValidatePoint).min(1),
  acrossRepeats: AcrossRepeatsInput.optional(),
  /** validate --speed-margin: how much slower the server of the points' marginPredicted is. */
  speedMargin: z.looseObject({ speedMarginPct: z.number().positive() }).nullable().optional(),
  /** The headline row, and its bootstrap intervals over profiles (validate since session 31). */
  overall: ErrorTableInput.optional(),
  uncertainty: z
    .looseObject({
      level: z.number(),
      overall: z.looseObject({
        intervals: z.looseObject({ throughput: IntervalInput, p50: IntervalInput, p90: IntervalInput, p99: IntervalInput }),
      }),
    })
    .optional(),
});
export type ValidateInput = z.infer<typeof ValidateInput>;
