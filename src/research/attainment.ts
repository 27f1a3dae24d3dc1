// SLO attainment: the fraction of measured requests whose end-to-end latency is within a bound, taken
// through the simulator's observer hook (no change to the event loop). The measured requests are the
// last `summary.requests` successes the observer sees: the recorder's window is a contiguous run of
// successes that lasts until the simulation stops. Failures inside the window count as misses.
import type { RunSummary } from "../metrics/summary.js";
import { runSimulation, type SimulationInput } from "../server/simulation.js";

export interface SloRun {
  readonly summary: RunSummary;
  /** Measured requests within the SLO over measured requests plus failures in the window (0–1). */
  readonly attainment: number;
}

/** Run one simulation and measure the share of its requests within `sloUs`. */
export function simulateWithSlo(input: Omit<SimulationInput, "observer">, sloUs: number): SloRun {
  let latencies = new Float64Array(4096);
  let n = 0;
  const summary = runSimulation({
    ...input,
    observer: {
      onRequestDone(e) {
        if (!e.ok) return;
        if (n === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[n++] = e.responseEndUs - e.t0Us;
      },
    },
  }).summary;
  const measured = Math.min(summary.requests, n);
  let within = 0;
  for (let i = n - measured; i < n; i++) if (latencies[i]! <= sloUs) within++;
  const total = measured + summary.triton.fail.count;
  return { summary, attainment: total > 0 ? within / total : 0 };
}
