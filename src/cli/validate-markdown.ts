// The Markdown report of `servesim validate` (without --json): the summaries (overall, held out, by load band,
// loop, arrival process, model served, host episodes and profile) and how sure they are (bootstrap intervals),
// plan's speed margin, decision regret, repeated measurements and every point, predicted against measured.
import { METRICS, type BootstrapRow, type Interval } from "../validate/bootstrap.js";
import type { ErrorSummary } from "../validate/errors.js";
import type { Bound, SloVerdicts, SpeedMarginReport } from "../validate/speed-margin.js";
import type { Arrival, ErrorTable, PointComparison, ValidationReport } from "../validate/validate.js";

const pct = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${x.toFixed(1)}` : "–");
const abs = (s: ErrorSummary): string => (s.n === 0 ? "–" : `${s.medianAbsPct.toFixed(1)} / ${s.meanAbsPct.toFixed(1)}`);
const ms = (us: number): string => (Number.isFinite(us) ? (us / 1000).toFixed(2) : "–");

function tableRow(name: string, t: ErrorTable): string {
  return `| ${name} | ${t.throughput.n} | ${abs(t.throughput)} | ${abs(t.p50)} | ${abs(t.p90)} | ${abs(t.p99)} |`;
}

/** "k of n (p %)", with the share's interval after it when one is given ("k of n (p %; lo–hi)"). */
const share = (k: number, n: number, i?: Interval): string =>
  n === 0
    ? "–"
    : `${k} of ${n} (${((100 * k) / n).toFixed(0)} %${i === undefined || !Number.isFinite(i.lowPct) ? "" : `; ${i.lowPct.toFixed(0)}–${i.highPct.toFixed(0)}`})`;

function speedMarginSection(m: SpeedMarginReport): string[] {
  const L: string[] = ["", `## plan's speed margin: the same levels on a server ${m.speedMarginPct} % slower`, ""];
  L.push(
    `plan checks its pick again on a server ${m.speedMarginPct} % slower than its calibration (\`--speed-margin\`), since hosts drift between` +
      " calibration and use. Each level predicted that way too: how often its measured p99 lies at or below the prediction, plain and slower," +
      " over the points summarised above.",
    "",
  );
  L.push(`| points | n | measured p99 ≤ predicted | ≤ predicted ${m.speedMarginPct} % slower |`, "|---|---|---|---|");
  const bound = (name: string, b: Bound): string => `| ${name} | ${b.n} | ${share(b.plainCovers, b.n)} | ${share(b.marginCovers, b.n)} |`;
  L.push(
    bound("all", m.bound.all),
    bound("held out", m.bound.heldOut),
    bound("profiles without recurring host episodes", m.bound.noEpisodes),
    bound("profiles with them", m.bound.recurringEpisodes),
  );
  L.push(
    "",
    "SLO verdicts, p99 ≤ SLO: of the levels a prediction puts within the SLO, how many measured within it (a wrong yes is an SLO broken in" +
      " production; after the share, its 95 % interval in % when the profiles are resampled, as in \"How sure these figures are\"), and how" +
      " many levels that measured within it the prediction turned down (capacity left unused).",
    "",
  );
  L.push(
    `| points | SLO ms | levels | plain: within | … measured within | turned down, measured within | ${m.speedMarginPct} % slower: within | … measured within | turned down, measured within |`,
    "|---|---|---|---|---|---|---|---|---|",
  );
  const row = (name: string, v: SloVerdicts): string =>
    `| ${name} | ${v.sloMs} | ${v.points} | ${v.plain.accepted} | ${share(v.plain.acceptedHeld, v.plain.accepted, v.heldPctInterval?.plain)} | ${v.plain.rejectedHeld} of ${v.plain.rejected} | ${v.margin.accepted} | ${share(v.margin.acceptedHeld, v.margin.accepted, v.heldPctInterval?.margin)} | ${v.margin.rejectedHeld} of ${v.margin.rejected} |`;
  for (const v of m.verdicts.all) L.push(row("all", v));
  for (const v of m.verdicts.heldOut) L.push(row("held out", v));
  for (const v of m.verdicts.noEpisodes) L.push(row("without recurring host episodes", v));
  L.push(
    "",
    `Decision regret (below) with the model's picks made on the predictions ${m.speedMarginPct} % slower instead: measured throughput lost, % of each group's best, summed over the groups.`,
    "",
    `| SLO ms | groups | picks on plain predictions: lost % | groups losing nothing | picks ${m.speedMarginPct} % slower: lost % | groups losing nothing |`,
    "|---|---|---|---|---|---|",
  );
  for (const r of m.regret) L.push(`| ${r.sloMs} | ${r.groups} | ${r.plainLostPct.toFixed(0)} | ${r.plainNoLoss} | ${r.marginLostPct.toFixed(0)} | ${r.marginNoLoss} |`);
  return L;
}

