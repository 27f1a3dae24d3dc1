// exec_followers.py: slow stretches on several instances under open-loop load, told apart by how their executions sit
// against the other instances' — one instance following another (started second, waiting out the other's turn, its
// stretches never at the same time as the other's) or the whole host slowed (every instance at once).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf, type ExecRecord } from "../helpers/exec-log.js";
import { python, pythonCsv } from "../helpers/python.js";

const T0_NS = 10e9;
const MS = 1e6;
const CYCLES = 400;
const SLOW = (i: number) => i >= 200 && i < 260;

/** Instance 0 runs 8 samples for 1 ms at the start of every 4 ms cycle, instance 1 runs 4 samples for 1 ms from
 *  2 ms into it. `follower`: in cycles 200–259 instance 1 starts 0.2 ms after instance 0 instead and takes 1.6 ms
 *  (it waits out instance 0's turn). `host`: in those cycles both instances take 1.6 ms where they usually start. */
function logs(kind: "follower" | "host"): [ExecRecord[], ExecRecord[]] {
  const a: ExecRecord[] = [];
  const b: ExecRecord[] = [];
  for (let i = 0; i < CYCLES; i++) {
    const t = T0_NS + i * 4 * MS;
    const slow = SLOW(i);
    a.push([t, t + (kind === "host" && slow ? 1.6 : 1) * MS, 8, 8]);
    const start = t + (kind === "follower" && slow ? 0.2 : 2) * MS;
    b.push([start, start + (slow ? 1.6 : 1) * MS, 4, 4]);
  }
  return [a, b];
}

describe.skipIf(python === undefined)("exec_followers.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-followers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const end = T0_NS + CYCLES * 4 * MS;
  for (const kind of ["follower", "host"] as const) {
    const model = `${kind}_d500_i2`;
    const [a, b] = logs(kind);
    writeFileSync(join(dir, `${model}.${model}_0_0.bin`), execLogOf(a));
    writeFileSync(join(dir, `${model}.${model}_0_1.bin`), execLogOf(b));
  }
  writeFileSync(
    join(dir, "manifest.csv"),
    "run,model,mode,level,batch,start_ns,end_ns,rc\n" +
      `f,follower_d500_i2,rate,500,1,${T0_NS},${end},0\nc,follower_d500_i2,conc,2,1,${T0_NS},${end},0\nh,host_d500_i2,rate,500,1,${T0_NS},${end},0\n`,
  );
  // the script's rows, computed once for the three tests below (their inputs are the same)
  let cached: ReturnType<typeof pythonCsv> | undefined;
  const rows = () => (cached ??= pythonCsv("calibration/server/exec_followers.py", ["--manifest", join(dir, "manifest.csv"), "--logs", dir]));

  it("open-loop levels only, after the warm-up tenth; the mean batch over all instances", () => {
    const r = rows();
    expect(r.map((x) => [x["model"], x["level"]])).toEqual([["follower_d500_i2", "500"], ["host_d500_i2", "500"]]);
    expect(Number(r[0]!["executions"])).toBe(2 * CYCLES - (2 * CYCLES) / 10);
    expect(Number(r[0]!["mean_batch"])).toBeCloseTo(6, 2);
  });

  it("a follower's stretch: every execution in it started second and none was overtaken; no other instance stretched with it", () => {
    const f = rows()[0]!;
    expect(Number(f["in_n"])).toBe(60);
    expect(Number(f["in_led_by"])).toBe(1);
    expect(Number(f["in_overtook"])).toBe(0);
    expect(Number(f["out_led_by"])).toBe(0);
    expect(Number(f["together"])).toBe(0);
    // instance 1's stretch covers 60 cycles of 360 (after the warm-up), instance 0 none: a quarter of that on average
    expect(Number(f["stretch_share"])).toBeCloseTo((60 * 4 - 2.4) / (360 * 4 - 1) / 2, 2);
  });

  it("a host-wide stretch: both instances slow at once, their executions placed as usual", () => {
    const h = rows()[1]!;
    expect(Number(h["in_n"])).toBe(120);
    expect(Number(h["in_led_by"])).toBe(0);
    expect(Number(h["together"])).toBeGreaterThan(0.95);
    expect(Number(h["apart"])).toBeLessThan(0.25);
  });
});
