// `npm run bench`: simulator throughput — simulated requests/s and events/s for the dynamic batcher
// under poisson load (≥ 1 M requests, 2 instances; processor sharing and GPU turn-taking) and in closed
// loop (an inline compute table, and the built-in measured profile, also as perf_analyzer measures it, by requests and by
// perf_analyzer's windows as validate does), on one core,
// and the garbage collections during each run: the simulator allocates no objects per event, but V8 boxes
// fractional times passed between functions it did not inline (whole-µs times fit its small integers and
// need no box: this file's closed-loop case), and those boxes are collected young.
// Not a test: prints numbers only.
import { constants, performance, type PerformanceEntry } from "node:perf_hooks";
import { GcPauseRecorder, gcKind } from "../calibrate/gc-pauses.js";
import { loadProfile } from "../cli/profiles.js";
import { parseComputeMs } from "../compute/inline.js";
import { forTool, toolCosts } from "../compute/load-generator.js";
import { makeServerConfig } from "../server/config.js";
import { runSimulation, type SimulationInput } from "../server/simulation.js";

interface Case {
  readonly name: string;
  readonly input: SimulationInput;
}

const profile = parseComputeMs("1=1.2,2=1.3,4=1.5,8=1.9,16=2.8,32=4.6");
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);

const batcher: SimulationInput = {
  config: makeServerConfig({
    maxBatchSize: 32,
    dynamicBatching: { preferredBatchSizes: [16, 32], maxQueueDelayUs: 500 },
    instanceGroups: [{ count: 2 }],
  }),
  profile,
  workload: { kind: "rate", requestsPerS: 4_800, distribution: "poisson", cv: 1, batchSize: 1, priority: 0, timeoutUs: 0 },
  seed: "bench",
  measurement: { kind: "requests", warmupRequests: 10_000, requests: REQUESTS },
};

/** The built-in BERT-Base profile as perf_analyzer measures it, 64 clients on max_batch_size 32 and two
 *  instances, by the given measurement. */
function asPerfAnalyzer(measurement: SimulationInput["measurement"]): SimulationInput {
  const tool = forTool(loadProfile("h100-bert-base-seq128-fp16"), "perf_analyzer");
  return {
    ...batcher,
    config: makeServerConfig({ maxBatchSize: 32, dynamicBatching: {}, instanceGroups: [{ count: 2 }] }),
    profile: tool.profile,
    ...toolCosts(tool),
    workload: { kind: "concurrency", concurrency: 64, batchSize: 1, priority: 0, timeoutUs: 0 },
    measurement,
  };
}

const cases: Case[] = [
  { name: "dynamic batcher (preferred [16, 32], max_queue_delay 500 µs), 2 instances, poisson 70% load", input: batcher },
  {
    name: "dynamic batcher (max_queue_delay 0), 2 instances, poisson 70% load",
    input: { ...batcher, config: makeServerConfig({ maxBatchSize: 32, dynamicBatching: {}, instanceGroups: [{ count: 2 }] }) },
  },
  {
    name: "dynamic batcher, 2 instances, closed loop concurrency 64",
    input: { ...batcher, workload: { kind: "concurrency", concurrency: 64, batchSize: 1, priority: 0, timeoutUs: 0 } },
  },
  {
    name: "the first case with GPU turn-taking (200 µs switch) in place of processor sharing",
    input: { ...batcher, profile: { ...profile, gpuSharing: { mode: "turns", switchUs: 200 } } },
  },
  {
    name: "the built-in BERT-Base profile (its overheads, jitter, stalls and turns), max_batch_size 32, 2 instances, closed loop concurrency 64",
    input: {
      ...batcher,
      config: makeServerConfig({ maxBatchSize: 32, dynamicBatching: {}, instanceGroups: [{ count: 2 }] }),
      profile: loadProfile("h100-bert-base-seq128-fp16"),
      workload: { kind: "concurrency", concurrency: 64, batchSize: 1, priority: 0, timeoutUs: 0 },
    },
  },
  {
    name: "the same as perf_analyzer measures it (its own costs, response gap, loaded wait, network drift and output per merged request)",
    input: asPerfAnalyzer(batcher.measurement),
  },
  {
    name: "the same through perf_analyzer's windows (validate's measurement; ten windows, none agreeing, about 1 M requests)",
    // a stability of 1e-9 % never agrees, so all ten windows run: REQUESTS at about 11 700/s
    input: asPerfAnalyzer({ kind: "windows", windowUs: Math.round((REQUESTS / 11_700 / 10) * 1e6), stabilityPct: 1e-9, maxTrials: 10 }),
  },
];

/** The run's collections: young (minor), full (major) and other (incremental marking, weak callbacks). */
function gcCounts(entries: readonly PerformanceEntry[]): { minor: number; major: number; other: number; ms: number } {
  const c = { minor: 0, major: 0, other: 0, ms: 0 };
  for (const e of entries) {
    const kind = gcKind(e);
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) c.minor++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) c.major++;
    else c.other++;
    c.ms += e.duration;
  }
  return c;
}

/** Lets the run's "gc" entries arrive (Node delivers them between turns of the event loop). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function main(): Promise<void> {
  console.log(`servesim bench: ${REQUESTS.toLocaleString("en-US")} measured requests per case, node ${process.version}`);
  for (const c of cases) {
    runSimulation({ ...c.input, measurement: { kind: "requests", warmupRequests: 1000, requests: 50_000 } }); // JIT warm-up
    const recorder = new GcPauseRecorder();
    recorder.from(performance.now());
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = runSimulation(c.input);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const simulated = r.summary.conservation.arrived;
    const endMs = performance.now();
    await settle();
    const gc = gcCounts(recorder.stop(endMs));
    console.log(
      `${c.name}\n  ${(simulated / wallS / 1e6).toFixed(2)} M simulated requests/s, ${(r.events / wallS / 1e6).toFixed(2)} M events/s` +
        ` per wall second (${(simulated / cpuS / 1e6).toFixed(2)} M requests/s per CPU second)` +
        `\n  ${simulated.toLocaleString("en-US")} requests, ${r.events.toLocaleString("en-US")} events, ${wallS.toFixed(3)} s wall, ${cpuS.toFixed(3)} s CPU;` +
        ` throughput ${r.summary.throughputPerS.toFixed(0)}/s, p99 ${(r.summary.latencyUs.p99 / 1000).toFixed(2)} ms)` +
        `\n  garbage collections: ${gc.minor} young (${((gc.minor * 1e6) / r.events).toFixed(1)} per million events), ${gc.major} full, ${gc.other} other, ${gc.ms.toFixed(1)} ms in all`,
    );
  }
}

void main();
