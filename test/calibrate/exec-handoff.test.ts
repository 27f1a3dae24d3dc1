// exec_handoff.py: per live level, Triton's compute per request (the CSV's Server Compute Input + Infer + Output)
// less the stubs' request-weighted execution duration, against the request-weighted requests per execution (the
// first tenth of each level left out), and a least-squares line through the levels: the hand-off at one request and
// its growth per further request.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf, type ExecRecord } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

const HEADER = "Request Rate,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv";

describe.skipIf(python === undefined)("exec_handoff.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-handoff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Two levels of model m on two instances: at level 100/s every execution holds one request and lasts 1 ms,
   *  at 200/s three requests and 2 ms; the CSV's compute per request is `computeUs` at each level (the infer
   *  column holds it all but 10 + 20 µs of input and output). Returns the script's output. */
  function run(computeUs: readonly [number, number], extra: readonly string[] = [], rows = 2): string {
    const logs = join(dir, `logs-${computeUs.join("-")}-${rows}`);
    mkdirSync(logs);
    const level = (t0: number, requests: number, durNs: number): [ExecRecord[], ExecRecord[]] => {
      const a: ExecRecord[] = [];
      const b: ExecRecord[] = [];
      for (let k = 0; k < 20; k++) {
        a.push([t0 + k * 5e6, t0 + k * 5e6 + durNs, requests, requests]);
        b.push([t0 + k * 5e6 + 1e6, t0 + k * 5e6 + 1e6 + durNs, requests, requests]);
      }
      return [a, b];
    };
    const [a1, b1] = level(1e9, 1, 1e6);
    const [a2, b2] = level(2e9, 3, 2e6);
    writeFileSync(join(logs, "m.m_0_0.bin"), execLogOf([...a1, ...a2]));
    writeFileSync(join(logs, "m.m_0_1.bin"), execLogOf([...b1, ...b2]));
    const manifest = join(logs, "manifest.csv");
    writeFileSync(manifest, `run,model,mode,level,batch,start_ns,end_ns,rc\nr,m,rate,100,1,${1e9},${1e9 + 200e6},0\nr,m,rate,200,1,${2e9},${2e9 + 200e6},0\n`);
    const row = (lv: number, us: number): string => `${lv},100,5,200,50,10,${us - 30},20,1`;
    writeFileSync(join(logs, "r.csv"), `${HEADER}\n${row(100, computeUs[0])}\n${rows > 1 ? row(200, computeUs[1]) + "\n" : ""}`);
    return execFileSync(python!, ["calibration/server/exec_handoff.py", "--manifest", manifest, "--logs", logs, "--live", logs, ...extra], { encoding: "utf8" });
  }

  it("subtracts the stubs' request-weighted duration from Triton's compute and fits the growth per request", () => {
    // one request: 1200 − 1000 = 200 µs; three: 2500 − 2000 = 500 µs, so 150 µs per further request
    const out = run([1200, 2500]);
    expect(out).toMatch(/r +100 instances 2 requests\/execution {2}1\.00 {2}Triton {3}1200 µs {2}stub {3}1000 µs {2}hand-off {3}200 µs/);
    expect(out).toMatch(/r +200 instances 2 requests\/execution {2}3\.00 {2}Triton {3}2500 µs {2}stub {3}2000 µs {2}hand-off {3}500 µs/);
    expect(out).toContain("hand-off over 2 levels: 200 µs at one request, +150.0 µs per further request");
  });

  it("keeps to the models asked for and skips levels without a CSV row", () => {
    expect(run([1300, 2300], ["--model", "other"])).toBe("");
    const one = run([1100, 2100], [], 1);
    expect(one.trim().split("\n")).toHaveLength(1); // the 200/s level has no CSV row: no level line, no line fit
    expect(one).toContain("hand-off   100 µs");
    expect(run([1100, 2100])).toContain("hand-off over 2 levels: 100 µs at one request, +0.0 µs per further request");
  });
});
