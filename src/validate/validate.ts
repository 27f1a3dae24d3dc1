// Predicted against measured: every live load level is simulated the way it was measured (same server
// config, load mode, level, distribution and client batch size) and compared on throughput, latency
// percentiles and perf_analyzer's breakdown; errors are summarised overall, by load band and for
// held-out points (configurations the profile was not calibrated on), and decisions are scored by regret.
// A level whose run carries the server's measured speed is also predicted at that speed (a diagnostic),
// and with a speed margin every level is predicted on a server that much slower (speed-margin.ts).
import { coverageOf } from "../compute/compute-model.js";
import { forTool, type ToolModel } from "../compute/load-generator.js";
import { recurringHostEpisodes, type Profile } from "../compute/profile.js";
import { withServerSpeed } from "../compute/server-speed.js";
import type { LiveRun } from "../calibrate/live-run.js";
import type { CsvRow } from "../metrics/csv.js";
import type { RunSummary } from "../metrics/summary.js";
import type { ServerConfig } from "../server/config.js";
import { placeInstances } from "../server/config.js";
import { fromTritonConfigJson } from "../server/pbtxt.js";
import type { BatchingPolicy } from "../server/policy.js";
import { simulateAs } from "../server/simulation.js";
import type { Workload } from "../workload/workload.js";
import { predictAsMeasured, type AsMeasuredOptions } from "./as-measured.js";
import { errorsOf, loadBand, tableOf, type ErrorTable, type LoadBand, type PointErrors } from "./errors.js";
import { isStable, isSteady, loadColumn, measuredOf, type PointMetrics } from "./measured.js";
import { decisionRegret, type RegretResult } from "./regret.js";
import { acrossRepeats, type AcrossRepeats } from "./repeat-median.js";
import { repeatPairs, serverConfigKey, spreadOf, type RepeatPair } from "./repeats.js";
import { speedAt, speedTables, type SpeedTables } from "./server-speed.js";
import { speedMarginReport, type SpeedMarginReport } from "./speed-margin.js";

export type { ErrorTable, PointErrors } from "./errors.js";
export type { PointMetrics } from "./measured.js";
export { repeatPairs, type RepeatPair } from "./repeats.js";
export type { AcrossRepeats, MedianGroup } from "./repeat-median.js";

export interface LiveRunData {
  readonly run: LiveRun;
  readonly rows: readonly CsvRow[];
  readonly where: string;
}

export interface PointComparison {
  readonly run: string;
  readonly model: string;
  readonly profile: string;
  /** The tool that measured the run (perf_analyzer or servesim-loadgen). */
  readonly tool: string;
  readonly mode: "concurrency" | "rate";
  readonly load: number;
  readonly batchSize: number;
  readonly inSample: boolean;
  /** False for an open-loop level the live server could not keep up with (measured throughput under
   *  97 % of the offered load): its latency grows for as long as one measures, so there is no steady
   *  state to predict. Such points are listed but left out of the error summaries. */
  readonly steady: boolean;
  /** False for a level the tool could not measure stably (perf_analyzer's rule: the last windows agree
   *  within ±stabilityPct; perf_analyzer then writes no row at all). Listed, not summarised. */
  readonly stable: boolean;
  readonly band: LoadBand;
  readonly measured: PointMetrics;
  readonly predicted: PointMetrics;
  /** Did the simulated measurement find three agreeing windows (most replications)? False where the
   *  model puts the level past capacity or still drifting: perf_analyzer would have written no row. */
  readonly predictedStable: boolean;
  readonly errorPct: PointErrors;
  /** With the server's speed measured during this level (the run's serverSpeed): the prediction on the
   *  profile rescaled to it, and its error. Absent when the run carries no speed for the level. */
  readonly speedConditioned?: { readonly ratio: number; readonly predicted: PointMetrics; readonly errorPct: PointErrors };
  /** The prediction on a server `speedMarginPct` % slower than its calibration (with a speed margin). */
  readonly marginPredicted?: PointMetrics;
}

