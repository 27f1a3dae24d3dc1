// One configuration under perf_analyzer's Poisson load on a profile, as validate simulates it (the profile's
// perf_analyzer entry, 128 senders, seed 1, a 2000-request warm-up), and the executions the model ran, each
// { startUs, endUs, requests, instance }, in start order; or each execution's infer span, the model's nearest to
// what a Python backend's stub logs (also for any configuration, load and measurement: inferSpans). Shared by
// scripts/pa-stalls.mjs (joint idle gaps), scripts/live-stretches.mjs (slow stretches), scripts/model-followers.mjs
// (which instance follows which) and scripts/no-prefetch-gaps.mjs for sessions 47 to 50's comparisons with the
// live logs. Run after `npm run build`.
import { forTool } from "../../dist/compute/load-generator.js";
import { loadProfile } from "../../dist/cli/profiles.js";
import { makeServerConfig } from "../../dist/server/config.js";
import { simulateAs } from "../../dist/server/simulation.js";

/** Simulate `seconds` of Poisson requests at `rate`/s on max_batch_size `maxBatch`, queue delay `delayUs` and
 *  `instances` instances (numbers or numeric strings), with this observer. */
function simulatePoisson(profile, maxBatch, delayUs, instances, rate, seconds, observer) {
  const dynamicBatching = { maxQueueDelayUs: Number(delayUs) };
  const config = makeServerConfig({ maxBatchSize: Number(maxBatch), dynamicBatching, instanceGroups: [{ count: Number(instances) }] });
  const workload = { kind: "rate", requestsPerS: Number(rate), distribution: "poisson", cv: 1, senders: 128, batchSize: 1, priority: 0, timeoutUs: 0 };
  simulateAsPerfAnalyzer(profile, config, workload, { kind: "requests", warmupRequests: 2000, requests: Math.round(Number(rate) * seconds) }, observer);
}

/** Simulate a server config under a workload on a profile as perf_analyzer measures it (seed 1), with this observer. */
function simulateAsPerfAnalyzer(profile, config, workload, measurement, observer) {
  simulateAs(forTool(loadProfile(profile), "perf_analyzer"), { config, workload, seed: "1", measurement, observer });
}

/** The executions (Triton's compute spans) of `seconds` of Poisson requests (see simulatePoisson). */
export function poissonExecutions(profile, maxBatch, delayUs, instances, rate, seconds) {
  const instanceAt = new Map();
  const execs = new Map();
  simulatePoisson(profile, maxBatch, delayUs, instances, rate, seconds, {
    onExecutionStart: (e) => instanceAt.set(e.startUs, e.instance),
    onRequestDone: (e) => {
      if (!e.ok) return;
      const x = execs.get(e.execStartUs);
      if (x === undefined) execs.set(e.execStartUs, { startUs: e.execStartUs, endUs: e.execEndUs, requests: 1 });
      else x.requests++;
    },
  });
  return [...execs.values()].map((x) => ({ ...x, instance: instanceAt.get(x.startUs) })).sort((a, b) => a.startUs - b.startUs);
}

/** Each execution's infer span { instance, startUs, endUs, batchSize } (its host part and its wait for the GPU
 *  included: the model's nearest to what a Python backend's stub logs as its execute()), in start order, over the same
 *  simulation. */
export function poissonInferSpans(profile, maxBatch, delayUs, instances, rate, seconds) {
  const spans = [];
  simulatePoisson(profile, maxBatch, delayUs, instances, rate, seconds, { onInferEnd: (e) => spans.push({ ...e }) });
  return spans.sort((a, b) => a.startUs - b.startUs);
}

/** The same infer spans for any server config (makeServerConfig's), workload and measurement (SimulationInput's). */
export function inferSpans(profile, config, workload, measurement) {
  const spans = [];
  simulateAsPerfAnalyzer(profile, config, workload, measurement, { onInferEnd: (e) => spans.push({ ...e }) });
  return spans.sort((a, b) => a.startUs - b.startUs);
}
