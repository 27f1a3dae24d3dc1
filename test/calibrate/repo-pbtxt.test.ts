// The calibration server's model repository (calibration/server/repo.py) writes config.pbtxt files that
// servesim's own parser reads back as the scheduler the spec asked for: the live runs and the simulator
// then describe the same Triton configuration, on the GPUs the spec lists. Each instance's execution log
// (triton_model.py) has a file of its own, on every GPU.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { python } from "../helpers/python.js";
import { parseModelConfigPbtxt, readModelConfigPbtxt } from "../../src/server/pbtxt.js";
import { placeInstances } from "../../src/server/config.js";


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

  it("a model's gpus put its instance count on each GPU listed; without gpus it runs on GPU 0", () => {
    const out = join(dir, "gpus");
    const specPath2 = join(dir, "gpus.json");
    writeFileSync(specPath2, JSON.stringify({
      version: 1,
      models: [
        { name: "two_gpus", network: "bert-base", max_batch_size: 16, instances: 2, gpus: [0, 1], dynamic_batching: { max_queue_delay_microseconds: 100 } },
        { name: "gpu_zero", network: "bert-base", max_batch_size: 16, instances: 1, dynamic_batching: null },
      ],
    }));
    execFileSync(python!, ["-B", "calibration/server/repo.py", "--spec", specPath2, "--device", "cuda", "--write-only", out], { stdio: "pipe" });
    const read = (m: string) => readModelConfigPbtxt(readFileSync(join(out, m, "config.pbtxt"), "utf8"), m, 2);
    expect(Array.from(placeInstances(read("two_gpus")))).toEqual([0, 0, 1, 1]);
    expect(Array.from(placeInstances(read("gpu_zero")))).toEqual([0]);
  });

  it("a spec with a repeated or negative GPU is refused, naming the field", () => {
    const bad = join(dir, "bad-gpus.json");
    writeFileSync(bad, JSON.stringify({ version: 1, models: [{ name: "m", network: "bert-base", max_batch_size: 8, instances: 1, gpus: [0, 0] }] }));
    expect(() => execFileSync(python!, ["-B", "calibration/server/repo.py", "--spec", bad, "--device", "cuda", "--write-only", join(dir, "bad")], { stdio: "pipe" })).toThrow(/models\[0\]\.gpus/);
  });

  it("each instance logs its executions to a file of its own: on GPU N > 0 the name carries .gpuN (Triton names a group's instances alike on every GPU)", () => {
    const names = execFileSync(python!, ["-B", "-c", "import sys, json; sys.path.insert(0, 'calibration/server'); import triton_model as t; print(json.dumps([t.exec_log_name('m', 'm_0_0', d) for d in ('0', None, '', '1', '3')]))"], { encoding: "utf8" });
    expect(JSON.parse(names)).toEqual(["m.m_0_0.bin", "m.m_0_0.bin", "m.m_0_0.bin", "m.m_0_0.gpu1.bin", "m.m_0_0.gpu3.bin"]);
  });
});