export interface ValidationReport {
  readonly points: readonly PointComparison[];
  readonly overall: ErrorTable;
  readonly heldOut: ErrorTable;
  readonly inSample: ErrorTable;
  readonly byBand: Readonly<Record<LoadBand, ErrorTable>>;
  /** Steady points by how they were driven: closed loop (concurrency) and open loop (rate). */
  readonly byMode: { readonly closedLoop: ErrorTable; readonly openLoop: ErrorTable };
  /** The headline rows again over every steady point, unstable measurements included. */
  readonly includingUnstable: { readonly overall: ErrorTable; readonly heldOut: ErrorTable; readonly openLoop: ErrorTable };
  /** Per profile (a calibration, and the runs validated against it): all and held-out points. */
  readonly byProfile: readonly {
    readonly profile: string;
    /** The profile's host episodes per second (0: none in its calibration logs). */
    readonly hostEpisodesPerS: number;
    readonly all: ErrorTable;
    readonly heldOut: ErrorTable;
  }[];
  /** Points whose profile's calibration logs show recurring host episodes (recurringHostEpisodes), and the rest. */
  readonly byHostEpisodes: {
    readonly recurring: { readonly all: ErrorTable; readonly heldOut: ErrorTable };
    readonly none: { readonly all: ErrorTable; readonly heldOut: ErrorTable };
  };
  readonly regret: readonly (RegretResult & { readonly group: string })[];
  /** Pairs of measurements of one configuration and load; summaries of |difference| in %. */
  readonly repeats: readonly RepeatPair[];
  /** Steady points with a measured server speed: plain and speed-conditioned error. */
  readonly speedConditioned: SpeedTables;
  /** Over steady pairs: same tool (all, closed loop, open loop) and across tools. */
  readonly repeatSpread: {
    readonly sameTool: ErrorTable;
    readonly sameToolClosedLoop: ErrorTable;
    readonly sameToolOpenLoop: ErrorTable;
    readonly acrossTools: ErrorTable;
  };
  /** Configurations measured on three or more runs by one tool (steady, stable points): the median
   *  prediction against the median measurement, and the measurements' own spread around that median. */
  readonly acrossRepeats: AcrossRepeats;
  /** With a speed margin: how often the measured p99 stays within the prediction on the slower server,
   *  and the SLO verdicts with and without the margin; null without one. */
  readonly speedMargin: SpeedMarginReport | null;
}

export interface ValidateOptions extends AsMeasuredOptions {
  readonly sloMs: readonly number[];
  /** A research batching policy in Triton's batcher's place; a fresh one for every simulation. */
  readonly policy?: (() => BatchingPolicy | undefined) | undefined;
  /** Also predict every level on a server this many % slower than its calibration (plan's
   *  --speed-margin); 0 or absent: not. */
  readonly speedMarginPct?: number;
}

export function workloadOf(run: LiveRun, level: number): Workload {
  const batchSize = run.load.batchSize;
  if (run.load.mode === "concurrency") return { kind: "concurrency", concurrency: level, batchSize, priority: 0, timeoutUs: 0 };
  const distribution = run.load.distribution ?? "constant";
  return { kind: "rate", requestsPerS: level, distribution, cv: run.load.cv ?? (distribution === "gamma" ? 2 : 1), batchSize, priority: 0, timeoutUs: 0 };
}

/** Does the profile's calibration cover this configuration and load (same scheduler, instance count
 *  and request batch size as a calibration point)? */
export function isInSample(config: ServerConfig, run: LiveRun, profile: Profile): boolean {
  const cov = coverageOf(profile);
  const instances = placeInstances(config).length;
  return (
    profile.metadata.source === "measured" &&
    config.dynamicBatching === null &&
    run.load.mode === "concurrency" &&
    cov.concurrencies.includes(instances) &&
    cov.batchSizes.includes(run.load.batchSize)
  );
}

function errorTable(points: readonly PointComparison[]): ErrorTable {
  return tableOf(points.map((p) => p.errorPct));
}

/** Throughput the configuration reaches at saturation: the measured plateau when the sweep shows one,
 *  else the simulated saturated throughput. */
function capacityOf(config: ServerConfig, run: LiveRun, measured: readonly PointMetrics[], tool: ToolModel, opts: ValidateOptions): number {
  const thr = measured.map((m) => m.throughputPerS);
  const max = Math.max(...thr);
  const last = thr.slice(-2);
  if (run.load.mode === "concurrency" && last.length === 2 && Math.abs(last[1]! - last[0]!) <= 0.03 * max) return max;
  const instances = placeInstances(config).length;
  const c = Math.max(8, 4 * instances * Math.max(1, config.maxBatchSize));
  const sat = simulateAs(tool, {
    config,
    policy: opts.policy?.(),
    workload: { kind: "concurrency", concurrency: c, batchSize: run.load.batchSize, priority: 0, timeoutUs: 0 },
    seed: opts.seed,
    measurement: { kind: "requests", warmupRequests: 1000, requests: 10_000 },
  });
  return Math.max(max, sat.throughputPerS);
}

