// validate's live runs compared on worker threads (one per core): each worker takes the next run whenever
// it is free, and the comparisons come back in the runs' order, so the report does not depend on the
// scheduling (every run's simulations are seeded by the run and level alone). Falls back to comparing in
// process when the compiled worker is absent (running from TypeScript sources) or one core is available.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { LiveRun } from "../calibrate/live-run.js";
import type { Profile } from "../compute/profile.js";
import { resolvePolicy } from "../server/policies/parse.js";
import { compareRun, type CompareOptions, type LiveRunData, type RunComparison } from "../validate/compare-run.js";

const WORKER_FILE = fileURLToPath(new URL("./validate-worker.js", import.meta.url));

/** What every worker is told once: the comparison options, a research policy as its spec. */
export interface WorkerSetup {
  readonly seed: string;
  readonly replications: number;
  readonly maxReplications?: number | undefined;
  readonly requests?: number | undefined;
  readonly speedMarginPct?: number | undefined;
  readonly policy?: string | undefined;
  readonly toolPauses?: boolean | undefined;
  readonly hostEpisodes?: boolean | undefined;
}

/** The comparison options a setup stands for (the policy resolved to a fresh instance per simulation). */
export function compareOptionsOf(setup: WorkerSetup): CompareOptions {
  const spec = setup.policy;
  return { ...setup, policy: spec === undefined ? undefined : () => resolvePolicy(spec) };
}

export async function compareRunsInWorkers(
  runs: readonly LiveRunData[],
  profileFor: (run: LiveRun) => Profile,
  setup: WorkerSetup,
  threads = availableParallelism(),
): Promise<RunComparison[]> {
  const n = Math.min(threads, runs.length);
  if (n < 2 || !existsSync(WORKER_FILE)) {
    const opts = compareOptionsOf(setup);
    return runs.map((data) => compareRun(data, profileFor(data.run), opts));
  }
  const workers = Array.from({ length: n }, () => new Worker(WORKER_FILE, { workerData: setup }));
  const out: RunComparison[] = new Array(runs.length);
  let next = 0;
  const compareOn = (w: Worker, i: number): Promise<RunComparison> =>
    new Promise((resolve, reject) => {
      const onMessage = (msg: { id: number; result?: RunComparison; error?: string }) => {
        if (msg.id !== i) return;
        w.off("message", onMessage);
        w.off("error", reject);
        if (msg.error !== undefined) reject(new Error(msg.error));
        else resolve(msg.result!);
      };
      w.on("message", onMessage);
      w.once("error", reject);
      w.postMessage({ id: i, data: runs[i]!, profile: profileFor(runs[i]!.run) });
    });
  try {
    await Promise.all(
      workers.map(async (w) => {
        while (next < runs.length) {
          const i = next++;
          out[i] = await compareOn(w, i);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
