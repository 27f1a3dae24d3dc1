// exec_slices.py: in a two-instance calibration sweep's logs, a batch size whose executions end half a cycle
// apart took whole turns on the GPU and one whose executions end together was sliced; the GPU's time slice
// lies between the longest whole turn and the shortest sliced one, pooled over the runs, and the committed
// H100 and H200 priors are what the script makes of the committed runs. With --instances 4 it reads the four-instance sweeps,
// whose whole turns end a quarter of the execution apart (a diagnostic: it writes no prior).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GpuSlicePriorFile } from "../../src/calibrate/gpu-slice.js";
import { execLogOf, type ExecRecord } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

const ROOT = join(__dirname, "../..");
const SCRIPT = join(ROOT, "calibration/server/exec_slices.py");

/** Two instances kept busy, 40 executions each at a batch size: a cycle of `cycleUs` per execution, the second
 *  instance's ends `offsetUs` after the first's. */
function sweep(t0Ns: number, samples: number, cycleUs: number, offsetUs: number): [ExecRecord[], ExecRecord[]] {
  const a: ExecRecord[] = [];
  const b: ExecRecord[] = [];
  for (let k = 0; k < 40; k++) {
    const s = t0Ns + k * cycleUs * 1000;
    a.push([s, s + cycleUs * 1000, samples, 1]);
    b.push([s + offsetUs * 1000, s + (cycleUs + offsetUs) * 1000, samples, 1]);
  }
  return [a, b];
}

