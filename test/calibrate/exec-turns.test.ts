// exec_turns.py: in a two-instance log, an execution that started during the other instance's runs its
// turn after that one ends; the script reports the median turn over the profile's calibrated two-way cycle
// (concurrency-2 point over 2): 1 when the executions take exactly the model's turns. Instances take turns
// only with those on their own GPU, so a model on two GPUs gets a row per GPU.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

/** triton_model.py's records, one request per execution's samples: (start ns, end ns, samples). */
function log(execs: readonly [number, number, number][]): Buffer {
  return execLogOf(execs.map(([startNs, endNs, samples]) => [startNs, endNs, samples, samples] as const));
}

const point = (b: number, k: number, inferUs: number) => ({
  batchSize: b,
  concurrency: k,
  computeInputUs: { mean: 0, sd: 0 },
  computeInferUs: { mean: inferUs, sd: 0 },
  computeOutputUs: { mean: 0, sd: 0 },
});

describe.skipIf(python === undefined)("exec_turns.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-turns-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the median turn of executions that waited, over the calibrated two-way cycle", () => {
    // the two-way cycle: 1600 / 2 = 800 µs at batch 1, 2400 / 2 = 1200 µs at batch 8
    const profile = { compute: [point(1, 1, 1000), point(8, 1, 1500), point(1, 2, 1600), point(8, 2, 2400)] };
    writeFileSync(join(dir, "p.json"), JSON.stringify(profile));
    // instance 0 runs alone-started executions; instance 1 starts each of its own during one of them and
    // ends 1.1 × the two-way cycle (880 µs at batch 1) after it
    const a: [number, number, number][] = [];
    const b: [number, number, number][] = [];
    for (let k = 0; k < 50; k++) {
      const t = 1e9 + k * 5e6;
      a.push([t, t + 1_000_000, 1]);
      b.push([t + 200_000, t + 1_000_000 + 880_000, 1]);
    }
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "logs", "m.m_0_0.bin"), log(a));
    writeFileSync(join(dir, "logs", "m.m_0_1.bin"), log(b));
    writeFileSync(join(dir, "manifest.csv"), `run,model,mode,level,batch,start_ns,end_ns,rc\nr,m,conc,2,1,${1e9},${1e9 + 300e6},0\n`);
    const out = execFileSync(python!, ["calibration/server/exec_turns.py", "--manifest", join(dir, "manifest.csv"), "--logs", join(dir, "logs"), "--profile", join(dir, "p.json")], {
      encoding: "utf8",
    });
    const row = out.split("\n").find((l) => l.startsWith("r "));
    expect(row).toBeDefined();
    const [, level, n, ratio] = row!.trim().split(/\s+/);
    expect(level).toBe("2");
    expect(Number(n)).toBe(50); // instance 1's executions; instance 0's never start during another
    expect(Number(ratio)).toBeCloseTo(1.1, 3);
  });

  it("a model on two GPUs: each GPU's instances take turns among themselves, a row per GPU", () => {
    const profile = { compute: [point(1, 1, 1000), point(8, 1, 1500), point(1, 2, 1600), point(8, 2, 2400)] };
    writeFileSync(join(dir, "p.json"), JSON.stringify(profile));
    // GPU 0 as above (1.1 × the cycle); GPU 1's pair overlaps GPU 0's in time but hands over at 1.3 × (1040 µs)
    const logs = join(dir, "logs2");
    mkdirSync(logs);
    const parts: [string, [number, number, number][]][] = [["m.m_0_0.bin", []], ["m.m_0_1.bin", []], ["m.m_0_0.gpu1.bin", []], ["m.m_0_1.gpu1.bin", []]];
    for (let k = 0; k < 50; k++) {
      const t = 1e9 + k * 5e6;
      parts[0]![1].push([t, t + 1_000_000, 1]);
      parts[1]![1].push([t + 200_000, t + 1_000_000 + 880_000, 1]);
      parts[2]![1].push([t + 100_000, t + 1_100_000, 1]);
      parts[3]![1].push([t + 300_000, t + 1_100_000 + 1_040_000, 1]);
    }
    for (const [name, execs] of parts) writeFileSync(join(logs, name), log(execs));
    const out = execFileSync(python!, ["calibration/server/exec_turns.py", "--manifest", join(dir, "manifest.csv"), "--logs", logs, "--profile", join(dir, "p.json")], {
      encoding: "utf8",
    });
    const rows = new Map(
      out
        .split("\n")
        .filter((l) => l.startsWith("r "))
        .map((l) => {
          const [, gpu, level, n, ratio] = l.trim().split(/\s+/);
          return [gpu, { level, n: Number(n), ratio: Number(ratio) }] as const;
        }),
    );
    expect([...rows.keys()]).toEqual(["gpu0", "gpu1"]);
    expect(rows.get("gpu0")!.n).toBe(50);
    expect(rows.get("gpu0")!.ratio).toBeCloseTo(1.1, 3);
    expect(rows.get("gpu1")!.n).toBe(50);
    expect(rows.get("gpu1")!.ratio).toBeCloseTo(1.3, 3);
  });
});
