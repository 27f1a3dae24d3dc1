// Predicted against measured: every live load level is simulated the way it was measured (same server
// config, load mode, level, distribution and client batch size) and compared on throughput, latency
// percentiles and perf_analyzer's breakdown; errors are summarised overall, by load band and for
// held-out points (configurations the profile was not calibrated on), with cluster-bootstrap intervals over
// profiles (bootstrap.ts), and decisions are scored by regret.
// A level whose run carries the server's measured speed is also predicted at that speed (a diagnostic),
// and with a speed margin every level is predicted on a server that much slower (speed-margin.ts).
import type { LiveRun } from "../calibrate/live-run.js";
import type { Profile } from "../compute/profile.js";
import { clusterBootstrap, type BootstrapRow } from "./bootstrap.js";
import { ARRIVALS, checkSpeedMargin, compareRun, type Arrival, type CompareOptions, type LiveRunData, type PointComparison, type RunComparison } from "./compare-run.js";
import { tableOf, type ErrorTable, type LoadBand } from "./errors.js";
import { regretByGroup, type RegretResult } from "./regret.js";
import { acrossRepeats, type AcrossRepeats } from "./repeat-median.js";
import { repeatPairs, spreadOf, type RepeatPair } from "./repeats.js";
import { speedTables, type SpeedTables } from "./server-speed.js";
import { speedMarginReport, type SpeedMarginReport } from "./speed-margin.js";

export type { ErrorTable, PointErrors } from "./errors.js";
export type { PointMetrics } from "./measured.js";
export { repeatPairs, type RepeatPair } from "./repeats.js";
export type { AcrossRepeats, MedianGroup } from "./repeat-median.js";
export { ARRIVALS, compareRun, isInSample, sendersOf, workloadOf, type Arrival, type CompareOptions, type LiveRunData, type PointComparison, type RunComparison } from "./compare-run.js";

export interface ValidationReport {
  readonly points: readonly PointComparison[];
  readonly overall: ErrorTable;
  readonly heldOut: ErrorTable;
  readonly inSample: ErrorTable;
  readonly byBand: Readonly<Record<LoadBand, ErrorTable>>;
  /** Steady points by how they were driven: closed loop (concurrency) and open loop (rate). */
  readonly byMode: { readonly closedLoop: ErrorTable; readonly openLoop: ErrorTable };
  /** Steady points by how their requests arrived: closed loop, Poisson, constant or gamma gaps, or
   *  perf_analyzer's --request-intervals ("custom"). */
  readonly byArrival: Readonly<Record<Arrival, ErrorTable>>;
  /** The headline rows again over every steady point, unstable measurements included. */
  readonly includingUnstable: { readonly overall: ErrorTable; readonly heldOut: ErrorTable; readonly openLoop: ErrorTable };
  /** Open-loop levels whose tool fell behind the offered rate (no steady state, so out of every summary
   *  above), measured stably: what a tool that holds back its sends (perf_analyzer's synchronous threads)
   *  then measures is still a measurement the model can be checked against. */
  readonly fellBehind: ErrorTable;
  /** Per profile (a calibration, and the runs validated against it): all and held-out points. */
  readonly byProfile: readonly {
    readonly profile: string;
    /** The profile's host episodes per second (0: none in its calibration logs). */
    readonly hostEpisodesPerS: number;
    readonly all: ErrorTable;
    readonly heldOut: ErrorTable;
  }[];
  /** Per model served (what each profile calibrated, e.g. "BERT-Base seq 128 FP16"): all and held-out points. */
  readonly byCalibratedModel: readonly { readonly model: string; readonly all: ErrorTable; readonly heldOut: ErrorTable }[];
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
  /** How far the headline rows could move with another set of calibrations: each metric's median
   *  absolute error, its points resampled a profile at a time (bootstrap.ts). */
  readonly uncertainty: Uncertainty;
}

export interface Uncertainty {
  readonly method: "cluster bootstrap, clusters = profiles";
  readonly reps: number;
  readonly level: number;
  readonly overall: BootstrapRow;
  readonly heldOut: BootstrapRow;
  readonly closedLoop: BootstrapRow;
  readonly openLoop: BootstrapRow;
  /** Profiles whose calibration logs show no recurring host episodes. */
  readonly withoutHostEpisodes: BootstrapRow;
  /** byCalibratedModel's rows, in its order. */
  readonly byCalibratedModel: readonly { readonly model: string; readonly all: BootstrapRow; readonly heldOut: BootstrapRow }[];
}