describe.skipIf(python === undefined)("exec_slices.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-slices-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("brackets the slice between the longest whole turn and the shortest sliced one", () => {
    // batch 1: cycles of 2000 µs, ends 1000 apart (whole turns of 1000 µs); batch 8: cycles of 10000 µs,
    // ends 200 apart (sliced, turns of 5000 µs); another run's batch 4 alternates whole at 2400 µs
    const runs = join(dir, "runs");
    const make = (name: string, parts: [ExecRecord[], ExecRecord[]][]) => {
      const logs = join(dir, name);
      mkdirSync(logs, { recursive: true });
      for (const i of [0, 1]) writeFileSync(join(logs, `bert_base_i2.bert_base_i2_0_${i}.bin`), execLogOf(parts.flatMap((p) => p[i]!)));
      mkdirSync(join(runs, name), { recursive: true });
      execFileSync("tar", ["-cJf", join(runs, name, "exec-logs-x.tar.xz"), "-C", logs, "bert_base_i2.bert_base_i2_0_0.bin", "bert_base_i2.bert_base_i2_0_1.bin"]);
    };
    make("2026-11-27-h100-a", [sweep(1e9, 1, 2000, 1000), sweep(2e9, 8, 10000, 200)]);
    make("2026-11-27-h100-b", [sweep(1e9, 4, 4800, 2400)]);
    make("2026-11-27-h200-c", [sweep(1e9, 8, 4000, 100)]); // another GPU: left out
    make("2026-11-27-h100-d", [sweep(1e9, 8, 2000, 100)]); // excluded below
    const out = join(dir, "prior.json");
    const text = execFileSync(python!, [SCRIPT, "--runs", runs, "--gpu", "h100", "--exclude", "2026-11-27-h100-d", "-o", out], { encoding: "utf8" });
    expect(text).toMatch(/longest whole turn 2400 µs \(2026-11-27-h100-b bert_base_i2 b4\); shortest sliced 5000 µs \(2026-11-27-h100-a bert_base_i2 b8\)/);
    const prior = GpuSlicePriorFile.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(prior).toMatchObject({ sliceUs: 3700, wholeTurnMaxUs: 2400, slicedTurnMinUs: 5000, sweeps: ["2026-11-27-h100-a:bert_base_i2", "2026-11-27-h100-b:bert_base_i2"] });
  });

  it("reads the four-instance sweeps with --instances 4: whole turns end a quarter of the execution apart", () => {
    // batch 1: cycles of 4000 µs, the instances' ends 1000 apart (whole turns of 1000 µs); batch 16: cycles of
    // 12000 µs, ends 100 apart (sliced, turns of 3000 µs); a two-instance reading of the same folder finds nothing
    const runs = join(dir, "four");
    const logs = join(dir, "four-logs");
    mkdirSync(logs, { recursive: true });
    const quad = (t0Ns: number, samples: number, cycleUs: number, offsetUs: number): ExecRecord[][] =>
      [0, 1, 2, 3].map((i) => sweep(t0Ns + i * offsetUs * 1000, samples, cycleUs, 0)[0]);
    const parts = [quad(1e9, 1, 4000, 1000), quad(2e9, 16, 12000, 100)];
    for (const i of [0, 1, 2, 3]) writeFileSync(join(logs, `bert_base_i4.bert_base_i4_0_${i}.bin`), execLogOf(parts.flatMap((q) => q[i]!)));
    mkdirSync(join(runs, "2026-11-28-h100-q"), { recursive: true });
    execFileSync("tar", ["-cJf", join(runs, "2026-11-28-h100-q", "exec-logs-q.tar.xz"), "-C", logs, "."]);
    const text = execFileSync(python!, [SCRIPT, "--runs", runs, "--gpu", "h100", "--instances", "4"], { encoding: "utf8" });
    expect(text).toMatch(/b1 1000µs 0\.25 {2}b16 3000µs 0\.01\*/);
    expect(text).toMatch(/longest whole turn 1000 µs .*; shortest sliced 3000 µs .*\nslice 2000 µs from 1 sweeps of 4 instances/);
    expect(() => execFileSync(python!, [SCRIPT, "--runs", runs, "--gpu", "h100"], { encoding: "utf8", stdio: "pipe" })).toThrow(/no 2-instance sweep/);
    expect(() => execFileSync(python!, [SCRIPT, "--runs", runs, "--gpu", "h100", "--instances", "4", "-o", join(dir, "x.json")], { stdio: "pipe" })).toThrow(
      /the prior \(-o\) is the two-instance reading/,
    );
  });

  it("refuses runs where no slice separates whole turns from sliced ones", () => {
    const runs = join(dir, "overlap");
    const logs = join(dir, "overlap-logs");
    mkdirSync(logs, { recursive: true });
    const [a, b] = sweep(1e9, 1, 8000, 4000); // whole turns of 4000 µs
    const [c, d] = sweep(2e9, 8, 6000, 100); // sliced turns of 3000 µs
    writeFileSync(join(logs, "bert_large_i2.bert_large_i2_0_0.bin"), execLogOf([...a, ...c]));
    writeFileSync(join(logs, "bert_large_i2.bert_large_i2_0_1.bin"), execLogOf([...b, ...d]));
    mkdirSync(join(runs, "2026-11-27-h100-z"), { recursive: true });
    execFileSync("tar", ["-cJf", join(runs, "2026-11-27-h100-z", "exec-logs-z.tar.xz"), "-C", logs, "."]);
    expect(() => execFileSync(python!, [SCRIPT, "--runs", runs, "--gpu", "h100"], { encoding: "utf8", stdio: "pipe" })).toThrow(
      /no slice length separates whole from sliced turns/,
    );
  });

  // H100: phase FL6's start tested the slice as frozen, so it stays out of it; so do the later starts (F10, FL7, F11 to
  // F14), which give the same bracket (the prior is kept as frozen). H200: HF2's to HF5's, HO's, HW's, HW2's and OL's starts came after the prior and
  // give the same bracket.
  it.each([
    { gpu: "h100", exclude: ["2026-11-27-h100-fresh-large6", "2026-11-27-h100-fresh10", "2026-11-27-h100-fresh-large7", "2026-11-27-h100-fresh11", "2026-11-28-h100-fresh12", "2026-11-28-h100-fresh13", "2026-11-28-h100-fresh14"] },
    { gpu: "h200", exclude: ["2026-11-28-h200-fresh13b", "2026-11-28-h200-fresh13c", "2026-11-28-h200-fresh13d", "2026-11-28-h200-fresh13e", "2026-11-28-h200-overtake", "2026-11-29-h200-wake", "2026-11-29-h200-wake2", "2026-11-29-h200-open-loop"] },
  ])("the committed $gpu prior is what it makes of the committed calibration runs", ({ gpu, exclude }) => {
    const out = join(dir, `${gpu}.json`);
    const args = ["--runs", join(ROOT, "calibration/device/runs"), "--gpu", gpu, ...exclude.flatMap((r) => ["--exclude", r]), "-o", out];
    execFileSync(python!, [SCRIPT, ...args], { encoding: "utf8" });
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, `calibration/profiles/priors/${gpu}-gpu-slice.json`), "utf8"));
  }, 120_000);
});
