// exec_rotation.py: a batch rotating over four instances leaves each instance idle three executions and its GPU
// only the client's round trip; the script reads both idle times from the logs and says whether the executions'
// slowdown against the calibration's back-to-back ones is the closer to the profile's idle factor at the GPU's
// idle time or at the instance's.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf, sequentialExecLog, type ExecRecord } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

const SCRIPT = join(__dirname, "../../calibration/server/exec_rotation.py");

describe.skipIf(python === undefined)("exec_rotation.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-rotation-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // the calibration's back-to-back executions of four requests: 1000 µs each
  writeFileSync(join(dir, "ref.bin"), sequentialExecLog(Array.from({ length: 60 }, () => ({ samples: 4, durUs: 1000, gapUs: 100 })), 1e9));
  // idle factor 1.1 at 1 ms, 1.4 at 7 ms
  writeFileSync(join(dir, "profile.json"), JSON.stringify({ idle: [{ idleUs: 0, factor: 1 }, { idleUs: 1000, factor: 1.1 }, { idleUs: 7000, factor: 1.4 }] }));
  writeFileSync(join(dir, "manifest.csv"), "run,model,mode,level,batch,start_ns,end_ns,rc\nrot,m_i4,conc,4,1,5000000000,6000000000,0\n");

  /** One execution of four requests every 2000 µs, on instances 0, 1, 2, 3 in turn, each lasting durUs. */
  function rotation(name: string, durUs: number): string {
    const logs = join(dir, name);
    mkdirSync(logs, { recursive: true });
    const per: ExecRecord[][] = [[], [], [], []];
    for (let k = 0; k < 400; k++) {
      const s = 5e9 + 1e6 + k * 2e6;
      per[k % 4]!.push([s, s + durUs * 1000, 4, 4]);
    }
    per.forEach((recs, i) => writeFileSync(join(logs, `m_i4.m_i4_0_${i}.bin`), execLogOf(recs)));
    return execFileSync(python!, [SCRIPT, "--manifest", join(dir, "manifest.csv"), "--logs", logs, "--run", "rot", "--level", "4", "--ref", join(dir, "ref.bin"), "--profile", join(dir, "profile.json")], {
      encoding: "utf8",
      cwd: join(__dirname, "../../calibration/server"),
    });
  }

  it("reads the instance's and the GPU's idle times and their factors", () => {
    const out = rotation("fast", 1150);
    // GPU idle 2000 − 1150 = 850 µs: factor 1.085; instance idle 3 × 2000 + 850 = 6850 µs: factor 1.3925 (printed 1.392)
    expect(out).toMatch(/median duration \/ calibration's back-to-back 1\.150 \(reference 1000 µs\)/);
    expect(out).toMatch(/instance idle median 6850 µs: factor 1\.392; GPU idle median 850 µs: factor 1\.085/);
    expect(out).toMatch(/closer to the factor at the GPU's idle time/);
  });

  it("says so when the slowdown is the instance's", () => {
    // now GPU idle 620 µs (factor 1.062), instance idle 6620 µs (factor 1.381)
    expect(rotation("slow", 1380)).toMatch(/closer to the factor at the instance's idle time/);
  });

  it("refuses a run the manifest does not have", () => {
    expect(() => execFileSync(python!, [SCRIPT, "--manifest", join(dir, "manifest.csv"), "--logs", dir, "--run", "nope", "--level", "4", "--ref", join(dir, "ref.bin"), "--profile", join(dir, "profile.json")], { stdio: "pipe", cwd: join(__dirname, "../../calibration/server") })).toThrow(/no row for run nope/);
  });
});