export function validateRuns(
  runs: readonly LiveRunData[],
  profileFor: (run: LiveRun) => Profile,
  opts: ValidateOptions,
): ValidationReport {
  const points: PointComparison[] = [];
  const configKeys = new Map<string, string>();
  const episodesPerS = new Map<string, number>();
  const recurring = new Set<string>();
  const marginPct = opts.speedMarginPct ?? 0;
  if (!(marginPct >= 0) || !Number.isFinite(marginPct)) throw new RangeError(`speed margin must be a finite number >= 0, got ${marginPct}`);
  for (const { run, rows, where } of runs) {
    const profile = profileFor(run);
    const slower = marginPct > 0 ? forTool(withServerSpeed(profile, 1 + marginPct / 100), run.tool) : null;
    episodesPerS.set(profile.name, profile.hostEpisodes?.ratePerS ?? 0);
    if (recurringHostEpisodes(profile) !== null) recurring.add(profile.name);
    const config = fromTritonConfigJson(run.modelConfig, `${where}: modelConfig`, 1);
    configKeys.set(run.name, serverConfigKey(config));
    const firstCol = loadColumn(run);
    const measuredRows = [...rows].sort((a, b) => (a[firstCol] ?? 0) - (b[firstCol] ?? 0));
    const measured = measuredRows.map(measuredOf);
    const tool = forTool(profile, run.tool);
    const capacity = capacityOf(config, run, measured, tool, opts);
    const inSample = isInSample(config, run, profile);
    measuredRows.forEach((row, i) => {
      const load = row[firstCol]!;
      const predictFully = (t: ToolModel) => predictAsMeasured(t, { config, policy: opts.policy?.(), workload: workloadOf(run, load) }, run, opts);
      const predict = (t: ToolModel): PointMetrics => predictFully(t).metrics;
      const m = measured[i]!;
      const full = predictFully(tool);
      const p = full.metrics;
      const ratio = speedAt(run, load);
      const conditioned = ratio === undefined ? undefined : predict(forTool(withServerSpeed(profile, ratio), run.tool));
      const marginPredicted = slower === null ? undefined : predict(slower);
      points.push({
        run: run.name,
        model: run.model,
        profile: profile.name,
        tool: run.tool,
        mode: run.load.mode,
        load,
        batchSize: run.load.batchSize,
        inSample,
        steady: isSteady(run, m, load),
        stable: isStable(run, load),
        band: loadBand(m.throughputPerS, capacity),
        measured: m,
        predicted: p,
        predictedStable: full.stable,
        errorPct: errorsOf(p, m),
        ...(ratio !== undefined && conditioned !== undefined ? { speedConditioned: { ratio, predicted: conditioned, errorPct: errorsOf(conditioned, m) } } : {}),
        ...(marginPredicted !== undefined ? { marginPredicted } : {}),
      });
    });
  }
  const groups = new Map<string, PointComparison[]>();
  for (const p of points) {
    const g = `${p.profile} -b ${p.batchSize}`;
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  const regret = [...groups.entries()].flatMap(([group, ps]) =>
    opts.sloMs.map((slo) => ({
      group,
      ...decisionRegret(
        ps.map((p) => ({
          run: p.run,
          throughputMeasured: p.measured.throughputPerS,
          throughputPredicted: p.predicted.throughputPerS,
          latencyMeasuredUs: p.measured.p99Us,
          latencyPredictedUs: p.predicted.p99Us,
        })),
        slo,
      ),
    })),
  );
  const all = points.filter((p) => p.steady);
  const steady = all.filter((p) => p.stable);
  const repeats = repeatPairs(runs, configKeys);
  return {
    points,
    overall: errorTable(steady),
    heldOut: errorTable(steady.filter((p) => !p.inSample)),
    inSample: errorTable(steady.filter((p) => p.inSample)),
    byBand: {
      "<50%": errorTable(steady.filter((p) => p.band === "<50%")),
      "50–85%": errorTable(steady.filter((p) => p.band === "50–85%")),
      ">85%": errorTable(steady.filter((p) => p.band === ">85%")),
    },
    byMode: {
      closedLoop: errorTable(steady.filter((p) => p.mode === "concurrency")),
      openLoop: errorTable(steady.filter((p) => p.mode === "rate")),
    },
    byProfile: [...new Set(steady.map((p) => p.profile))].sort().map((profile) => ({
      profile,
      hostEpisodesPerS: episodesPerS.get(profile) ?? 0,
      all: errorTable(steady.filter((p) => p.profile === profile)),
      heldOut: errorTable(steady.filter((p) => p.profile === profile && !p.inSample)),
    })),
    byHostEpisodes: {
      recurring: {
        all: errorTable(steady.filter((p) => recurring.has(p.profile))),
        heldOut: errorTable(steady.filter((p) => recurring.has(p.profile) && !p.inSample)),
      },
      none: {
        all: errorTable(steady.filter((p) => !recurring.has(p.profile))),
        heldOut: errorTable(steady.filter((p) => !recurring.has(p.profile) && !p.inSample)),
      },
    },
    includingUnstable: {
      overall: errorTable(all),
      heldOut: errorTable(all.filter((p) => !p.inSample)),
      openLoop: errorTable(all.filter((p) => p.mode === "rate")),
    },
    regret,
    speedConditioned: speedTables(steady),
    repeats,
    repeatSpread: {
      sameTool: spreadOf(repeats.filter((p) => p.steady && p.toolA === p.toolB)),
      sameToolClosedLoop: spreadOf(repeats.filter((p) => p.steady && p.toolA === p.toolB && p.mode === "concurrency")),
      sameToolOpenLoop: spreadOf(repeats.filter((p) => p.steady && p.toolA === p.toolB && p.mode === "rate")),
      acrossTools: spreadOf(repeats.filter((p) => p.steady && p.toolA !== p.toolB)),
    },
    acrossRepeats: acrossRepeats(
      steady.map((p) => ({ ...p, configKey: configKeys.get(p.run) })),
      3,
    ),
    speedMargin: marginPct > 0 ? speedMarginReport(steady, marginPct, opts.sloMs, recurring) : null,
  };
}
