// `servesim plan`'s output: the full plan as JSON, and the text a person reads (the recommendation with its
// intervals, what binds, caveats, the spread over other calibrations, the config.pbtxt and the top
// configurations).
import Table from "cli-table3";
import type { CrossCheck } from "../plan/cross-check.js";
import type { PlanReport } from "../plan/recommend.js";
import type { RobustReport } from "../plan/robust.js";
import type { PlanInput, PlanLoad } from "../plan/search.js";
import { describeSlo } from "../plan/slo.js";
import { loadValue } from "../workload/workload.js";
import { VERSION } from "./version.js";

export function planJson(input: PlanInput, report: PlanReport): unknown {
  return {
    tool: "servesim",
    version: VERSION,
    command: "plan",
    seed: input.seed,
    profile: { name: input.profile.name, source: input.profile.metadata.source },
    designMarginPct: input.designMarginPct ?? 0,
    measuredBy: input.measuredBy?.tool ?? null,
    load: input.load.kind === "trace" ? { kind: "trace", requests: input.load.workload.timesUs.length } : input.load,
    slo: input.slo,
    objective: input.objective,
    constraints: input.constraints,
    policy: input.policy ?? "triton",
    ...report,
  };
}

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "∞");

function loadText(load: PlanLoad): string {
  if (load.kind === "rate") return `${load.requestsPerS} requests/s (${load.distribution}, -b ${load.batchSize})`;
  if (load.kind === "concurrency") return `concurrency ${load.concurrency} (-b ${load.batchSize})`;
  const w = load.workload;
  if (w.wrapGapUs !== undefined) return `request intervals: ${w.timesUs.length} gaps repeated, ${loadValue(w).toFixed(1)} requests/s (-b ${load.batchSize})`;
  return `a trace of ${w.timesUs.length} requests`;
}

export function renderPlan(input: PlanInput, r: PlanReport): string {
  const lines: string[] = [];
  lines.push(
    `servesim plan: ${describeSlo(input.slo)} at ${loadText(input.load)}, up to ${input.constraints.maxGpus} GPU${input.constraints.maxGpus > 1 ? "s" : ""}; ` +
      `profile ${input.profile.name} (${input.profile.metadata.source})` +
      ((input.designMarginPct ?? 0) > 0 ? `, planned on a server ${input.designMarginPct} % slower than its calibration` : "") +
      (input.measuredBy !== undefined ? `, latency as ${input.measuredBy.tool} measures it` : "") +
      `; objective ${input.objective}` +
      (input.policy !== undefined ? `; batching policy ${input.policy}` : ""),
  );
  lines.push("");
  const rec = r.recommendation;
  if (rec === null) {
    lines.push(`No configuration meets ${describeSlo(input.slo)}: ${r.bestAchievable?.reason ?? "nothing was feasible"}.`);
    if (r.bestAchievable && r.bestAchievable.description !== "none") {
      lines.push(`Best found: ${r.bestAchievable.description}, ${input.slo.statistic} ${f2(r.bestAchievable.sloMs)} ms.`);
    }
    if (r.robust !== undefined) lines.push(...renderRobust(r.robust));
    if (r.crossCheck !== undefined) lines.push(...renderCrossCheck(input, r.crossCheck));
  } else {
    lines.push(`Recommendation: ${rec.description}`);
    lines.push(`  throughput   ${rec.throughputPerS.mean.toFixed(1)} infer/s (95 % interval ${rec.throughputPerS.low.toFixed(1)}–${rec.throughputPerS.high.toFixed(1)})`);
    lines.push(`  p50          ${f2(rec.p50Ms.mean)} ms (${f2(rec.p50Ms.low)}–${f2(rec.p50Ms.high)})`);
    lines.push(`  p99          ${f2(rec.p99Ms.mean)} ms (${f2(rec.p99Ms.low)}–${f2(rec.p99Ms.high)})`);
    if (rec.capacityRequestsPerS !== null) {
      lines.push(`  capacity     ${Math.round(rec.capacityRequestsPerS)} requests/s within the SLO${rec.headroom !== null ? ` (${(rec.headroom * 100).toFixed(0)} % headroom)` : ""}`);
    }
    lines.push(`  utilization  ${(rec.utilization * 100).toFixed(0)} % per instance (time executing, waits for the GPU included)`);
    lines.push("Why this, and what binds:");
    for (const b of rec.binding) lines.push(`  - ${b}`);
    if (rec.notes.length > 0) {
      lines.push("Caveats:");
      for (const n of rec.notes) lines.push(`  - ${n}`);
    }
    if (r.robust !== undefined) lines.push(...renderRobust(r.robust));
    if (r.crossCheck !== undefined) lines.push(...renderCrossCheck(input, r.crossCheck));
    lines.push("");
    lines.push("config.pbtxt (scheduling part):");
    for (const l of rec.pbtxt.trimEnd().split("\n")) lines.push(`  ${l}`);
  }
  if (r.top.length > 0) {
    lines.push("");
    lines.push("Top configurations:");
    const t = new Table({
      head: ["#", "configuration", "infer/s", "p50 ms", `p99 ms (95 % CI)`, "capacity req/s", "util %", "meets SLO"],
      style: { head: [], border: [], compact: true },
    });
    for (const row of r.top) {
      t.push([
        String(row.rank),
        row.description,
        row.throughputPerS.mean.toFixed(1),
        f2(row.p50Ms.mean),
        `${f2(row.p99Ms.mean)} (${f2(row.p99Ms.low)}–${f2(row.p99Ms.high)})`,
        row.capacityRequestsPerS === null ? "-" : String(Math.round(row.capacityRequestsPerS)),
        (row.utilization * 100).toFixed(0),
        row.confirmed ? "yes" : "no",
      ]);
    }
    lines.push(t.toString());
  }
  return `${lines.join("\n")}\n`;
}

