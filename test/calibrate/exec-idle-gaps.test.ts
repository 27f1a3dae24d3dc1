// exec_idle_gaps.py: the idle stretches of all a model's instances together during an open-loop level; those
// beyond the queue delay plus max(3 ms, 15 mean arrival gaps) count as front-end stalls, the rest as the
// ordinary waits of Poisson arrivals.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf, type ExecRecord } from "../helpers/exec-log.js";
import { python, pythonCsv } from "../helpers/python.js";

const T0_NS = 10e9;

/** 400 executions of 1 ms alternating between two instances, each starting 0.6 ms after the last (so the
 *  instances overlap and never both idle), except where `extraMs` holds an idle stretch after execution i. */
function twoInstances(extraMs: ReadonlyMap<number, number>): [ExecRecord[], ExecRecord[]] {
  const logs: [ExecRecord[], ExecRecord[]] = [[], []];
  let t = T0_NS;
  for (let i = 0; i < 400; i++) {
    logs[i % 2]!.push([t, t + 1e6, 1, 1]);
    const idle = extraMs.get(i);
    t += idle === undefined ? 0.6e6 : 1e6 + idle * 1e6;
  }
  return logs;
}

describe.skipIf(python === undefined)("exec_idle_gaps.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-idle-gaps-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // idle stretches of 8 and 3.5 ms after executions 200 and 300; one of 20 ms inside the warm-up tenth
  const [a, b] = twoInstances(new Map([[10, 20], [200, 8], [300, 3.5]]));
  writeFileSync(join(dir, "m_d500_i2.m_d500_i2_0_0.bin"), execLogOf(a));
  writeFileSync(join(dir, "m_d500_i2.m_d500_i2_0_1.bin"), execLogOf(b));
  const end = T0_NS + 1e9;
  writeFileSync(
    join(dir, "manifest.csv"),
    `run,model,mode,level,batch,start_ns,end_ns,rc\nr,m_d500_i2,rate,4000,1,${T0_NS},${end},0\nr,m_d500_i2,rate,1000,1,${T0_NS},${end},0\nc,m_d500_i2,conc,4,1,${T0_NS},${end},0\n`,
  );
  const rows = () => pythonCsv("calibration/server/exec_idle_gaps.py", ["--manifest", join(dir, "manifest.csv"), "--logs", dir]);

  it("open-loop levels only; gaps counted after the warm-up tenth, over the two instances together", () => {
    const r = rows();
    expect(r.map((x) => x["level"])).toEqual(["4000", "1000"]);
    expect(r[0]).toMatchObject({ gaps_over_2ms: "2", gaps_over_3ms: "2" });
    expect(Number(r[0]!["longest_ms"]!.split(" ").at(-1))).toBeCloseTo(8, 6);
  });

  it("at 4000/s with a 500 µs delay the limit is 4.25 ms: the 8 ms stretch is a stall, the 3.5 ms one is not", () => {
    const r = rows()[0]!;
    expect(r).toMatchObject({ limit_ms: "4.2", stalls: "1", stall_mean_ms: "8.0" });
  });

  it("at 1000/s fifteen mean gaps are 15 ms, so neither stretch counts", () => {
    const r = rows()[1]!;
    expect(r).toMatchObject({ limit_ms: "15.5", stalls: "0", stall_mean_ms: "" });
  });
});
