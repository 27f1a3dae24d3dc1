// Golden tests: every committed scenario runs, and its summaries (throughput, latency percentiles,
// breakdown, batch sizes) match the pinned file. The seed-study scenarios also meet the study's figures.
// Regenerate pins deliberately with `npx vitest run test/golden -u` and review the diff.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/cli/scenario-file.js";
import { fileScenarioEnv } from "../../src/cli/simulate-spec.js";
import { resolveScenario } from "../../src/scenario/resolve.js";
import { runSweep } from "../../src/scenario/sweep.js";

const ROOT = join(__dirname, "../../scenarios");
const files = ["seed-study", "examples"].flatMap((d) =>
  readdirSync(join(ROOT, d))
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".json"))
    .map((f) => join(d, f)),
);

const r4 = (x: number): number => Number(x.toPrecision(6));

function pin(file: string) {
  const loaded = loadScenarioFile(join(ROOT, file));
  const runs = resolveScenario(loaded.spec, fileScenarioEnv(loaded.resolvePath), file);
  return runs.map((run) => ({
    run: run.name,
    levels: runSweep(run).map((s) => ({
      load: s.load,
      inferPerS: r4(s.throughputPerS),
      p50Us: r4(s.latencyUs.p50),
      p99Us: r4(s.latencyUs.p99),
      queueUs: r4(s.breakdownUs.serverQueue),
      computeInferUs: r4(s.breakdownUs.computeInfer),
      avgBatch: r4(s.triton.inferenceCount / Math.max(1, s.triton.executionCount)),
      stable: s.stable,
    })),
  }));
}

describe("scenario golden summaries", () => {
  for (const file of files) {
    it(file, async () => {
      await expect(JSON.stringify(pin(file), null, 1)).toMatchFileSnapshot(`./pins/${file.replace(/[/.]/g, "_")}.json`);
    });
  }

  it("seed study: 119 inf/s at batch 1 × concurrency 64 and 517 at batch 8 × concurrency 8 (within 2 %)", () => {
    const runs = pin("seed-study/batch-1-vs-8.yaml");
    const at = (run: string, c: number) => runs.find((r) => r.run === run)!.levels.find((l) => l.load === c)!.inferPerS;
    expect(Math.abs(at("batch1", 64) / 119 - 1)).toBeLessThan(0.02);
    expect(Math.abs(at("batch8", 8) / 517 - 1)).toBeLessThan(0.02);
  });
});
