// `servesim compose-profile`: add request-composition points (executions merging n single-sample
// requests, measured with `servesim loadgen -b 1` on a calibration-only dynamic-batching model) to a
// calibration profile, so the simulator knows what merging requests costs on that server.
import type { Command } from "@commander-js/extra-typings";
import { compositionPoints, withComposition } from "../calibrate/composition.js";
import { IdleSweep, idlePoints } from "../calibrate/idle.js";
import { fitFrontEndStalls } from "../calibrate/front-end-stalls.js";
import { fitHostEpisodes } from "../calibrate/host-episodes.js";
import { fitExecutionJitter, fitSlowStretches } from "../calibrate/slow-stretches.js";
import { fitResponseGap } from "../calibrate/response-gap.js";
import { toolPauses } from "../calibrate/tool-pauses.js";
import { fitTurnaround } from "../calibrate/turnaround.js";
import { GpuOvertakePriorFile, withGpuOvertake } from "../calibrate/gpu-overtake.js";
import { GpuSlicePriorFile, withGpuSlice } from "../calibrate/gpu-slice.js";
import { BatcherLatePriorFile, batcherLateOf } from "../calibrate/batcher-late.js";
import { BatcherWakePriorFile, ScanInSchedulingPriorFile, batcherWakeOf } from "../calibrate/batcher-wake.js";
import { NetworkDriftPriorFile, withNetworkDrift } from "../calibrate/network-drift.js";
import { TurnaroundPriorFile, shrinkTurnaround } from "../calibrate/turnaround-prior.js";
import { SwitchProbesSchema, fitGpuSwitch } from "../calibrate/gpu-switch.js";
import { parseLiveRun } from "../calibrate/live-run.js";
import { withLoadGenerator } from "../compute/load-generator.js";
import { mergeProfiles } from "../compute/merge-profiles.js";
import { Profile } from "../compute/profile.js";
import { InputError, parseOrThrow } from "../validation.js";
import { asInputError, fileNames, readExecutionLogs } from "./exec-logs.js";
import { withToolRuns } from "./compose-tool-run.js";
import { parseJsonText, readJsonFile, readTextFile, writeFileAtomic } from "./files.js";

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function registerComposeProfile(program: Command): void {
  program
    .command("compose-profile")
    .summary("build a profile: pool calibration passes and add what the loadgen runs, execution logs and priors measured")
    .description(
      [
        "Build a servesim.profile/v1 from a calibration (--profile) and what else",
        "was measured on the same host:",
        "  --merge          other calibration passes of the same model, pooled",
        "  --run            a loadgen -b 1 run of a calibration-only dynamic-batching",
        "                   model: request-composition points, the instance",
        "                   turnaround, the load generator's response gap and its",
        "                   garbage-collection pauses",
        "  --idle           the idle stretch",
        "  --exec-log       slow stretches, execution jitter, front-end stalls and",
        "                   host episodes (or --trace)",
        "  --tool-run       another load generator's own overheads (perf_analyzer)",
        "  --gpu-turns      GPU turn-taking with its switch cost; --gpu-slice its",
        "                   time slice; --gpu-overtake who overtakes a long turn",
        "  --batcher-late   how late the batcher wakes; --batcher-wake how long",
        "                   its scan takes",
        "  --network-drift  how perf_analyzer's network time drifts; --loaded-wait",
        "                   how its loaded wait spreads",
      ].join("\n"),
    )
    .requiredOption("--profile <file>", "profile JSON to extend")
    .option("--merge <file>", "another calibration pass of the same model to pool with --profile (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--name <name>", "name of the written profile (default: that of --profile)")
    .option("--run <file>", "servesim.live/v1 JSON written by servesim loadgen --json (with per-level Triton statistics)")
    .option("--min-executions <n>", "drop batch sizes seen fewer times (default 5)")
    .option("--no-response-gap", "do not measure the load generator's response gap (nor take its recorded pauses) from --run")
    .option("--no-turnaround", "do not measure the instance turnaround between executions from --run")
    .option(
      "--turnaround-prior <file>",
      "with --run: shrink the turnaround toward the median of other starts' fits (servesim.turnaround-prior/v1, scripts/turnaround-prior.mjs): its weight × this run's fit + the rest × their median",
    )
    .option("--no-jitter", "with --exec-log: keep the probe's lognormal infer spread instead of the logs' execution jitter")
    .option("--no-tool-gap", "do not fit a --tool-run tool's network spread and response gap (by simulating its own run) when the profile has no entry for that tool yet")
    .option("--no-tool-output", "with the tool fit: do not fit the tool's extra output time per merged request (its run's Server Compute Output)")
    .option("--idle <file>", "idle-gap sweep (servesim.idle/v1 from idle_sweep.py; repeatable: passes are averaged)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--idle-model <name>", "the model of the idle sweep that matches this profile")
    .option(
      "--tool-run <file>",
      "closed-loop run (servesim.live/v1 JSON next to its CSV) of a calibration-only model by another load generator (perf_analyzer): its own batch-1 overheads (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--exec-log <file>",
      "execution log of one instance of a calibration model (repo.py --exec-log, cut by exec_cut.py; idle gaps over 1 s split it into runs): its slow stretches, execution jitter and front-end stalls, and its host episodes (spells that hold the front end in validate and simulate --host-episodes; plan leaves them out and lists recurring ones among its caveats) (repeatable: pooled)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--trace <file>",
      "Triton trace file of a one-instance model (TIMESTAMPS level, every request traced, clients at -b 1: a JSON array) or trace_reduce.py's CSV of such files: its executions serve as an --exec-log (repeatable; needs --trace-model)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--trace-model <name>", "with --trace: the model whose executions to read")
    .option(
      "--gpu-turns <file>",
      "calibration --raw JSON of this profile's passes (or just its models and probes): its instances take turns on the GPU, with the switch cost measured from the probes of its multi-instance models, overall and for each instance count (repeatable: pooled)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--gpu-slice <file>",
      "with --gpu-turns: the GPU's time slice, which cuts longer turns (servesim.gpu-slice-prior/v1, calibration/server/exec_slices.py)",
    )
    .option(
      "--gpu-overtake <file>",
      "with --gpu-turns: on three or more instances, short executions overtake a long turn once (servesim.gpu-overtake-prior/v1, scripts/overtake-line.mjs)",
    )
    .option(
      "--batcher-late <file>",
      "how late the dynamic batcher wakes after its queue delay (servesim.batcher-late-prior/v1, calibration/server/batcher_late.py)",
    )
    .option(
      "--batcher-wake <file>",
      "how long the woken dynamic batcher takes to scan its queue (servesim.batcher-wake-prior/v1, scripts/batcher-notify.mjs)",
    )
    .option(
      "--scan-in-scheduling <file>",
      "with --batcher-wake: how much of the scan this host's probes' scheduling times hold (servesim.scan-in-scheduling-prior/v1, scripts/scan-in-queue.mjs; default: its mean)",
    )
    .option(
      "--loaded-wait <file>",
      "with --tool-run: the shape of that tool's loaded wait, set before its mean is fitted (servesim.loaded-wait-prior/v1, scripts/loaded-wait-shape.mjs)",
    )
    .option(
      "--network-drift <file>",
      "how much of perf_analyzer's network time is shared in time, and for how long (servesim.network-drift-prior/v1, calibration/server/network_drift.py); goes on the profile's perf_analyzer entry",
    )
    .option("-o, --output <file>", "where to write (default: overwrite --profile)")
    .action((o) => {
      const read = (f: string): Profile => readJsonFile(Profile, f, "profile");
      let profile = read(o.profile);
      if (o.merge.length > 0) profile = mergeProfiles([profile, ...o.merge.map(read)], o.name ?? profile.name);
      else if (o.name !== undefined) profile = { ...profile, name: o.name };
      let added = "";
      if (o.run !== undefined) {
        const run = parseLiveRun(parseJsonText(readTextFile(o.run, "run"), o.run), o.run);
        const min = o.minExecutions === undefined ? 5 : Number(o.minExecutions);
        if (!Number.isInteger(min) || min < 1) throw new InputError(`--min-executions must be a positive whole number, got ${o.minExecutions}`);
        const points = asInputError(() => compositionPoints(run, min));
        if (points.length === 0) throw new InputError(`${o.run}: no batch of 2 or more requests was executed ${min} times`);
        profile = withComposition(profile, points, `${run.name} (${run.model}, ${run.metadata.date})`);
        added = `, ${points.length} composition points (batch sizes ${points.map((p) => p.batchSize).join(", ")})`;
        if (o.responseGap) {
          const fit = asInputError(() => fitResponseGap(run));
          const pauses = toolPauses(run);
          profile = withLoadGenerator(profile, pauses === null ? fit.loadGenerator : { ...fit.loadGenerator, pauses });
          added += `, ${run.tool} response gap ${fit.loadGenerator.responseGapUs} µs (rms ${fit.rmsUs.toFixed(0)} µs over ${fit.levels} levels)`;
          if (pauses !== null) added += ` and pauses (garbage collection) ${(1000 * pauses.perRequest).toFixed(2)} per 1000 requests of ${(pauses.meanUs / 1000).toFixed(2)} ms`;
        }
        if (o.turnaround) {
          const fit = asInputError(() => fitTurnaround(run));
          profile = { ...profile, turnaround: fit.turnaround };
          added += `, turnaround ${fit.turnaround.baseUs} µs + ${fit.turnaround.perRequestUs} µs per request (rms ${fit.rmsUs.toFixed(0)} µs)`;
          if (o.turnaroundPrior !== undefined) {
            const f = o.turnaroundPrior;
            const prior = readJsonFile(TurnaroundPriorFile, f, "turnaround prior");
            const shrunk = asInputError(() => shrinkTurnaround(fit.turnaround, run.name, prior));
            profile = { ...profile, turnaround: shrunk };
            added += `, shrunk to ${shrunk.baseUs} µs + ${shrunk.perRequestUs} µs per request (weight ${prior.weight}, ${shrunk.prior!.starts} other starts)`;
          }
        } else if (o.turnaroundPrior !== undefined) {
          throw new InputError("--turnaround-prior needs the turnaround measured from --run (drop --no-turnaround)");
        }
      } else if (o.turnaroundPrior !== undefined) {
        throw new InputError("--turnaround-prior needs --run (the composition run whose turnaround it shrinks)");
      }
      if (o.idle.length > 0) {
        const model = o.idleModel;
        if (model === undefined) throw new InputError("--idle needs --idle-model (the sweep's model for this profile)");
        const sweeps = o.idle.map((f) => readJsonFile(IdleSweep, f, "idle sweep"));
        const idle = asInputError(() => idlePoints(sweeps, model));
        profile = { ...profile, idle };
        added += `, idle stretch from ${o.idle.length} sweep(s): ×${idle[idle.length - 1]!.factor} after ${(idle[idle.length - 1]!.idleUs / 1000).toFixed(1)} ms idle`;
      }
      // before --tool-run: its fit simulates the tool's levels on a dynamic-batching model
      if (o.batcherWake !== undefined) {
        const f = o.batcherWake;
        const prior = readJsonFile(BatcherWakePriorFile, f, "batcher wake prior");
        let wake = batcherWakeOf(prior, f);
        added += `, the woken batcher scanning ${wake.us[0]}–${wake.us[wake.us.length - 1]} µs after its wake-up`;
        if (o.scanInScheduling !== undefined) {
          const held = readJsonFile(ScanInSchedulingPriorFile, o.scanInScheduling, "scan in scheduling prior");
          wake = { ...wake, inSchedulingUs: held.inSchedulingUs };
          added += ` (${held.inSchedulingUs} µs of it in the scheduling times)`;
        }
        profile = { ...profile, batcherWake: wake };
      } else if (o.scanInScheduling !== undefined) {
        throw new InputError("--scan-in-scheduling needs --batcher-wake (the scan it places)");
      }
      const tools = withToolRuns(profile, o);
      profile = tools.profile;
      added += tools.added;
      if (o.execLog.length > 0 || o.trace.length > 0) {
        const logs = readExecutionLogs(o.execLog, o.trace, o.traceModel);
        const names = fileNames([...o.execLog, ...o.trace]);
        const from = `${names}: ${logs.reduce((a, l) => a + l.durationUs.length, 0)} executions`;
        const eps = fitHostEpisodes(logs, from);
        const { hostEpisodes: _had, ...withoutEpisodes } = profile;
        profile = withoutEpisodes;
        if (eps.episodes !== null) {
          const e = eps.episodes;
          profile = {
            ...profile,
            hostEpisodes: { ...e, ratePerS: round(e.ratePerS, 3), meanDurationUs: Math.round(e.meanDurationUs), execFactor: round(e.execFactor, 3), frontEndFactor: round(e.frontEndFactor, 3) },
          };
          added += `, host episodes: ${eps.count} over ${(eps.loggedUs / 1e6).toFixed(1)} s (${e.ratePerS.toFixed(2)}/s, mean ${(e.meanDurationUs / 1000).toFixed(1)} ms, executions ×${e.execFactor.toFixed(2)}, front end ×${e.frontEndFactor.toFixed(1)})`;
        }
        const fit = fitSlowStretches(logs, from);
        const st = fit.stretches;
        profile = { ...profile, slowStretches: { ...st, timeFraction: round(st.timeFraction, 4), meanDurationUs: Math.round(st.meanDurationUs), factor: round(st.factor, 3) } };
        added += `, slow stretches: ${fit.count} over ${(fit.spanUs / 1e6).toFixed(1)} s (${(100 * st.timeFraction).toFixed(1)} % of the time, mean ${(st.meanDurationUs / 1000).toFixed(1)} ms, ×${st.factor.toFixed(2)})`;
        const stalls = fitFrontEndStalls(logs, from);
        if (stalls !== null) {
          const h = stalls.stalls;
          profile = { ...profile, frontEndStalls: { ...h, ratePerS: round(h.ratePerS, 3), meanDurationUs: Math.round(h.meanDurationUs) } };
          added += `, front-end stalls: ${stalls.count} over ${(stalls.loggedUs / 1e6).toFixed(1)} s (${h.ratePerS.toFixed(2)}/s, mean ${(h.meanDurationUs / 1000).toFixed(1)} ms)`;
        }
        if (o.jitter) {
          const jitter = asInputError(() => fitExecutionJitter(logs, from));
          profile = { ...profile, executionJitter: jitter };
          const at = (p: number): number => jitter.us[jitter.probabilities.indexOf(p)]!;
          added += `, execution jitter p1 ${at(0.01)} / p50 ${at(0.5)} / p99 ${at(0.99)} µs from the median`;
        }
      }
      if (o.gpuTurns.length > 0) {
        const passes = o.gpuTurns.map((f) => readJsonFile(SwitchProbesSchema, f, "calibration raw"));
        const fit = fitGpuSwitch(passes, fileNames(o.gpuTurns));
        if (fit === null) throw new InputError(`--gpu-turns: no probe of a multi-instance model pairs with one of the one-instance model in ${o.gpuTurns.join(", ")}`);
        let sharing = fit.sharing;
        const byK = (fit.sharing.byInstances ?? []).map((e) => `${e.switchUs} µs with ${e.instances} instances`).join(", ");
        added += `, GPU turns with a ${fit.sharing.switchUs} µs switch (median of ${fit.pairs} probe pairs; ${byK})`;
        if (o.gpuSlice !== undefined) {
          const f = o.gpuSlice;
          const prior = readJsonFile(GpuSlicePriorFile, f, "GPU slice prior");
          sharing = asInputError(() => withGpuSlice(sharing, prior, f));
          added += ` and a ${prior.sliceUs} µs time slice`;
        }
        if (o.gpuOvertake !== undefined) {
          const f = o.gpuOvertake;
          const prior = readJsonFile(GpuOvertakePriorFile, f, "GPU overtake prior");
          sharing = asInputError(() => withGpuOvertake(sharing, prior, f));
          added += `, short turns (up to ${prior.shortTurnRatio} × a single request's) overtaking long ones on ${prior.fromInstances} or more instances`;
        }
        profile = { ...profile, gpuSharing: sharing };
      } else if (o.gpuSlice !== undefined || o.gpuOvertake !== undefined) {
        throw new InputError(`${o.gpuSlice !== undefined ? "--gpu-slice" : "--gpu-overtake"} needs --gpu-turns (the turns it cuts)`);
      }
      if (o.batcherLate !== undefined) {
        const f = o.batcherLate;
        const prior = readJsonFile(BatcherLatePriorFile, f, "batcher lateness prior");
        profile = { ...profile, batcherLate: batcherLateOf(prior, f) };
        added += `, the batcher waking ${prior.baseUs} µs + ${(100 * prior.fractionOfWait).toFixed(2)} % of its wait late`;
      }
      if (o.networkDrift !== undefined) {
        const f = o.networkDrift;
        const prior = readJsonFile(NetworkDriftPriorFile, f, "network drift prior");
        profile = asInputError(() => withNetworkDrift(profile, prior, f));
        added += `, perf_analyzer's network time ${(100 * prior.share).toFixed(0)} % shared over ${(prior.correlationUs / 1000).toFixed(0)} ms`;
      }
      if (o.merge.length === 0 && o.run === undefined && o.idle.length === 0 && o.toolRun.length === 0 && o.execLog.length === 0 && o.trace.length === 0 && o.gpuTurns.length === 0 && o.batcherLate === undefined && o.batcherWake === undefined && o.networkDrift === undefined) {
        throw new InputError("give --merge, --run, --idle, --tool-run, --exec-log, --trace, --gpu-turns, --batcher-late, --batcher-wake and/or --network-drift");
      }
      const target = o.output ?? o.profile;
      writeFileAtomic(target, `${JSON.stringify(parseOrThrow(Profile, profile, "composed profile"), null, 2)}\n`);
      process.stdout.write(`wrote ${target}: ${o.merge.length + 1} calibration pass(es)${added}\n`);
    });
}

