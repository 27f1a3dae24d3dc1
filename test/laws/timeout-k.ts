// The worked example of docs/RESEARCH.md: a "timeout-k" policy — dispatch when k samples wait or when
// the request at the head has waited timeout_us, whichever comes first. Kept here, outside the
// registry, so the law suite checks the example exactly as the guide shows it.
import type { PolicyFactory } from "../../src/server/policies/index.js";
import type { BatchingPolicy } from "../../src/server/policy.js";

export function timeoutKPolicy(k: number, timeoutUs: number): BatchingPolicy {
  return {
    decide(queue, nowUs, ctx, out) {
      if (!queue.first()) return;
      const headUs = queue.arrivalUsHere();
      if (queue.samples < Math.min(k, ctx.maxBatchSize) && nowUs - headUs < timeoutUs) {
        out.waitUntilUs = headUs + timeoutUs; // asked again then, or at the next arrival
        return;
      }
      let samples = 0;
      let n = 0;
      do {
        const s = queue.samplesHere();
        if (n > 0 && samples + s > ctx.maxBatchSize) break;
        samples += s;
        n++;
      } while (queue.next());
      out.dispatch = n;
    },
  };
}

export const timeoutK = {
  description: "dispatch when k samples wait or the head request has waited timeout_us",
  params: {
    k: { description: "samples that trigger a dispatch", default: 8, min: 1, integer: true },
    timeout_us: { description: "longest the head request waits for company, µs", default: 2000, min: 0 },
  },
  workConserving: false,
  slo: { param: "timeout_us", share: 0.5 },
  create: (p) => timeoutKPolicy(p.k!, p.timeout_us!),
} satisfies PolicyFactory;
