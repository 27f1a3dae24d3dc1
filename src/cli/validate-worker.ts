// Worker thread for `servesim validate`: receives the comparison options once (a policy as its spec),
// then live runs with their profiles, and answers each with compareRun's result.
import { parentPort, workerData } from "node:worker_threads";
import type { Profile } from "../compute/profile.js";
import { compareRun, type LiveRunData } from "../validate/compare-run.js";
import { compareOptionsOf, type WorkerSetup } from "./validate-pool.js";

const opts = compareOptionsOf(workerData as WorkerSetup);

parentPort?.on("message", (msg: { id: number; data: LiveRunData; profile: Profile }) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: compareRun(msg.data, msg.profile, opts) });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
