// exec_gap.py: executions after a gap of 300 µs or more count as cold; its table gives warm and cold
// medians per size, and a level compared with the reference within the same gap class is not read as a
// slower server just because it ran more cold executions.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sequentialExecLog as log } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

interface Exec {
  readonly samples: number;
  readonly durUs: number;
  /** Gap after this execution, µs. */
  readonly gapUs: number;
}

/** 400 two-request executions: those after a 1 ms gap take `coldFactor` × those after 150 µs, and a
 *  share `coldShare` of them (every tenth counts) are cold; every duration × `speed`. */
function executions(coldShare: number, coldFactor: number, speed: number): Exec[] {
  const cold = (i: number) => i % 10 < coldShare * 10;
  return Array.from({ length: 400 }, (_, i) => ({
    samples: 2,
    durUs: 800 * speed * (i > 0 && cold(i) ? coldFactor : 1),
    gapUs: cold(i + 1) ? 1000 : 150,
  }));
}

describe.skipIf(python === undefined)("exec_gap.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-gap-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => execFileSync(python!, ["-B", "calibration/server/exec_gap.py", ...args], { encoding: "utf8" });

  it("the table: warm and cold medians of each size, and the cold one's excess", () => {
    writeFileSync(join(dir, "cal.bin"), log(executions(0.3, 1.2, 1), 1e9));
    const out = run(["--cal", join(dir, "cal.bin")]);
    expect(out).toMatch(/samples {3}2 requests {3}2 +800 \/ +960 +cold \+20\.0 %/);
  });

  it("a level with more cold executions is not a slower server within the gap class; a slower one is", () => {
    writeFileSync(join(dir, "ref.bin"), log(executions(0.1, 1.2, 1), 1e9));
    mkdirSync(join(dir, "logs"), { recursive: true });
    const startNs = 10e9;
    const spanNs = 400 * 3_000_000;
    writeFileSync(join(dir, "logs", "same.same_0_0.bin"), log(executions(0.9, 1.2, 1), startNs));
    writeFileSync(join(dir, "logs", "slow.slow_0_0.bin"), log(executions(0.9, 1.2, 1.1), startNs));
    writeFileSync(
      join(dir, "manifest.csv"),
      `run,model,mode,level,batch,start_ns,end_ns,rc\nr-same,same,rate,500,1,${startNs},${startNs + spanNs},0\nr-slow,slow,rate,500,1,${startNs},${startNs + spanNs},0\n`,
    );
    const out = run(["--manifest", join(dir, "manifest.csv"), "--logs", join(dir, "logs"), "--ref", join(dir, "ref.bin")]);
    const ratios = (name: string) => {
      const m = new RegExp(`${name}.*cold +(\\d+) %.*any gap ([\\d.]+), same gap class ([\\d.]+)`).exec(out);
      expect(m, out).not.toBeNull();
      return { cold: Number(m![1]), any: Number(m![2]), same: Number(m![3]) };
    };
    const same = ratios("r-same");
    expect(same.cold).toBe(90);
    expect(same.any).toBeCloseTo(1.2, 3); // the mix alone reads as a 20 % slower server at any gap
    expect(same.same).toBeCloseTo(1, 3);
    const slow = ratios("r-slow");
    expect(slow.same).toBeCloseTo(1.1, 3);
  });
});
