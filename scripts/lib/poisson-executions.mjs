// One configuration under perf_analyzer's Poisson load on a profile, as validate simulates it (the profile's
// perf_analyzer entry, 128 senders, seed 1, a 2000-request warm-up), and the executions the model ran, each
// { startUs, endUs, requests, instance }, in start order. Shared by scripts/pa-stalls.mjs (joint idle gaps) and
// scripts/live-stretches.mjs (slow stretches) for session 47's comparisons with the live logs. Run after
// `npm run build`.
import { forTool } from "../../dist/compute/load-generator.js";
import { loadProfile } from "../../dist/cli/profiles.js";
import { makeServerConfig } from "../../dist/server/config.js";
import { simulateAs } from "../../dist/server/simulation.js";

/** The executions of `seconds` of Poisson requests at `rate`/s on max_batch_size `maxBatch`, queue delay `delayUs`
 *  and `instances` instances (numbers or numeric strings). */
export function poissonExecutions(profile, maxBatch, delayUs, instances, rate, seconds) {
  const tool = forTool(loadProfile(profile), "perf_analyzer");
  const dynamicBatching = { maxQueueDelayUs: Number(delayUs) };
  const config = makeServerConfig({ maxBatchSize: Number(maxBatch), dynamicBatching, instanceGroups: [{ count: Number(instances) }] });
  const instanceAt = new Map();
  const execs = new Map();
  simulateAs(tool, {
    config,
    workload: { kind: "rate", requestsPerS: Number(rate), distribution: "poisson", cv: 1, senders: 128, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "1",
    measurement: { kind: "requests", warmupRequests: 2000, requests: Math.round(Number(rate) * seconds) },
    observer: {
      onExecutionStart: (e) => instanceAt.set(e.startUs, e.instance),
      onRequestDone: (e) => {
        if (!e.ok) return;
        const x = execs.get(e.execStartUs);
        if (x === undefined) execs.set(e.execStartUs, { startUs: e.execStartUs, endUs: e.execEndUs, requests: 1 });
        else x.requests++;
      },
    },
  });
  return [...execs.values()].map((x) => ({ ...x, instance: instanceAt.get(x.startUs) })).sort((a, b) => a.startUs - b.startUs);
}
