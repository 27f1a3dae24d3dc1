// Human-readable table of a sweep for stdout: one row per load level, latencies in ms.
import Table from "cli-table3";
import type { RunSummary } from "../metrics/summary.js";

const ms = (us: number): string => (Number.isFinite(us) ? (us / 1000).toFixed(2) : "-");

export function renderSweepTable(rows: readonly RunSummary[]): string {
  const mode = rows[0]?.mode ?? "concurrency";
  const table = new Table({
    head: [
      mode === "concurrency" ? "Concurrency" : "Rate (req/s)",
      "Infer/s",
      "p50 ms",
      "p90 ms",
      "p95 ms",
      "p99 ms",
      "avg ms",
      "queue ms",
      "compute ms",
      "avg batch",
      "util %",
      "stable",
    ],
    style: { head: [], border: [], compact: true },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const s of rows) {
    const b = s.breakdownUs;
    const util = s.instances.length > 0 ? s.instances.reduce((a, i) => a + i.utilization, 0) / s.instances.length : 0;
    const avgBatch = s.triton.executionCount > 0 ? s.triton.inferenceCount / s.triton.executionCount : 0;
    table.push([
      String(Number(s.load.toPrecision(6))),
      s.throughputPerS.toFixed(1),
      ms(s.latencyUs.p50),
      ms(s.latencyUs.p90),
      ms(s.latencyUs.p95),
      ms(s.latencyUs.p99),
      ms(s.latencyUs.mean),
      ms(b.serverQueue),
      ms(b.computeInput + b.computeInfer + b.computeOutput),
      avgBatch.toFixed(2),
      (util * 100).toFixed(0),
      s.stable ? "yes" : "NO",
    ]);
  }
  return table.toString();
}
