// An Evaluator that spreads simulations over worker threads (one per core). Requests are cut into
// chunks handed to whichever worker is free; results come back in request order, so the outcome does
// not depend on scheduling. Falls back to in-process evaluation when the compiled worker is absent
// (running from TypeScript sources) or only one core is available.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Profile } from "../compute/profile.js";
import type { ToolCosts } from "../compute/load-generator.js";
import { inProcessEvaluator, type EvalRequest, type EvalResult, type Evaluator } from "../plan/evaluator.js";

const WORKER_FILE = fileURLToPath(new URL("./plan-worker.js", import.meta.url));

interface Pending {
  resolve: (r: EvalResult[]) => void;
  reject: (e: Error) => void;
}

export function workerPoolEvaluator(profile: Profile, tool?: ToolCosts, threads = availableParallelism()): Evaluator {
  if (threads < 2 || !existsSync(WORKER_FILE)) return inProcessEvaluator(profile, tool);
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_FILE, { workerData: { profile, ...(tool !== undefined ? { tool } : {}) } }));
  const pending = new Map<number, Pending>();
  let nextId = 0;
  for (const w of workers) {
    w.on("message", (msg: { id: number; results?: EvalResult[]; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.results!);
    });
    w.on("error", (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  const send = (w: Worker, requests: EvalRequest[]): Promise<EvalResult[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, requests });
    });
  return {
    async evaluate(requests) {
      if (requests.length === 0) return [];
      const chunk = Math.max(1, Math.ceil(requests.length / (workers.length * 4)));
      const chunks: EvalRequest[][] = [];
      for (let i = 0; i < requests.length; i += chunk) chunks.push(requests.slice(i, i + chunk));
      const out: EvalResult[][] = new Array(chunks.length);
      let next = 0;
      await Promise.all(
        workers.map(async (w) => {
          while (next < chunks.length) {
            const i = next++;
            out[i] = await send(w, chunks[i]!);
          }
        }),
      );
      return out.flat();
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
