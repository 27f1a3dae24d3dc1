// The model's side of calibration/server/cohorts.py (docs/VALIDATION.md, "Read in session 55"): the calibration-only
// model base_cal_dyn (max_batch_size 64, delay 0, one instance) in perf_analyzer's closed loop at 9, 17 and 25
// clients, as each profile whose name starts with PREFIX measures it with perf_analyzer (forTool; seed 1, 2000
// requests of warm-up, then 15 000): of the clients one execution answered, the share whose next request the very
// next execution carries (a request sent after the execution's first response reached its client), by the
// execution's requests. Run after `npm run build`:
//
//   node scripts/model-cohorts.mjs PREFIX      (e.g. h200-bert-base)
//
// One line per profile and level: requests per execution, throughput, the share overall and by size (sizes seen
// 20 times or more).
import { profilesFromArgs, simulateCalDyn } from "./lib/cal-dyn.mjs";

/** Executions in order of start: each one's requests as [send, response received] (µs). */
function executions(profile, concurrency) {
  const byStart = new Map();
  const summary = simulateCalDyn(profile, concurrency, {
    onRequestDone: (e) => {
      const list = byStart.get(e.execStartUs) ?? [];
      list.push([e.t0Us, e.responseEndUs]);
      byStart.set(e.execStartUs, list);
    },
  });
  return { summary, execs: [...byStart.keys()].sort((a, b) => a - b).map((k) => byStart.get(k)) };
}

for (const profile of profilesFromArgs("model-cohorts.mjs")) {
  const cells = [9, 17, 25].map((concurrency) => {
    const { summary, execs } = executions(profile, concurrency);
    const by = new Map();
    for (let k = 0; k + 1 < execs.length; k++) {
      const first = Math.min(...execs[k].map((r) => r[1]));
      const back = execs[k + 1].filter((r) => r[0] > first).length;
      const v = by.get(execs[k].length) ?? [0, 0];
      by.set(execs[k].length, [v[0] + back, v[1] + execs[k].length]);
    }
    const all = [...by.values()].reduce((a, v) => [a[0] + v[0], a[1] + v[1]], [0, 0]);
    const sizes = [...by].sort((a, b) => a[0] - b[0]).filter(([n, v]) => v[1] / n >= 20);
    const t = summary.triton;
    return `${concurrency}: ${(t.inferenceCount / t.executionCount).toFixed(2)} per execution, ${summary.throughputPerS.toFixed(0)}/s, back ${(all[0] / all[1]).toFixed(3)} (${sizes.map(([n, v]) => `${n}: ${(v[0] / v[1]).toFixed(2)}`).join(" ")})`;
  });
  console.log(`${profile.name}\n  ${cells.join("\n  ")}`);
}
