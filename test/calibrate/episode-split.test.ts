// episode_split.py (phase GE): executions over twice their size's median that come in clusters (two or more,
// less than 30 ms apart) make episodes; the executions inside them are set against the rest stretch by
// stretch, and the added time is put on the host (gathering, issuing, answering) or on the wait for the stream.
// An isolated slow execution, or two far apart, make no episode; executions outside the runs chosen are ignored.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { splitLogOf } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

/** An execution by its stretches (µs): gather, issue, wait, post, and the GPU time between CUDA events. */
type Exec = readonly [gather: number, issue: number, wait: number, post: number, gpu: number];
const NORMAL: Exec = [50, 200, 520, 50, 650];
const HOST_SLOW: Exec = [250, 1000, 400, 250, 1050]; // every host stretch ×5, the GPU's tail shorter
const WAIT_SLOW: Exec = [50, 200, 1800, 50, 1900];

/** Batch-1 split records one after another from t0Ns, each 100 µs after the last ended; `pauseUs` before
 *  the execution at an index, where given. */
function splitLog(execs: readonly Exec[], t0Ns: number, pauseUs: ReadonlyMap<number, number> = new Map()): Buffer {
  let t = t0Ns;
  return splitLogOf(
    execs.map(([gather, issue, wait, post, gpu], i) => {
      const start = t + (pauseUs.get(i) ?? 0) * 1000;
      const gathered = start + gather * 1000;
      const issued = gathered + issue * 1000;
      const synced = issued + wait * 1000;
      const end = synced + post * 1000;
      t = end + 100_000;
      return [start, end, 1, 1, gathered, issued, synced, gpu] as const;
    }),
  );
}

/** 400 normal executions with `slow` put at the indices given. */
function level(slow: Exec, at: readonly number[]): Exec[] {
  return Array.from({ length: 400 }, (_, i) => (at.includes(i) ? slow : NORMAL));
}

interface Row {
  readonly samples: number;
  readonly inside: number;
  readonly addedUs: Record<string, number>;
  readonly verdict: { readonly where: string; readonly gpu: string; readonly gpuRatio: number };
}
interface Doc {
  readonly instances: readonly { readonly log: string; readonly episodes: number; readonly bySamples: readonly Row[] }[];
}

describe.skipIf(python === undefined)("episode_split.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-episode-split-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "logs", "split"), { recursive: true });
  const t0 = 10e9;
  const win = 2e9; // each model's run window: its executions take well under a second
  const models: [string, Buffer][] = [
    ["m_host", splitLog([...level(HOST_SLOW, [100, 101, 102, 103, 104, 300, 301, 302])], t0)],
    ["m_wait", splitLog(level(WAIT_SLOW, [50, 51, 52, 53, 54, 55, 250, 251, 252, 253]), t0 + 10e9)],
    // one slow execution alone, and a pair 50 ms apart (past the 30 ms join): no episode
    ["m_none", splitLog(level(HOST_SLOW, [100, 200, 201]), t0 + 20e9, new Map([[201, 50_000]]))],
  ];
  const rows = ["run,model,mode,level,batch,start_ns,end_ns,rc"];
  models.forEach(([m, buf], k) => {
    writeFileSync(join(dir, "logs", "split", `${m}.${m}_0_0.bin`), buf);
    rows.push(`ge-c1-a,${m},conc,1,1,${t0 + k * 10e9},${t0 + k * 10e9 + win},0`);
  });
  // a run not chosen: its (slow) executions must not count
  rows.push(`other,m_none,conc,1,1,${t0 + 40e9},${t0 + 41e9},0`);
  writeFileSync(join(dir, "logs", "split", "m_none.m_none_0_1.bin"), splitLog(level(WAIT_SLOW, [1, 2, 3, 4, 5, 6]), t0 + 40e9));
  writeFileSync(join(dir, "manifest.csv"), rows.join("\n") + "\n");
  const run = (): Doc => {
    execFileSync(python!, ["-B", "calibration/server/episode_split.py", "--manifest", join(dir, "manifest.csv"), "--logs", join(dir, "logs"), "--json", join(dir, "out.json")], { encoding: "utf8" });
    return JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as Doc;
  };
  let doc: Doc | undefined; // run once, by the first test (collection runs this body even when skipped)
  const inst = (log: string) => (doc ??= run()).instances.find((i) => i.log === log);

  it("a cluster of host-slowed executions is an episode whose added time is the host's", () => {
    const h = inst("m_host.m_host_0_0.bin")!;
    expect(h.episodes).toBe(2);
    const row = h.bySamples[0]!;
    expect(row.inside).toBe(8);
    expect(row.addedUs.gather).toBeCloseTo(200, 0);
    expect(row.addedUs.issue).toBeCloseTo(800, 0);
    expect(row.addedUs.wait).toBeCloseTo(-120, 0);
    expect(row.verdict.where).toBe("host");
    expect(row.verdict.gpu).toBe("GPU slowed"); // the events' span, 650 → 1050 µs
  });

  it("a cluster slowed in the wait for the stream is put on the wait", () => {
    const w = inst("m_wait.m_wait_0_0.bin")!;
    expect(w.episodes).toBe(2);
    expect(w.bySamples[0]!.verdict.where).toBe("wait");
  });

  it("an isolated slow execution, or two too far apart, make no episode; runs not chosen are left out", () => {
    const n = inst("m_none.m_none_0_0.bin")!;
    expect(n.episodes).toBe(0);
    expect(n.bySamples).toEqual([]);
    expect(inst("m_none.m_none_0_1.bin")).toBeUndefined();
  });
});