function uncertaintySection(r: ValidationReport): string[] {
  const u = r.uncertainty;
  const iv = (i: Interval): string => (Number.isFinite(i.lowPct) ? `${i.lowPct.toFixed(1)}–${i.highPct.toFixed(1)}` : "–");
  const row = (name: string, t: ErrorTable, b: BootstrapRow): string =>
    `| ${name} | ${b.points} | ${b.clusters} | ${METRICS.map((m) => (t[m].n === 0 ? "–" : `${t[m].medianAbsPct.toFixed(1)} (${iv(b.intervals[m])})`)).join(" | ")} |`;
  return [
    "",
    "## How sure these figures are",
    "",
    `Median absolute error, %, with its ${(u.level * 100).toFixed(0)} % interval when the calibrations are resampled: the points of one profile` +
      " (a calibration and the runs predicted from it, which share one host) are drawn together, with replacement," +
      ` ${u.reps} times (a cluster bootstrap). The interval is how far the figure could move with another set of calibrated hosts.`,
    "",
    "| points | n | profiles | throughput | p50 | p90 | p99 |",
    "|---|---|---|---|---|---|---|",
    row("all", r.overall, u.overall),
    row("held out", r.heldOut, u.heldOut),
    row("closed loop", r.byMode.closedLoop, u.closedLoop),
    row("open loop", r.byMode.openLoop, u.openLoop),
    row("profiles whose calibration logs show no recurring host episodes", r.byHostEpisodes.none.all, u.withoutHostEpisodes),
    ...r.byCalibratedModel.flatMap((g, i) => [
      row(g.model, g.all, u.byCalibratedModel[i]!.all),
      row(`${g.model}, held out`, g.heldOut, u.byCalibratedModel[i]!.heldOut),
    ]),
  ];
}

