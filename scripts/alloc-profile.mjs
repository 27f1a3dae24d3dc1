// Where the event loop's garbage comes from: V8's sampling heap profiler, keeping the objects that minor
// and major collections freed, over one simulation of 1 M requests (the built-in BERT-Base profile,
// max_batch_size 32, 2 instances, closed loop at concurrency 64: `npm run bench`'s last case). Prints the
// bytes allocated per event and the functions that allocated the most (sampled estimates). servesim
// creates no objects per event; what shows here is V8 boxing fractional times passed between functions.
// Run after `npm run build`:  node scripts/alloc-profile.mjs [requests]
import { Session } from "node:inspector/promises";
import { loadProfile } from "../dist/cli/profiles.js";
import { makeServerConfig } from "../dist/server/config.js";
import { runSimulation } from "../dist/server/simulation.js";

const requests = Number(process.argv[2] ?? 1_000_000);
const input = {
  config: makeServerConfig({ maxBatchSize: 32, dynamicBatching: {}, instanceGroups: [{ count: 2 }] }),
  profile: loadProfile("h100-bert-base-seq128-fp16"),
  workload: { kind: "concurrency", concurrency: 64, batchSize: 1, priority: 0, timeoutUs: 0 },
  seed: "bench",
  measurement: { kind: "requests", warmupRequests: 10_000, requests },
};
runSimulation({ ...input, measurement: { kind: "requests", warmupRequests: 1000, requests: 50_000 } }); // JIT warm-up

const session = new Session();
session.connect();
await session.post("HeapProfiler.startSampling", { samplingInterval: 512, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
const result = runSimulation(input);
const { profile } = await session.post("HeapProfiler.stopSampling");
session.disconnect();

const bySite = new Map();
let total = 0;
(function walk(node) {
  const f = node.callFrame;
  if (node.selfSize > 0) {
    const site = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const c of node.children ?? []) walk(c);
})(profile.head);

console.log(`${result.events.toLocaleString("en-US")} events, ${(total / 1e6).toFixed(1)} MB allocated: ${(total / result.events).toFixed(0)} bytes per event`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`${(bytes / 1e6).toFixed(1).padStart(7)} MB  ${site}`);
}