function renderCrossCheck(input: PlanInput, x: CrossCheck): string[] {
  const stat = input.slo.statistic;
  const n = x.checks.length;
  const at = input.load.kind === "rate" ? ` at ${input.load.requestsPerS}/s` : "";
  const lines = [`On other calibrations (--check-on, ${n} profile${n > 1 ? "s" : ""}, each as calibrated):`];
  lines.push(`  meets ${describeSlo(input.slo)}${at} on ${x.meets} of ${n}; ${stat} there ${f2(x.sloMs.min)}–${f2(x.sloMs.max)} ms (median ${f2(x.sloMs.median)})`);
  const cap = x.capacityRequestsPerS;
  if (cap !== null) {
    const low = cap.min > 0 ? `${Math.round(cap.min)}/s` : "below the load";
    lines.push(`  capacity within the SLO: median ${cap.median > 0 ? `${Math.round(cap.median)}/s` : "below the load"} (${low} to ${Math.round(cap.max)}/s)`);
  }
  lines.push("  the spread is the hosts the profiles calibrated; none models host episodes, and on starts that stalled the measured p99 ran above all of it");
  const t = new Table({ head: ["profile", `${stat} ms (95 % CI)`, "meets SLO", "capacity req/s"], style: { head: [], border: [], compact: true } });
  for (const c of x.checks) {
    t.push([c.profile, `${f2(c.sloMs.mean)} (${f2(c.sloMs.low)}–${f2(c.sloMs.high)})`, c.meets ? "yes" : "no", c.capacityRequestsPerS === null ? "-" : String(Math.round(c.capacityRequestsPerS))]);
  }
  for (const l of t.toString().split("\n")) lines.push(`  ${l}`);
  return lines;
}

/** The names without the prefix, ending in "-", that all of them share (each keeps something); a single
 *  name stays whole. */
function shortNames(names: readonly string[]): string[] {
  if (new Set(names).size < 2) return [...names];
  let prefix = names[0] ?? "";
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.slice(0, prefix.lastIndexOf("-") + 1);
  return names.map((n) => (n.length > prefix.length ? n.slice(prefix.length) : n));
}

/** plan --robust: which ranked configurations were tried on the --check-on calibrations, their verdicts,
 *  and the calibrations each missed the SLO on. */
function renderRobust(x: RobustReport): string[] {
  const lines = [`Robust over the --check-on calibrations (--robust ${x.minSharePct}: the SLO met on at least ${x.needed} of ${x.of}):`];
  const short = shortNames(x.profiles);
  for (const t of x.tried) {
    const missed = t.missedOn.map((i) => short[i]).join(", ");
    const verdict = t.accepted
      ? `meets it on ${t.meets} of the first ${t.checked}${missed === "" ? "" : ` (misses on ${missed})`}: chosen`
      : `misses it on ${t.missedOn.length} of the first ${t.checked} (${missed}), so at most ${x.of - t.missedOn.length} of ${x.of} could meet it: passed over`;
    lines.push(`  #${t.rank} ${t.description}: ${verdict}`);
  }
  return lines;
}
