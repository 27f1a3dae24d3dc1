// exec_tool_abba.py: phase TG's four runs (loadgen, perf_analyzer, perf_analyzer, loadgen) in one instance log; the gap
// after an execution of n requests compared pooled, pair by pair and against each tool's own later run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf as log, type ExecRecord } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

const SCRIPT = join(import.meta.dirname, "../../calibration/server/exec_tool_abba.py");

/** 40 executions alternating 3 and 5 requests, 800 µs each, each followed by gapUs. */
function run(t0Ns: number, gapUs: number): ExecRecord[] {
  let t = t0Ns;
  return Array.from({ length: 40 }, (_, i) => {
    const n = i % 2 === 0 ? 3 : 5;
    const rec: ExecRecord = [t, t + 800_000, n, n];
    t += 800_000 + gapUs * 1000;
    return rec;
  });
}

describe.skipIf(python === undefined)("exec_tool_abba.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-abba-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("perf_analyzer's gap against loadgen's, pooled and pair by pair, and each tool against its own later run", () => {
    const f = join(dir, "tg.bin");
    writeFileSync(f, log([...run(1e9, 200), ...run(10e9, 320), ...run(20e9, 300), ...run(30e9, 210)]));
    const out = execFileSync(python!, [SCRIPT, "--log", f], { encoding: "utf8" });
    expect(out).toMatch(/gap, loadgen \(a, b\) then perf_analyzer \(a, b\): 2 request counts, the second longer at 2 \(100 %\), median difference \+105 µs/);
    expect(out).toMatch(/gap, loadgen a then perf_analyzer a: 2 request counts, the second longer at 2 \(100 %\), median difference \+120 µs/);
    expect(out).toMatch(/gap, loadgen b then perf_analyzer b \(run before it\): 2 request counts, the second longer at 2 \(100 %\), median difference \+90 µs/);
    expect(out).toMatch(/gap, perf_analyzer a then perf_analyzer b \(the time\): .*median difference -20 µs/);
    expect(out).toMatch(/median ratio 1\.000 over 2 counts/);
  });

  it("fewer than four runs is a one-line error", () => {
    const f = join(dir, "two.bin");
    writeFileSync(f, log([...run(1e9, 200), ...run(10e9, 300)]));
    let err = "";
    try {
      execFileSync(python!, [SCRIPT, "--log", f], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      err = String((e as { stderr?: string }).stderr);
    }
    expect(err).toMatch(/needs four stretches of executions \(ABBA\), found 2/);
  });
});
