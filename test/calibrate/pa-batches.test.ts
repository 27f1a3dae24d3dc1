// scripts/pa-batches.mjs (run after the build; npm test builds first): a profile's own perf_analyzer tool run,
// requests per execution as perf_analyzer's output printed the server's counts, against the model's simulation.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

describe("scripts/pa-batches.mjs", () => {
  it("reads each level's Inference count / Execution count from the tool run's log and simulates the same level", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/pa-batches.mjs"), "capacity4"], { encoding: "utf8", cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^h100-bert-base-seq128-fp16-capacity4 +9: /);
    // CAP4's log (calibration/device/runs/2026-11-27-h100-capacity4/pa-logs.tar.xz, pa-client-pa-cap4.log):
    // 10037 / 2223, 14298 / 1224, 17429 / 731 and 18293 / 559 requests / executions at 9, 17, 25 and 33 clients
    const cells = [...lines[0]!.matchAll(/(\d+): ([\d.]+)\/([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])] as const);
    expect(cells.map(([c, measured]) => [c, measured])).toEqual([[9, 4.52], [17, 11.68], [25, 23.84], [33, 32.72]]);
    for (const [c, , simulated] of cells) {
      expect(simulated).toBeGreaterThanOrEqual(1);
      expect(simulated).toBeLessThanOrEqual(c);
    }
  }, 120_000);
});
