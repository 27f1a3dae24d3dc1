// exec_cut.py --until-end-of: a calibration's execution log is every execution that started before its last
// run ended; with --since-end-of, those that started before a check run ended (phases TP4, TP5: a host
// check before the calibration, in a manifest of its own) stay out. Records are kept byte for byte.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

const HEADER = "run,model,mode,level,batch,start_ns,end_ns,rc\n";
const REC_BYTES = 24;

describe.skipIf(python === undefined)("exec_cut.py --until-end-of, --since-end-of", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-cut-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // one execution every 10 ms from 1 s to 2 s; the check ran 1.0–1.3 s, the calibration's last run ended at 1.8 s
  const execs = Array.from({ length: 100 }, (_, k) => [1e9 + k * 1e7, 1e9 + k * 1e7 + 5e6, 1, 1] as const);
  const log = execLogOf(execs);
  writeFileSync(join(dir, "m.bin"), log);
  writeFileSync(join(dir, "check.csv"), `${HEADER}m-check,m,conc,1,1,${1e9},${1.3e9},0\n`);
  writeFileSync(join(dir, "cal.csv"), `${HEADER}exec-c1-m,m,conc,1,1,${1.5e9},${1.8e9},0\n`);
  const cut = (extra: string[]): Buffer => {
    const out = join(dir, "out.bin");
    execFileSync(python!, ["calibration/server/exec_cut.py", "--manifest", join(dir, "cal.csv"), "--log", join(dir, "m.bin"), "--until-end-of", "exec-c1-m", ...extra, "--out", out], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return readFileSync(out);
  };

  it("keeps what started up to the run's end, unchanged", () => {
    const kept = cut([]);
    expect(kept.length / REC_BYTES).toBe(81); // starts at 1.00 … 1.80 s
    expect(kept.equals(log.subarray(0, 81 * REC_BYTES))).toBe(true);
  });

  it("and, with --since-end-of, nothing that started before the check ended", () => {
    const kept = cut(["--since-manifest", join(dir, "check.csv"), "--since-end-of", "m-check"]);
    expect(kept.length / REC_BYTES).toBe(50); // starts at 1.31 … 1.80 s
    expect(kept.equals(log.subarray(31 * REC_BYTES, 81 * REC_BYTES))).toBe(true);
  });

  it("a check run the manifest does not hold is a one-line error", () => {
    let err = "";
    try {
      cut(["--since-manifest", join(dir, "check.csv"), "--since-end-of", "nope"]);
    } catch (e) {
      err = String((e as { stderr?: string }).stderr ?? "");
    }
    expect(err.trim()).toMatch(/^.*check\.csv: no run nope$/);
  });
});
