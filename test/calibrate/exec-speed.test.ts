// exec_speed.py: a level's server speed is the median of its back-to-back executions' durations over the
// calibration's at the same size; executions after an idle gap do not count; the ratio lands in the live
// run's JSON, which servesim's schema accepts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sequentialExecLog as log } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";
import { parseLiveRun } from "../../src/calibrate/live-run.js";


describe.skipIf(python === undefined)("exec_speed.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-speed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ratio of back-to-back executions at matched sizes, idle-preceded ones left out, written into the live JSON", () => {
    const base = (b: number) => 600 + 60 * b;
    const ref = Array.from({ length: 400 }, (_, i) => ({ samples: 1 + (i % 4), durUs: base(1 + (i % 4)), gapUs: 150 }));
    writeFileSync(join(dir, "ref.bin"), log(ref, 1e9));
    // the level: back-to-back executions at 1.1 × the calibration's durations, slower ones after 5 ms idle
    const level = Array.from({ length: 400 }, (_, i) => {
      const b = 1 + (i % 4);
      const afterIdle = i % 5 >= 2; // the three executions that follow a 5 ms gap: most of them
      return { samples: b, durUs: base(b) * (afterIdle ? 1.6 : 1.1), gapUs: i % 5 >= 1 && i % 5 <= 3 ? 5000 : 150 };
    });
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "logs", "m.m_0_0.bin"), log(level, 10e9));
    const startNs = 10e9;
    const endNs = 10e9 + 400 * 10_000_000;
    writeFileSync(join(dir, "manifest.csv"), `run,model,mode,level,batch,start_ns,end_ns,rc\nr,m,rate,500,1,${startNs},${endNs},0\n`);
    mkdirSync(join(dir, "live"));
    const live = {
      schema: "servesim.live/v1",
      name: "r",
      model: "m",
      network: "loopback",
      tool: "perf_analyzer",
      toolVersion: "t",
      load: { mode: "rate", distribution: "poisson", batchSize: 1, levels: [500] },
      modelConfig: { name: "m", max_batch_size: 8 },
      measurement: { intervalMs: 1000, stabilityPct: 10 },
      metadata: { date: "d", command: "c" },
    };
    writeFileSync(join(dir, "live", "r.json"), JSON.stringify(live));
    execFileSync(python!, ["-B", "calibration/server/exec_speed.py", "--manifest", join(dir, "manifest.csv"), "--logs", join(dir, "logs"),
      "--ref", join(dir, "ref.bin"), "--live", join(dir, "live"), "--source", "test"], { stdio: "pipe" });
    const run = parseLiveRun(JSON.parse(readFileSync(join(dir, "live", "r.json"), "utf8")), "r.json");
    const s = run.serverSpeed!;
    expect(s.measuredFrom).toBe("test");
    expect(s.levels).toHaveLength(1);
    expect(s.levels[0]!.level).toBe(500);
    // three in five executions followed a 5 ms idle gap: left out, so their 1.6 × (the median's side) does not count
    expect(s.levels[0]!.ratio).toBeCloseTo(1.1, 3);
  });
});
