// exec_tool_speed.py: the calibration-only model's executions in the last two stretches of its instance
// log (servesim loadgen's composition run, then perf_analyzer's own run), compared at equal request
// counts: the median duration under each and their ratio.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf as log } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

const SCRIPT = join(import.meta.dirname, "../../calibration/server/exec_tool_speed.py");

/** triton_model.py's records: (start ns, end ns, samples, requests), back to back, an execution of n requests
 *  followed by gapUs(n) µs (200 by default). */
function stretch(t0Ns: number, execs: readonly [number, number][], gapUs = (_n: number) => 200): [number, number, number, number][] {
  let t = t0Ns;
  return execs.map(([n, durUs]) => {
    const rec: [number, number, number, number] = [t, t + durUs * 1000, n, n];
    t += durUs * 1000 + gapUs(n) * 1000;
    return rec;
  });
}

describe.skipIf(python === undefined)("exec_tool_speed.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-toolspeed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the median duration at each request count under each tool, and their ratio", () => {
    const lg = stretch(1e9, Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? 2 : 4, i % 2 === 0 ? 700 : 900] as [number, number]));
    const pa = stretch(100e9, Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? 2 : 4, i % 2 === 0 ? 770 : 945] as [number, number]));
    const f = join(dir, "cal.bin");
    writeFileSync(f, log([...lg, ...pa]));
    const out = execFileSync(python!, [SCRIPT, "--log", f], { encoding: "utf8" });
    // each stretch's first execution has no wait before it to judge, so it is left out
    expect(out).toMatch(/n=2: loadgen 700 µs \(19\), perf_analyzer 770 µs \(19\), ratio 1\.100/);
    expect(out).toMatch(/n=4: loadgen 900 µs \(20\), perf_analyzer 945 µs \(20\), ratio 1\.050/);
    expect(out).toMatch(/median ratio 1\.075 over 2 request counts/);
  });

  it("the gap after an execution of n requests whose successor took two or more, under each tool", () => {
    // loadgen's executions 200 µs apart; perf_analyzer's 260 after two requests and 320 after four
    const lg = stretch(1e9, Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? 2 : 4, 800] as [number, number]));
    const pa = stretch(100e9, Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? 2 : 4, 800] as [number, number]), (n) => (n === 2 ? 260 : 320));
    const f = join(dir, "gaps.bin");
    writeFileSync(f, log([...lg, ...pa]));
    const out = execFileSync(python!, [SCRIPT, "--log", f], { encoding: "utf8" });
    expect(out).toMatch(/gap after n=2: loadgen 200 µs \(20\), perf_analyzer 260 µs \(20\), \+60 µs/);
    expect(out).toMatch(/gap after n=4: loadgen 200 µs \(19\), perf_analyzer 320 µs \(19\), \+120 µs/);
    expect(out).toMatch(/median gap difference \+90 µs over 2 request counts/);
  });

  it("one stretch only is a one-line error", () => {
    const f = join(dir, "one.bin");
    writeFileSync(f, log(stretch(1e9, [[2, 700], [2, 700]])));
    let err = "";
    try {
      execFileSync(python!, [SCRIPT, "--log", f], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      err = String((e as { stderr?: string }).stderr);
    }
    expect(err).toMatch(/needs two stretches of executions, found 1/);
  });
});
