// `servesim host-check`: does this machine start stall? Reads a short execution log of a one-instance
// model (the stub's own --exec-log, or Triton's traces with --trace/--trace-model), finds its host
// episodes (calibrate/host-episodes.ts) and says whether they recur (recurringHostEpisodes), which the
// simulator does not model: on starts that had them, the measured p99 ran far above the predictions
// (docs/VALIDATION.md, "Host episodes"; phase EF). Text, or --json (servesim.host-check/v1). Always exit 0 on a
// readable log: the verdict is the output.
import type { Command } from "@commander-js/extra-typings";
import { fitHostEpisodes } from "../calibrate/host-episodes.js";
import { HOST_EPISODES_RECURRING_PER_S, recurringHostEpisodes } from "../compute/profile.js";
import { InputError } from "../validation.js";
import { fileNames, readExecutionLogs } from "./exec-logs.js";

const collect = (v: string, acc: string[]): string[] => [...acc, v];

export function registerHostCheck(program: Command): void {
  program
    .command("host-check")
    .summary("say from a short execution log whether this machine start has recurring host episodes (p99 not to be trusted there)")
    .description(
      "say whether this machine start has recurring host episodes (the whole host slowing for tens of ms about once a second), from a short execution log of a one-instance model at concurrency 1 (a minute is plenty): plan leaves them out (validate and simulate --host-episodes hold the front end during them), and where they recur servesim's p99 predictions are not to be trusted",
    )
    .option("--exec-log <file>", "execution log of one instance (repo.py --exec-log, cut by exec_cut.py) (repeatable)", collect, [] as string[])
    .option("--trace <file>", "Triton trace file of a one-instance model (every request traced, clients at -b 1), or trace_reduce.py's CSV (repeatable; needs --trace-model)", collect, [] as string[])
    .option("--trace-model <name>", "with --trace: the model whose executions to read")
    .option("--json", "print servesim.host-check/v1 JSON")
    .action((o) => {
      if (o.execLog.length === 0 && o.trace.length === 0) throw new InputError("give --exec-log and/or --trace");
      const logs = readExecutionLogs(o.execLog, o.trace, o.traceModel);
      const from = fileNames([...o.execLog, ...o.trace]);
      const fit = fitHostEpisodes(logs, from);
      const executions = logs.reduce((a, l) => a + l.durationUs.length, 0);
      const recurring = fit.episodes !== null && recurringHostEpisodes({ hostEpisodes: fit.episodes }) !== null;
      const verdict = fit.episodes === null ? "none" : recurring ? "recurring" : "isolated";
      if (o.json) {
        const out = {
          schema: "servesim.host-check/v1",
          from,
          executions,
          loggedS: fit.loggedUs / 1e6,
          episodes: fit.count,
          hostEpisodes: fit.episodes,
          recurringAtPerS: HOST_EPISODES_RECURRING_PER_S,
          verdict,
        };
        process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
        return;
      }
      const e = fit.episodes;
      const lines = [`${executions} executions over ${(fit.loggedUs / 1e6).toFixed(1)} s (${from})`];
      if (e === null) lines.push("host episodes: none");
      else {
        lines.push(
          `host episodes: ${fit.count} (${e.ratePerS.toFixed(2)}/s, mean ${(e.meanDurationUs / 1000).toFixed(1)} ms, executions ×${e.execFactor.toFixed(2)}, waits between them ×${e.frontEndFactor.toFixed(1)})`,
        );
      }
      lines.push(
        verdict === "recurring"
          ? `verdict: recurring (${HOST_EPISODES_RECURRING_PER_S}/s or more). Plan leaves them out; on most such starts (phase EF) the measured p99 ran far above its predictions (plan's pick at 3000/s: 8.9-28 ms against about 4 ms), and holding the front end during them (validate, simulate --host-episodes) still misses such starts' p99 most. Measure p99 live, or use another machine start.`
          : `verdict: ${verdict}. Nothing here that the simulator leaves out; a start can still turn later (docs/VALIDATION.md, "Host episodes").`,
      );
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
