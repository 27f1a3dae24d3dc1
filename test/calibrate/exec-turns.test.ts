// exec_turns.py: in a two-instance log, an execution that started during the other instance's runs its
// turn after that one ends; the script reports the median turn over the profile's calibrated two-way cycle
// (concurrency-2 point over 2): 1 when the executions take exactly the model's turns.
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
});
