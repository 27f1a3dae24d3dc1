// The calibration server's model repository (calibration/server/repo.py) writes config.pbtxt files that
// servesim's own parser reads back as the scheduler the spec asked for: the live runs and the simulator
// then describe the same Triton configuration.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { python } from "../helpers/python.js";
import { parseModelConfigPbtxt, readModelConfigPbtxt } from "../../src/server/pbtxt.js";


interface SpecModel {
  name: string;
  max_batch_size: number;
  instances: number;
  dynamic_batching: null | Record<string, unknown>;
}

describe.skipIf(python === undefined)("repo.py's config.pbtxt", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-repo-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const specPath = "calibration/server/specs/full.json";
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as { models: SpecModel[] };

  it("every model of the full spec reads back with its batch size, scheduler, delay, preferred sizes and instances", () => {
    execFileSync(python!, ["-B", "calibration/server/repo.py", "--spec", specPath, "--device", "cuda", "--write-only", dir], { stdio: "pipe" });
    for (const m of spec.models) {
      const where = join(dir, m.name, "config.pbtxt");
      const text = readFileSync(where, "utf8");
      const mc = parseModelConfigPbtxt(text, where);
      expect(mc.name).toBe(m.name);
      expect(mc.backend).toBe("python");
      const cfg = readModelConfigPbtxt(text, where);
      expect(cfg.maxBatchSize).toBe(m.max_batch_size);
      expect(cfg.instanceGroups.reduce((a, g) => a + g.count, 0)).toBe(m.instances);
      expect(cfg.instanceGroups[0]!.kind).toBe("KIND_GPU");
      const db = m.dynamic_batching;
      if (db === null) {
        expect(cfg.dynamicBatching).toBeNull();
      } else {
        expect(cfg.dynamicBatching).not.toBeNull();
        expect(cfg.dynamicBatching!.maxQueueDelayUs).toBe((db.max_queue_delay_microseconds as number | undefined) ?? 0);
        expect(cfg.dynamicBatching!.priorityLevels).toBe((db.priority_levels as number | undefined) ?? 0);
        const preferred = (db.preferred_batch_size as number[] | undefined) ?? [];
        if (preferred.length > 0) expect(cfg.dynamicBatching!.preferredBatchSizes).toEqual(preferred);
      }
      const params = new Map(Object.entries(mc.parameters).map(([k, v]) => [k, v.stringValue]));
      expect(JSON.parse(params.get("servesim_network")!).name).toBe(m.name.includes("large") ? "bert-large" : "bert-base");
      expect(params.get("servesim_device")).toBe("cuda");
    }
  });
});
