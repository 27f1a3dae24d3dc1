// Host episodes: clusters of executions over twice their size's median, with the waits between them
// stretched, found in an execution log; a quiet log or isolated slow executions have none; plan names them
// among its caveats when they recur; host-check gives the verdict from a log.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitHostEpisodes } from "../../src/calibrate/host-episodes.js";
import type { ExecutionLog } from "../../src/calibrate/slow-stretches.js";
import { execLogBytes } from "./exec-log-bytes.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import { HOST_EPISODES_RECURRING_PER_S, type Profile } from "../../src/compute/profile.js";
import { extrapolationNotes } from "../../src/plan/recommend.js";

/** n executions of 700 µs (±3 %, deterministic) separated by 300 µs waits; inside(i) says whether
 *  execution i falls in an episode, where it takes `exec` × and the wait after it `wait` × longer. */
function log(n: number, inside: (i: number) => boolean, exec = 3, wait = 8): ExecutionLog {
  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const e = inside(i);
    startUs[i] = t;
    durationUs[i] = 700 * (1 + 0.03 * Math.sin(i * 1.3)) * (e ? exec : 1);
    t += durationUs[i]! + 300 * (e && inside(i + 1) ? wait : 1);
  }
  return { startUs, durationUs, samples: new Int32Array(n).fill(1) };
}

describe("finding host episodes in an execution log", () => {
  it("recovers ten-execution episodes every 1000 executions: their count, rate, slowdowns and length", () => {
    const l = log(20_000, (i) => i % 1000 >= 500 && i % 1000 < 510);
    const fit = fitHostEpisodes([l], "synthetic");
    expect(fit.count).toBe(20);
    const e = fit.episodes!;
    expect(e.execFactor).toBeGreaterThan(2.9);
    expect(e.execFactor).toBeLessThan(3.1);
    expect(e.frontEndFactor).toBeGreaterThan(7.8);
    expect(e.frontEndFactor).toBeLessThan(8.2);
    // ten executions of 2.1 ms and nine waits of 2.4 ms
    expect(e.meanDurationUs).toBeGreaterThan(0.95 * (10 * 2100 + 9 * 2400));
    expect(e.meanDurationUs).toBeLessThan(1.05 * (10 * 2100 + 9 * 2400));
    // 20 over the logged time: 19 980 ordinary cycles of 1 ms, plus the episodes
    const loggedS = (l.startUs[l.startUs.length - 1]! + l.durationUs[l.durationUs.length - 1]!) / 1e6;
    expect(e.ratePerS).toBeCloseTo(20 / loggedS, 6);
  });

  it("finds none in a quiet log, nor in isolated slow executions (one at a time, 50 ms apart)", () => {
    expect(fitHostEpisodes([log(5000, () => false)], "quiet").episodes).toBeNull();
    const isolated = fitHostEpisodes([log(20_000, (i) => i % 50 === 0, 3, 1)], "isolated");
    expect(isolated.count).toBe(0);
    expect(isolated.episodes).toBeNull();
  });

  it("joins slow executions less than 30 ms apart into one episode, and splits them further apart", () => {
    // two slow executions 20 executions (≈ 20 ms) apart: one episode; 40 apart (≈ 40 ms): none of two
    const near = fitHostEpisodes([log(5000, (i) => i === 1000 || i === 1020)], "near");
    expect(near.count).toBe(1);
    const far = fitHostEpisodes([log(5000, (i) => i === 1000 || i === 1040)], "far");
    expect(far.count).toBe(0);
  });
});

describe("plan's caveat on host episodes", () => {
  const base: Profile = parseComputeMs("1=1,8=4");
  const candidate = { maxBatchSize: 8, instancesPerGpu: 1 } as Parameters<typeof extrapolationNotes>[1];
  const note = (ratePerS: number): string[] =>
    extrapolationNotes({ ...base, hostEpisodes: { ratePerS, meanDurationUs: 25_000, execFactor: 2.5, frontEndFactor: 7 } }, candidate).filter((n) =>
      n.includes("host episodes"),
    );

  it("names recurring episodes, and not isolated ones or none", () => {
    expect(note(0.8)).toHaveLength(1);
    expect(note(0.8)[0]).toContain("0.80/s");
    expect(note(HOST_EPISODES_RECURRING_PER_S / 2)).toHaveLength(0);
    expect(extrapolationNotes(base, candidate).some((n) => n.includes("host episodes"))).toBe(false);
  });
});

describe("servesim host-check (CLI)", () => {
  const ROOT = join(__dirname, "../..");
  const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/servesim.js"), "host-check", ...args], { encoding: "utf8", cwd: ROOT });
  const write = (l: ExecutionLog, f: string): string => {
    writeFileSync(f, execLogBytes(l));
    return f;
  };

  it("says recurring for a log with an episode every second, none for a quiet one; bad input is one line", () => {
    const d = mkdtempSync(join(tmpdir(), "servesim-hostcheck-"));
    const stalling = write(log(20_000, (i) => i % 1000 >= 500 && i % 1000 < 510), join(d, "s.bin"));
    const quiet = write(log(20_000, () => false), join(d, "q.bin"));
    const a = run(["--exec-log", stalling, "--json"]);
    expect(a.status, a.stderr).toBe(0);
    const j = JSON.parse(a.stdout);
    expect([j.schema, j.verdict, j.episodes, j.executions]).toEqual(["servesim.host-check/v1", "recurring", 20, 20_000]);
    const b = run(["--exec-log", quiet]);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/host episodes: none\nverdict: none/);
    for (const [args, pattern] of [
      [[], /give --exec-log and\/or --trace/],
      [["--trace", quiet], /--trace needs --trace-model/],
      [["--exec-log", join(d, "missing.bin")], /--exec-log .*missing\.bin: cannot read file/],
    ] as const) {
      const r = run([...args]);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
