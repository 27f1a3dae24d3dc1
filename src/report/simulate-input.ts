// The part of `servesim simulate --json` the report draws from: runs with their load levels
// (RunSummary: mode, load, throughput, latency percentiles, breakdown). Extra fields are allowed, so
// newer simulate output still reads; missing or mistyped ones are reported with their path.
import { z } from "zod";

const Us = z.number().nonnegative();

export const ReportBreakdownUs = z.looseObject({
  clientSend: Us,
  networkServer: Us,
  serverQueue: Us,
  computeInput: Us,
  computeInfer: Us,
  computeOutput: Us,
  clientRecv: Us,
});

export const ReportLevel = z.looseObject({
  mode: z.enum(["concurrency", "rate", "trace"]),
  load: z.number().positive(),
  throughputPerS: z.number().nonnegative(),
  latencyUs: z.looseObject({ p50: Us, p90: Us, p99: Us }),
  breakdownUs: ReportBreakdownUs,
  stable: z.boolean(),
});
export type ReportLevel = z.infer<typeof ReportLevel>;

export const ReportRun = z.looseObject({
  name: z.string().min(1),
  description: z.string(),
  levels: z.array(ReportLevel).min(1),
});
export type ReportRun = z.infer<typeof ReportRun>;

export const SimulateInput = z.looseObject({
  tool: z.literal("servesim"),
  command: z.literal("simulate"),
  seed: z.string(),
  runs: z.array(ReportRun).min(1),
});
export type SimulateInput = z.infer<typeof SimulateInput>;
