// End-to-end: `servesim validate` as a user runs it (the built CLI; npm test builds first) on one committed
// live run: the speed-margin section and per-point prediction on the slower server, and bad input.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/servesim.js");
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

/** A folder holding one committed live run (BERT-Large, perf_analyzer, open loop, on its own profile). */
function liveDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "servesim-validate-"));
  for (const ext of ["csv", "json"]) copyFileSync(join(ROOT, `calibration/live/pa-large-m4d0-i3-rate-fl.${ext}`), join(dir, `pa-large-m4d0-i3-rate-fl.${ext}`));
  return dir;
}

describe("servesim validate (CLI)", () => {
  it("predicts every level on a server --speed-margin % slower too, and counts coverage and SLO verdicts", () => {
    const dir = liveDir();
    const r = run(["validate", "--live", dir, "--replications", "1", "--speed-margin", "15", "--json"]);
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout) as {
      points: { steady: boolean; stable: boolean; predicted: { p99Us: number }; marginPredicted?: { p99Us: number } }[];
      speedMargin: { speedMarginPct: number; bound: { all: { n: number } }; verdicts: { all: { sloMs: number; points: number }[] } };
    };
    const counted = v.points.filter((p) => p.steady && p.stable);
    expect(counted.length).toBeGreaterThan(0);
    for (const p of v.points) expect(p.marginPredicted!.p99Us).toBeGreaterThan(p.predicted.p99Us);
    expect(v.speedMargin.speedMarginPct).toBe(15);
    expect(v.speedMargin.bound.all.n).toBe(counted.length);
    expect(v.speedMargin.verdicts.all.map((x) => [x.sloMs, x.points])).toEqual([5, 10, 20].map((s) => [s, counted.length]));
    const md = run(["validate", "--live", dir, "--replications", "1"]);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain("## plan's speed margin: the same levels on a server 10 % slower");
    const off = run(["validate", "--live", dir, "--replications", "1", "--speed-margin", "0", "--json"]);
    expect(JSON.parse(off.stdout).speedMargin).toBeNull();
  });

  it("bad input: one line naming the problem, non-zero exit", () => {
    const dir = liveDir();
    for (const [args, pattern] of [
      [["--speed-margin", "-5"], /--speed-margin must be ≥ 0, got -5/],
      [["--speed-margin", "abc"], /--speed-margin must be a number/],
    ] as const) {
      const r = run(["validate", "--live", dir, ...args]);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    const none = run(["validate", "--live", join(dir, "absent")]);
    expect(none.status).not.toBe(0);
    expect(none.stderr.trim().split("\n")).toHaveLength(1);
    expect(none.stderr).toMatch(/--live .*absent: cannot read directory/);
  });
});