/** Resamples behind each interval, and its two-sided coverage. */
export const BOOTSTRAP_REPS = 2000;
export const BOOTSTRAP_LEVEL = 0.95;

export interface ValidateOptions extends CompareOptions {
  readonly sloMs: readonly number[];
}

function errorTable(points: readonly PointComparison[]): ErrorTable {
  return tableOf(points.map((p) => p.errorPct));
}

export function validateRuns(
  runs: readonly LiveRunData[],
  profileFor: (run: LiveRun) => Profile,
  opts: ValidateOptions,
): ValidationReport {
  checkSpeedMargin(opts.speedMarginPct);
  return summarizeRuns(
    runs,
    runs.map((data) => compareRun(data, profileFor(data.run), opts)),
    opts,
  );
}

/** The report from every run's comparison (compareRun's, in the runs' order). */
export function summarizeRuns(
  runs: readonly LiveRunData[],
  compared: readonly RunComparison[],
  opts: Pick<ValidateOptions, "sloMs" | "speedMarginPct" | "seed">,
): ValidationReport {
  const points = compared.flatMap((c) => c.points);
  const configKeys = new Map(compared.map((c, i) => [runs[i]!.run.name, c.configKey]));
  const episodesPerS = new Map(compared.map((c) => [c.profile, c.hostEpisodesPerS]));
  const recurring = new Set(compared.filter((c) => c.recurringEpisodes).map((c) => c.profile));
  const modelOf = new Map(compared.map((c) => [c.profile, c.calibratedModel]));
  const marginPct = opts.speedMarginPct ?? 0;
  const regret = regretByGroup(points, opts.sloMs);
  const all = points.filter((p) => p.steady);
  const steady = all.filter((p) => p.stable);
  const repeats = repeatPairs(runs, configKeys);
  const modelOfPoint = (p: PointComparison): string => modelOf.get(p.profile) ?? p.profile;
  const models = [...new Set(steady.map(modelOfPoint))].sort();
  const ofModel = (m: string): readonly PointComparison[] => steady.filter((p) => modelOfPoint(p) === m);
  const boot = { seed: opts.seed, reps: BOOTSTRAP_REPS, level: BOOTSTRAP_LEVEL };
  const bootstrap = (ps: readonly PointComparison[]): BootstrapRow =>
    clusterBootstrap(
      ps.map((p) => ({ cluster: p.profile, errorPct: p.errorPct })),
      boot,
    );
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
    byArrival: Object.fromEntries(ARRIVALS.map((a) => [a, errorTable(steady.filter((p) => p.arrival === a))])) as Record<Arrival, ErrorTable>,
    byProfile: [...new Set(steady.map((p) => p.profile))].sort().map((profile) => ({
      profile,
      hostEpisodesPerS: episodesPerS.get(profile) ?? 0,
      all: errorTable(steady.filter((p) => p.profile === profile)),
      heldOut: errorTable(steady.filter((p) => p.profile === profile && !p.inSample)),
    })),
    byCalibratedModel: models.map((model) => ({
      model,
      all: errorTable(ofModel(model)),
      heldOut: errorTable(ofModel(model).filter((p) => !p.inSample)),
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
    fellBehind: errorTable(points.filter((p) => !p.steady && p.stable)),
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
    speedMargin:
      marginPct > 0
        ? speedMarginReport(steady, marginPct, opts.sloMs, recurring, regret, regretByGroup(points, opts.sloMs, (p) => p.marginPredicted ?? p.predicted), boot)
        : null,
    uncertainty: {
      method: "cluster bootstrap, clusters = profiles",
      reps: BOOTSTRAP_REPS,
      level: BOOTSTRAP_LEVEL,
      overall: bootstrap(steady),
      heldOut: bootstrap(steady.filter((p) => !p.inSample)),
      closedLoop: bootstrap(steady.filter((p) => p.mode === "concurrency")),
      openLoop: bootstrap(steady.filter((p) => p.mode === "rate")),
      withoutHostEpisodes: bootstrap(steady.filter((p) => !recurring.has(p.profile))),
      byCalibratedModel: models.map((model) => ({
        model,
        all: bootstrap(ofModel(model)),
        heldOut: bootstrap(ofModel(model).filter((p) => !p.inSample)),
      })),
    },
  };
}
