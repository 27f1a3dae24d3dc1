// exec_concurrency.py: over a level of a multi-instance model (its first tenth left out as warm-up), the
// request-weighted mean execution duration, the mean duration per request count, and how many of the model's
// other executions were running when each one started, and how many of the other instances' executions ran
// whole inside each one (what a cut turn lets through), by request count or, with --by samples, by samples;
// with --overlap, only the span in which every batch size of a mixed-client level ran, durations as medians
// (--median: medians over the whole level).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf, type ExecRecord } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

describe.skipIf(python === undefined)("exec_concurrency.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-conc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Twenty periods from 1 s on: each period's records of instances 0 and 1, given its start (ns). */
  function periodic(periodNs: number, each: (t: number) => [ExecRecord[], ExecRecord[]]): [ExecRecord[], ExecRecord[]] {
    const a: ExecRecord[] = [];
    const b: ExecRecord[] = [];
    for (let k = 0; k < 20; k++) {
      const [x, y] = each(1e9 + k * periodNs);
      a.push(...x);
      b.push(...y);
    }
    return [a, b];
  }

  /** The script's line for one level of model m spanning 200 ms, its two instances logging `a` and `b`. */
  function levelLine(name: string, a: readonly ExecRecord[], b: readonly ExecRecord[], ...flags: string[]): string {
    const logs = join(dir, name);
    mkdirSync(logs);
    writeFileSync(join(logs, "m.m_0_0.bin"), execLogOf(a));
    writeFileSync(join(logs, "m.m_0_1.bin"), execLogOf(b));
    const manifest = join(dir, `${name}.csv`);
    writeFileSync(manifest, `run,model,mode,level,batch,start_ns,end_ns,rc\nr,m,rate,100,1,${1e9},${1e9 + 200e6},0\n`);
    const out = execFileSync(python!, ["calibration/server/exec_concurrency.py", "--manifest", manifest, "--logs", logs, "--model", "m", ...flags], { encoding: "utf8" });
    return out.split("\n").find((l) => l.startsWith("r "))!;
  }

  it("request-weighted duration, duration by request count and the others running at each start", () => {
    // every 5 ms: instance 0 runs 1 request for 2 ms; instance 1 starts 1 ms later (instance 0 still running)
    // and runs 3 requests for 3 ms; the pairs never overlap each other
    const line = levelLine("pairs", ...periodic(5e6, (t) => [[[t, t + 2e6, 1, 1]], [[t + 1e6, t + 4e6, 3, 3]]]));
    expect(line).toContain("executions     36"); // 40 less the first tenth
    expect(line).toContain("request-weighted 2750 µs"); // (1 × 2000 + 3 × 3000) / 4
    expect(line).toContain("by requests 1:2000 3:3000");
    expect(line).toContain("others running at start {0: 18, 1: 18}");
    expect(line).toContain("overtaken by requests 1:0.00 3:0.00"); // they overlap, but neither holds the other whole
  });

  it("counts the other instances' executions that run whole inside an execution", () => {
    // every 6 ms: instance 0 runs 3 requests for 5 ms; instance 1 runs single requests of 1 ms starting 1 and
    // 3 ms into it (both whole inside) and one starting 4.5 ms in, which ends after it
    const held = periodic(6e6, (t) => [[[t, t + 5e6, 3, 3]], [1e6, 3e6, 4.5e6].map((at): ExecRecord => [t + at, t + at + 1e6, 1, 1])]);
    expect(levelLine("held", ...held)).toContain("overtaken by requests 1:0.00 3:2.00");
    // one request of 8 samples per execution of instance 0 (a model without batching): --by samples keys on the 8
    const big = periodic(6e6, (t) => [[[t, t + 5e6, 8, 1]], [1e6, 3e6, 4.5e6].map((at): ExecRecord => [t + at, t + at + 1e6, 1, 1])]);
    expect(levelLine("big", ...big, "--by", "samples")).toContain("overtaken by samples 1:0.00 8:2.00");
  });

  it("with --overlap, counts only the span in which every batch size ran, durations by median", () => {
    // every 5 ms: instance 0 runs a batch-1 execution, 2 ms long while instance 1 runs batch 4 (3.5 ms, the first
    // ten periods only), 1 ms long after it stopped: the second half is batch 1 alone
    const mixed = periodic(5e6, (t) => {
      const both = t < 1e9 + 50e6;
      const a: ExecRecord[] = [[t, t + (both ? 2e6 : 1e6), 1, 1]];
      return [a, both ? [[t + 0.5e6, t + 4e6, 4, 1]] : []];
    });
    const whole = levelLine("mixed-whole", ...mixed, "--by", "samples");
    expect(whole).toContain("executions     27"); // 30 less the first tenth
    expect(whole).toContain("by samples 1:1444 4:3500"); // means; batch 1 mixes both halves: (8 × 2000 + 10 × 1000) / 18
    expect(levelLine("mixed-median", ...mixed, "--by", "samples", "--median")).toContain("by samples 1:1000 4:3500");
    const overlap = levelLine("mixed-overlap", ...mixed, "--by", "samples", "--overlap");
    // from the first batch-4 start (0.5 ms in) to its last end (49 ms in): batch 1 of periods 1-9, batch 4 of 0-9
    expect(overlap).toContain("executions     18"); // 19 less the first tenth
    expect(overlap).toContain("by samples 1:2000 4:3500");
    expect(() =>
      execFileSync(python!, ["calibration/server/exec_concurrency.py", "--manifest", "x", "--logs", dir, "--model", "m", "--overlap"], {
        encoding: "utf8",
        stdio: "pipe",
      }),
    ).toThrow(/--overlap needs --by samples/);
  });
});
