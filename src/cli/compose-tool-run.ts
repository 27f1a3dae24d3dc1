// compose-profile's --tool-run part: another load generator's entry (perf_analyzer's) from its closed-loop run of
// a calibration-only model — its batch-1 overheads, then (when the profile has no entry for it yet) its network
// spread, extra output per merged request, response gap and loaded wait, each fitted by simulating that run.
import { LoadedWaitPriorFile } from "../calibrate/loaded-wait.js";
import { parseLiveRun } from "../calibrate/live-run.js";
import { fitToolGap, fitToolSpread, loadedLevels } from "../calibrate/tool-gap.js";
import { fitToolOutput } from "../calibrate/tool-output.js";
import { toolOverheads } from "../calibrate/tool-overheads.js";
import { withLoadGenerator } from "../compute/load-generator.js";
import type { LoadGenerator, Profile } from "../compute/profile.js";
import { parsePerfAnalyzerCsv } from "../metrics/csv.js";
import { InputError } from "../validation.js";
import { asInputError } from "./exec-logs.js";
import { parseJsonText, readJsonFile, readTextFile } from "./files.js";

export interface ToolRunOptions {
  readonly toolRun: readonly string[];
  /** Fit the spread, output, gap and wait when the profile has no entry for the tool yet. */
  readonly toolGap: boolean;
  readonly toolOutput: boolean;
  /** --loaded-wait: the prior file setting the shape of the tool's loaded wait. */
  readonly loadedWait?: string | undefined;
}

/** The profile with each --tool-run's entry; `added` says what was measured. */
export function withToolRuns(profile: Profile, o: ToolRunOptions): { readonly profile: Profile; readonly added: string } {
  const loadedWait = o.loadedWait === undefined ? null : readJsonFile(LoadedWaitPriorFile, o.loadedWait, "loaded wait prior");
  if (loadedWait !== null && o.toolRun.length === 0) throw new InputError("--loaded-wait needs --tool-run (the tool whose loaded wait it shapes)");
  let added = "";
  for (const f of o.toolRun) {
    const run = parseLiveRun(parseJsonText(readTextFile(f, "tool run"), f), f);
    const csv = `${f.replace(/\.json$/, "")}.csv`;
    const rows = parsePerfAnalyzerCsv(readTextFile(csv, "tool run CSV"), csv).rows;
    const lg = asInputError(() => toolOverheads(run, rows));
    const had = (profile.loadGenerators ?? []).find((g) => g.tool === lg.tool);
    added += `, ${lg.tool} overheads at batch 1: send ${lg.sendUs} µs, network ${lg.networkUs} µs, recv ${lg.recvUs} µs`;
    let tool: LoadGenerator = { ...lg, responseGapUs: had?.responseGapUs ?? 0 };
    if (loadedWait !== null && loadedWait.tool === lg.tool) {
      if (had !== undefined || !o.toolGap) throw new InputError(`--loaded-wait: ${lg.tool}'s loaded wait is not fitted here (the profile has an entry for it already, or --no-tool-gap), so its shape cannot be set`);
      tool = { ...tool, loadedWaitShape: loadedWait.shape };
      added += `, ${lg.tool}'s loaded wait a gamma of shape ${loadedWait.shape}`;
    }
    if (had === undefined && o.toolGap) {
      // in closed loop the wait is whole from the tool run's lightest loaded level (its others in flight)
      const lightest = loadedLevels(rows)[0];
      if (lightest !== undefined) tool = { ...tool, loadedWaitWholeFrom: lightest.concurrency - 1 };
      const spread = asInputError(() => fitToolSpread(profile, tool, run, rows));
      tool = { ...tool, networkSdUs: spread.networkSdUs };
      if (o.toolOutput) {
        const out = asInputError(() => fitToolOutput(profile, tool, run, rows));
        if (out.outputPerRequestUs !== 0) tool = { ...tool, outputPerRequestUs: out.outputPerRequestUs };
        const at = out.levels.map((l) => `${l.concurrency}: ${l.measuredUs} / ${l.simulatedUs.toFixed(0)}`).join(", ");
        added += `, output ${out.outputPerRequestUs} µs per merged request (its Server Compute Output, measured / simulated µs, at concurrency ${at})`;
      }
      const fit = asInputError(() => fitToolGap(profile, tool, run, rows));
      tool = { ...tool, responseGapUs: fit.responseGapUs, ...(fit.loadedNetworkUs > 0 ? { loadedNetworkUs: fit.loadedNetworkUs } : {}) };
      added += `, network sd ${spread.networkSdUs} µs (its concurrency-1 p95 − p50 ${spread.measuredTailUs.toFixed(0)} µs, simulated ${spread.simulatedTailUs.toFixed(0)} µs)`;
      const at = fit.levels.map((l) => `${l.concurrency}: ${l.measuredUs} / ${l.simulatedUs.toFixed(0)}`).join(", ");
      added += `, response gap ${fit.responseGapUs} µs and loaded network time ${fit.loadedNetworkUs} µs${tool.loadedWaitWholeFrom !== undefined && fit.loadedNetworkUs > 0 ? `, whole in closed loop from ${tool.loadedWaitWholeFrom} others in flight,` : ""} (its Network+Server, measured / simulated µs, at concurrency ${at}; its closed-loop throughput then within ${fit.throughputRmsPct.toFixed(1)} % rms)`;
    }
    profile = withLoadGenerator(profile, tool);
  }
  return { profile, added };
}
