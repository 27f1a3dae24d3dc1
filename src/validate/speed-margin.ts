// How far the plan's speed margin can be trusted. plan checks its recommendation again on a server
// `--speed-margin` % slower than its calibration, because hosts drift between calibration and use. Here
// every live level is also predicted on that slower server, and two questions are counted over the
// steady, stable points: how often the measured p99 lies at or below the prediction (plain, and with the
// margin), and, for each p99 SLO, how the SLO verdicts come out: of the levels a prediction puts within
// the SLO, how many measured within it (a wrong "yes" is an SLO broken in production), and how many levels
// that measured within it the prediction turned down (capacity left unused); and the decision regret of
// picking configurations on the slower server's predictions against the plain ones.
import { clusterShareInterval, type BootstrapOptions, type Interval } from "./bootstrap.js";
import type { PointComparison } from "./compare-run.js";
import type { RegretResult } from "./regret.js";

export interface Bound {
  /** Points counted. */
  readonly n: number;
  /** Of them, measured p99 ≤ the plain prediction's p99. */
  readonly plainCovers: number;
  /** Of them, measured p99 ≤ the p99 predicted on the slower server. */
  readonly marginCovers: number;
}

export interface VerdictCounts {
  /** Predicted p99 within the SLO. */
  readonly accepted: number;
  /** … and measured within it too. */
  readonly acceptedHeld: number;
  /** Predicted p99 over the SLO. */
  readonly rejected: number;
  /** … although measured within it. */
  readonly rejectedHeld: number;
}

export interface SloVerdicts {
  readonly sloMs: number;
  readonly points: number;
  readonly plain: VerdictCounts;
  readonly margin: VerdictCounts;
  /** With bootstrap options: how sure each "yes held" share is, in %, its profiles resampled (bootstrap.ts). */
  readonly heldPctInterval?: { readonly plain: Interval; readonly margin: Interval };
}

/** Decision regret per SLO, summed over the groups: picks on the plain predictions and on the slower server's. */
export interface MarginRegret {
  readonly sloMs: number;
  readonly groups: number;
  /** Sum over groups of the measured throughput lost, % of each group's best. */
  readonly plainLostPct: number;
  readonly marginLostPct: number;
  /** Groups that lose nothing. */
  readonly plainNoLoss: number;
  readonly marginNoLoss: number;
}

export interface SpeedMarginReport {
  readonly speedMarginPct: number;
  /** All points, held-out ones, then by whether their profile's calibration logs show recurring host episodes. */
  readonly bound: { readonly all: Bound; readonly heldOut: Bound; readonly noEpisodes: Bound; readonly recurringEpisodes: Bound };
  readonly verdicts: { readonly all: readonly SloVerdicts[]; readonly heldOut: readonly SloVerdicts[]; readonly noEpisodes: readonly SloVerdicts[] };
  readonly regret: readonly MarginRegret[];
}

/** Points that carry a prediction on the slower server (and a measured p99, which a CSV may lack). */
type WithMargin = PointComparison & { readonly marginPredicted: NonNullable<PointComparison["marginPredicted"]> };

function hasMargin(p: PointComparison): p is WithMargin {
  return p.marginPredicted !== undefined && Number.isFinite(p.measured.p99Us);
}

export function boundOf(points: readonly PointComparison[]): Bound {
  const ps = points.filter(hasMargin);
  return {
    n: ps.length,
    plainCovers: ps.filter((p) => p.measured.p99Us <= p.predicted.p99Us).length,
    marginCovers: ps.filter((p) => p.measured.p99Us <= p.marginPredicted.p99Us).length,
  };
}

function counts(points: readonly WithMargin[], sloUs: number, predictedP99: (p: WithMargin) => number): VerdictCounts {
  const accepted = points.filter((p) => predictedP99(p) <= sloUs);
  const rejected = points.filter((p) => !(predictedP99(p) <= sloUs));
  const held = (ps: readonly WithMargin[]) => ps.filter((p) => p.measured.p99Us <= sloUs).length;
  return { accepted: accepted.length, acceptedHeld: held(accepted), rejected: rejected.length, rejectedHeld: held(rejected) };
}

/** The share of a profile's "yes" verdicts that held, as counts per profile, for clusterShareInterval. */
function heldByProfile(points: readonly WithMargin[], sloUs: number, predictedP99: (p: WithMargin) => number): { k: number; n: number }[] {
  return [...new Set(points.map((p) => p.profile))].sort().map((profile) => {
    const c = counts(points.filter((p) => p.profile === profile), sloUs, predictedP99);
    return { k: c.acceptedHeld, n: c.accepted };
  });
}

export function verdictsOf(points: readonly PointComparison[], sloMs: readonly number[], boot?: BootstrapOptions): SloVerdicts[] {
  const ps = points.filter(hasMargin);
  const plainP99 = (p: WithMargin): number => p.predicted.p99Us;
  const marginP99 = (p: WithMargin): number => p.marginPredicted.p99Us;
  return sloMs.map((slo) => ({
    sloMs: slo,
    points: ps.length,
    plain: counts(ps, slo * 1000, plainP99),
    margin: counts(ps, slo * 1000, marginP99),
    ...(boot === undefined
      ? {}
      : {
          heldPctInterval: {
            plain: clusterShareInterval(heldByProfile(ps, slo * 1000, plainP99), boot, `held-${slo}-plain`),
            margin: clusterShareInterval(heldByProfile(ps, slo * 1000, marginP99), boot, `held-${slo}-margin`),
          },
        }),
  }));
}

/** Per SLO, the two regret lists (same groups and SLOs, as regretByGroup gives them) summed. */
export function marginRegret(sloMs: readonly number[], plain: readonly RegretResult[], margin: readonly RegretResult[]): MarginRegret[] {
  return sloMs.map((slo) => {
    const a = plain.filter((r) => r.sloMs === slo);
    const b = margin.filter((r) => r.sloMs === slo);
    const lost = (rs: readonly RegretResult[]) => rs.reduce((s, r) => s + 100 * r.lostFraction, 0);
    return {
      sloMs: slo,
      groups: a.length,
      plainLostPct: lost(a),
      marginLostPct: lost(b),
      plainNoLoss: a.filter((r) => r.lostFraction === 0).length,
      marginNoLoss: b.filter((r) => r.lostFraction === 0).length,
    };
  });
}

/** The report over the steady, stable points; `recurring` names the profiles with recurring host episodes;
 *  the regret lists are validate's (every point) with picks on the plain and on the slower predictions. */
export function speedMarginReport(
  steady: readonly PointComparison[],
  pct: number,
  sloMs: readonly number[],
  recurring: ReadonlySet<string>,
  plainRegret: readonly RegretResult[] = [],
  marginRegretList: readonly RegretResult[] = [],
  boot?: BootstrapOptions,
): SpeedMarginReport {
  const quiet = steady.filter((p) => !recurring.has(p.profile));
  const held = steady.filter((p) => !p.inSample);
  return {
    speedMarginPct: pct,
    bound: { all: boundOf(steady), heldOut: boundOf(held), noEpisodes: boundOf(quiet), recurringEpisodes: boundOf(steady.filter((p) => recurring.has(p.profile))) },
    verdicts: { all: verdictsOf(steady, sloMs, boot), heldOut: verdictsOf(held, sloMs, boot), noEpisodes: verdictsOf(quiet, sloMs, boot) },
    regret: marginRegret(sloMs, plainRegret, marginRegretList),
  };
}