export function renderMarkdown(r: ValidationReport, dir: string): string {
  const L: string[] = [];
  L.push(`# servesim validate: ${dir}`, "");
  const overloaded = r.points.filter((p) => !p.steady).length;
  const unstable = r.points.filter((p) => p.steady && !p.stable).length;
  L.push(
    `Median / mean absolute error, % (prediction vs measurement), over ${r.points.length - overloaded - unstable} points.` +
      ` Listed below but not summarised: ${overloaded} open-loop points where the live run fell behind the offered rate (no steady state; they get a row of their own)` +
      ` and ${unstable} points the tool could not measure stably (its last windows disagreed by more than its stability percentage;` +
      " perf_analyzer writes no row for such a level, servesim loadgen writes one and flags it)." +
      ` Of the points summarised, the model's own simulated measurement found no three agreeing windows on ${r.points.filter((p) => p.steady && p.stable && !p.predictedStable).length}` +
      " (it puts them past capacity or still drifting, so their predicted latency is what its last windows saw); they are included." +
      replicationsLine(r.points),
    "",
  );
  L.push("| points | n | throughput | p50 | p90 | p99 |", "|---|---|---|---|---|---|");
  L.push(tableRow("all", r.overall));
  L.push(tableRow("held out (not calibration configs)", r.heldOut));
  L.push(tableRow("in sample (calibration configs)", r.inSample));
  for (const band of ["<50%", "50–85%", ">85%"] as const) L.push(tableRow(`load ${band} of capacity`, r.byBand[band]));
  L.push(tableRow("closed loop (concurrency)", r.byMode.closedLoop));
  L.push(tableRow("open loop (request rate)", r.byMode.openLoop));
  const arrivalNames: Record<Exclude<Arrival, "closed">, string> = {
    poisson: "… Poisson gaps",
    constant: "… constant gaps",
    gamma: "… gamma gaps",
    custom: "… perf_analyzer's --request-intervals (bursts, spikes, traces)",
  };
  for (const [a, name] of Object.entries(arrivalNames)) {
    const t = r.byArrival[a as Arrival];
    if (t.throughput.n > 0) L.push(tableRow(name, t));
  }
  L.push(tableRow("all, unstable measurements included", r.includingUnstable.overall));
  L.push(tableRow("held out, unstable measurements included", r.includingUnstable.heldOut));
  L.push(tableRow("open loop, unstable measurements included", r.includingUnstable.openLoop));
  L.push(tableRow("open loop, the tool fell behind the offered rate (not summarised above)", r.fellBehind));
  for (const g of r.byCalibratedModel) {
    L.push(tableRow(g.model, g.all));
    L.push(tableRow(`${g.model}, held out`, g.heldOut));
  }
  L.push(tableRow("profiles whose calibration logs show recurring host episodes", r.byHostEpisodes.recurring.all));
  L.push(tableRow("… held out", r.byHostEpisodes.recurring.heldOut));
  L.push(tableRow("profiles whose calibration logs show none", r.byHostEpisodes.none.all));
  L.push(tableRow("… held out", r.byHostEpisodes.none.heldOut));
  for (const g of r.byProfile) {
    const ep = g.hostEpisodesPerS > 0 ? ` (host episodes ${g.hostEpisodesPerS.toFixed(2)}/s)` : "";
    // A profile whose points are all held out (or none are) gets one row, said so, not two equal ones.
    const n = g.all.throughput.n;
    const heldN = g.heldOut.throughput.n;
    const all = n === 0 ? "" : heldN === n ? ", all held out" : heldN === 0 ? ", all in sample" : "";
    L.push(tableRow(`profile ${g.profile}${ep}${all}`, g.all));
    if (heldN > 0 && heldN < n) L.push(tableRow(`profile ${g.profile}, held out`, g.heldOut));
  }
  L.push(...uncertaintySection(r));
  if (r.speedConditioned.plain.throughput.n > 0) {
    L.push("", "## Conditioned on the server's measured speed", "");
    L.push(
      "Points whose run carries the server's speed during the level (execution durations against the calibration's at the same size, from" +
        " execution logs; `serverSpeed`): the plain error, and the error with the profile rescaled to that speed. The difference is what the" +
        " host's drift between calibration and measurement explains; this is a diagnostic, not the headline.",
      "",
    );
    L.push("| points | n | throughput | p50 | p90 | p99 |", "|---|---|---|---|---|---|");
    L.push(tableRow("with a measured speed, plain", r.speedConditioned.plain));
    L.push(tableRow("… conditioned on the speed", r.speedConditioned.conditioned));
    L.push(tableRow("held out, plain", r.speedConditioned.heldOutPlain));
    L.push(tableRow("… conditioned on the speed", r.speedConditioned.heldOutConditioned));
  }
  if (r.speedMargin !== null) L.push(...speedMarginSection(r.speedMargin));
  L.push("", "## How far apart the measurements themselves are", "");
  L.push("Median / mean absolute difference, %, between two measurements of the same configuration and load (pairs where both are steady, stable measurements).", "");
  L.push("| pairs | n | throughput | p50 | p99 |", "|---|---|---|---|---|");
  const sp = (name: string, t: ErrorTable): string => `| ${name} | ${t.throughput.n} | ${abs(t.throughput)} | ${abs(t.p50)} | ${abs(t.p99)} |`;
  L.push(sp("same tool, measured again later", r.repeatSpread.sameTool));
  L.push(sp("… closed loop", r.repeatSpread.sameToolClosedLoop));
  L.push(sp("… open loop", r.repeatSpread.sameToolOpenLoop));
  L.push(sp("perf_analyzer vs servesim loadgen", r.repeatSpread.acrossTools));
  if (r.repeats.length > 0) {
    L.push("", "| model | mode | load | A | B | throughput B vs A | p50 | p99 |", "|---|---|---|---|---|---|---|---|");
    for (const p of r.repeats) {
      L.push(`| ${p.model} | ${p.mode} | ${p.load} | ${p.runA} (${p.toolA}) | ${p.runB} (${p.toolB}) | ${pct(p.diffPct.throughput)} | ${pct(p.diffPct.p50)} | ${pct(p.diffPct.p99)} |`);
    }
  }
  const ar = r.acrossRepeats;
  if (ar.groups.length > 0) {
    L.push("", "## Against the median of repeated measurements", "");
    L.push(
      `Configurations and levels one tool measured on ${ar.minRuns} or more runs (${ar.groups.length} groups): the median prediction against the` +
        " median measurement (the model's error about the typical start), each point's own error, and each measurement against its" +
        " group's median (what the runs disagree on, which no prediction made before a run removes), and each measurement predicted by" +
        " the median of the other runs' measurements of it (what measuring it elsewhere, instead of modelling it, predicts). Median / mean absolute, %.",
      "",
    );
    L.push("| over | n | throughput | p50 | p90 | p99 |", "|---|---|---|---|---|---|");
    L.push(tableRow("groups: median prediction vs median measurement", ar.medianError));
    L.push(tableRow("their points: each point's own error", ar.pointError));
    L.push(tableRow("their points: measurement vs its group's median", ar.spread));
    L.push(tableRow("their points: the other runs' median measurement as the prediction", ar.leaveOneOut));
  }
  L.push("", "## Decision regret (p99 SLO)", "");
  L.push("| group | SLO ms | model picks | best measured | picked: measured infer/s | best infer/s | lost |", "|---|---|---|---|---|---|---|");
  for (const g of r.regret) {
    L.push(
      `| ${g.group} | ${g.sloMs} | ${g.picked ?? "none"} | ${g.best ?? "none"} | ${g.pickedMeasuredPerS.toFixed(1)} | ${g.bestMeasuredPerS.toFixed(1)} | ${(g.lostFraction * 100).toFixed(1)} % |`,
    );
  }
  L.push("", "## Points", "");
  L.push(
    `| run | mode | load | in sample | band | steady | stable | infer/s meas | pred | err % | p50 ms meas | pred | err % | p90 err % | p99 ms meas | pred | err % | p99 ms pred ${r.speedMargin === null ? "on a slower server" : `${r.speedMargin.speedMarginPct} % slower`} | server speed | p50 / p99 err % at that speed |`,
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const p of r.points) {
    const sc = p.speedConditioned;
    const speed = sc === undefined ? "– | –" : `${sc.ratio.toFixed(3)} | ${pct(sc.errorPct.p50)} / ${pct(sc.errorPct.p99)}`;
    L.push(
      `| ${p.run} | ${p.mode} | ${p.load} | ${p.inSample ? "yes" : "no"} | ${p.band} | ${p.steady ? "yes" : "no"} | ${p.stable ? "yes" : "no"} | ${p.measured.throughputPerS.toFixed(1)} | ${p.predicted.throughputPerS.toFixed(1)} | ${pct(p.errorPct.throughput)} | ${ms(p.measured.p50Us)} | ${ms(p.predicted.p50Us)} | ${pct(p.errorPct.p50)} | ${pct(p.errorPct.p90)} | ${ms(p.measured.p99Us)} | ${ms(p.predicted.p99Us)} | ${pct(p.errorPct.p99)} | ${p.marginPredicted === undefined ? "–" : ms(p.marginPredicted.p99Us)} | ${speed} |`,
    );
  }
  return `${L.join("\n")}\n`;
}

/** How many simulated measurements each prediction is the median of: the least, the most and the mean. */
function replicationsLine(points: readonly PointComparison[]): string {
  if (points.length === 0) return "";
  const counts = points.map((p) => p.replications);
  const mean = counts.reduce((a, n) => a + n, 0) / counts.length;
  return ` Each prediction is the median of ${Math.min(...counts)} to ${Math.max(...counts)} simulated measurements (${mean.toFixed(1)} on average).`;
}
