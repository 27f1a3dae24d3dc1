// Worker thread for `servesim plan`: receives the profile (and the load generator's costs, with
// --measured-by) once, then batches of evaluation requests,
// and answers each batch with the simulator's results in the same order.
import { parentPort, workerData } from "node:worker_threads";
import type { Profile } from "../compute/profile.js";
import type { ToolCosts } from "../compute/load-generator.js";
import { simulateForPlan, type EvalRequest } from "../plan/evaluator.js";

const { profile, tool } = workerData as { profile: Profile; tool?: ToolCosts };

parentPort?.on("message", (msg: { id: number; requests: EvalRequest[] }) => {
  try {
    const results = msg.requests.map((r) => simulateForPlan(profile, r, tool));
    parentPort?.postMessage({ id: msg.id, results });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
