// End-to-end: `servesim compose-profile` as docs/VALIDATION.md runs it (bin/servesim.js → dist/, so build first;
// npm test does). The committed profiles are exactly what docs/VALIDATION.md's commands make from the committed
// calibration data; bad input is one line naming the file and the problem, a non-zero exit and no file.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/servesim.js");
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT });
const tmp = () => mkdtempSync(join(tmpdir(), "servesim-compose-"));
const PRIOR = "calibration/profiles/priors/h100-bert-base-seq128-fp16-turnaround.json";
const SLICE = "calibration/profiles/priors/h100-gpu-slice.json";
const LATE = "calibration/profiles/priors/h100-batcher-late.json";
const DRIFT = "calibration/profiles/priors/h100-network-drift.json";
const WAKE = "calibration/profiles/priors/h200-batcher-wake.json";
const LOADED = "calibration/profiles/priors/perf-analyzer-loaded-wait.json";
const OVERTAKE = "calibration/profiles/priors/gpu-overtake.json";

describe("servesim compose-profile (CLI)", () => {
  it("rebuilds the one-start BERT-Base profile byte for byte from its calibration data", () => {
    const P = "calibration/profiles/passes-onestart";
    const out = join(tmp(), "p.json");
    const r = run([
      "compose-profile", "--profile", `${P}/h100-bert-base-seq128-fp16.onestart.json`, "--run", `${P}/composition-bert-base.json`,
      "--turnaround-prior", PRIOR, "--idle", `${P}/idle-h100.json`, "--idle-model", "bert_base_i1", "--tool-run", `${P}/client-pa-bert-base.json`,
      "--exec-log", `${P}/exec-cal-base-i1.bin`, "--exec-log", `${P}/exec-cal-base-caldyn.bin`, "--gpu-turns", `${P}/probes-bert-base.json`,
      "--gpu-slice", SLICE, "--gpu-overtake", OVERTAKE, "--batcher-late", LATE, "--batcher-wake", WAKE, "--loaded-wait", LOADED, "--network-drift", DRIFT, "--name", "h100-bert-base-seq128-fp16-onestart", "-o", out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/turnaround 32\.8 µs \+ 13\.01 µs per request \(rms \d+ µs\), shrunk to 42\.5 µs \+ 19\.24 µs per request \(weight 0\.38, 35 other starts\)/);
    expect(r.stdout).toMatch(/GPU turns with a 207 µs switch \(median of 14 probe pairs; 240 µs with 2 instances, 200 µs with 4 instances\) and a 3894 µs time slice, short turns \(up to 1\.115 × a single request's\) overtaking long ones on 3 or more instances, the batcher waking 51 µs \+ 1\.03 % of its wait late, perf_analyzer's network time 41 % shared over 81 ms/);
    expect(r.stdout).toMatch(/the woken batcher scanning 5–40 µs after its wake-up.*perf_analyzer's loaded wait a gamma of shape 2, .*output -?\d+(\.\d)? µs per merged request/);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, "calibration/profiles/h100-bert-base-seq128-fp16-onestart.json"), "utf8"));
  });

  // the starts that tested the model with a prior as frozen stay out of it: on the H100 phases F8 to F14 (passes-fresh8 to
  // -fresh14), on the H200 phases HF, HF2, HC, HF3, HF4, HF5, HO, HW, HW2 and OL
  it.each([
    { gpu: "H100", prior: PRIOR, exclude: ["passes-fresh8", "passes-fresh9", "passes-fresh10", "passes-fresh11", "passes-fresh12", "passes-fresh13", "passes-fresh14"] },
    { gpu: "H200", prior: "calibration/profiles/priors/h200-bert-base-seq128-fp16-turnaround.json", exclude: ["passes-hf", "passes-hf2", "passes-hc", "passes-hf3", "passes-hf4", "passes-hf5", "passes-ho", "passes-hw", "passes-hw2", "passes-ol"] },
  ])("the $gpu turnaround prior is what scripts/turnaround-prior.mjs makes of the committed calibration data", ({ gpu, prior, exclude }) => {
    const args = ["base", gpu, ...exclude.flatMap((d) => ["--exclude", d])];
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/turnaround-prior.mjs"), ...args], { encoding: "utf8", cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, prior), "utf8"));
  });

  // the scan's table and the loaded wait's shape are what their scripts make of phase EW's and ND's traces (the shape on
  // the committed profiles, which carry it: choosing it again on them gives the same scores)
  it.each([
    { prior: WAKE, script: "scripts/batcher-notify.mjs", args: ["calibration/device/runs/2026-11-28-h200-exec-wake/exec-wake", "calibration/device/runs/2026-11-28-h200-exec-wake/exec-wake2"] },
    { prior: LOADED, script: "scripts/loaded-wait-shape.mjs", args: [] },
    { prior: "calibration/profiles/priors/h200-scan-in-scheduling.json", script: "scripts/scan-in-queue.mjs", args: [] },
    { prior: OVERTAKE, script: "scripts/overtake-line.mjs", args: [] },
  ])("$prior is what $script writes from the committed data", ({ prior, script, args }) => {
    const out = join(tmp(), "prior.json");
    const r = spawnSync(process.execPath, [join(ROOT, script), "--write", out, ...args], { encoding: "utf8", cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, prior), "utf8"));
  }, 120_000);

  it("bad input: one line naming the file and the problem, non-zero exit, nothing written", () => {
    const d = tmp();
    const bad = join(d, "bad.bin");
    writeFileSync(bad, "abc");
    const oneModel = join(d, "one.json");
    writeFileSync(oneModel, JSON.stringify({ models: [{ name: "m", totalInstances: 1 }], probes: [{ model: "m", batchSize: 1, computeInferUs: { mean: 700 } }] }));
    const noProbes = join(d, "noprobes.json");
    writeFileSync(noProbes, JSON.stringify({ models: [{ name: "m", totalInstances: 1 }] }));
    const out = join(d, "out.json");
    const badPrior = join(d, "prior.json");
    writeFileSync(badPrior, JSON.stringify({ schema: "servesim.turnaround-prior/v1", weight: 1.5, weightFrom: "x", fits: [] }));
    const run1 = "calibration/profiles/passes-onestart/composition-bert-base.json";
    const probes = "calibration/profiles/passes-onestart/probes-bert-base.json";
    const badSlice = join(d, "slice.json");
    writeFileSync(badSlice, JSON.stringify({ schema: "servesim.gpu-slice-prior/v1", sliceUs: 5000, wholeTurnMaxUs: 3000, slicedTurnMinUs: 4000, measuredFrom: "x" }));
    const badOvertake = join(d, "overtake.json");
    writeFileSync(badOvertake, JSON.stringify({ schema: "servesim.gpu-overtake-prior/v1", fromInstances: 3, shortTurnRatio: 1.3, shortMaxRatio: 1.04, longMinRatio: 1.2, measuredFrom: "x" }));
    const badLate = join(d, "late.json");
    writeFileSync(badLate, JSON.stringify({ schema: "servesim.batcher-late-prior/v1", baseUs: -5, fractionOfWait: 0.01, levels: [], measuredFrom: "x" }));
    const badWake = join(d, "wake.json");
    writeFileSync(badWake, JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, WAKE), "utf8")), us: [5, 13, 15, 17, 21, 25, 32, 35, 4] }));
    const badDrift = join(d, "drift.json");
    writeFileSync(badDrift, JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, DRIFT), "utf8")), share: 1.5 }));
    for (const [args, pattern] of [
      [["--turnaround-prior", PRIOR], /--turnaround-prior needs --run/],
      [["--run", run1, "--no-turnaround", "--turnaround-prior", PRIOR], /--turnaround-prior needs the turnaround measured from --run/],
      [["--run", run1, "--turnaround-prior", badPrior], /turnaround prior .*prior\.json.*weight/],
      [["--exec-log", bad], /bad\.bin: 3 bytes is not a whole number of 24-byte execution records/],
      [["--exec-log", join(d, "missing.bin")], /--exec-log .*missing\.bin: cannot read file/],
      [[], /give --merge, --run, --idle, --tool-run, --exec-log, --trace, --gpu-turns, --batcher-late, --batcher-wake and\/or --network-drift/],
      [["--batcher-wake", badWake], /wake\.json: us\[8\]: must not decrease/],
      [["--loaded-wait", LOADED], /--loaded-wait needs --tool-run/],
      [["--scan-in-scheduling", "calibration/profiles/priors/h200-scan-in-scheduling.json"], /--scan-in-scheduling needs --batcher-wake/],
      [["--network-drift", badDrift], /network drift prior .*drift\.json.*share/],
      [["--network-drift", DRIFT], /profile h100-bert-base-seq128-fp16\.v has no perf_analyzer load generator entry/],
      [["--batcher-late", badLate], /batcher lateness prior .*late\.json.*baseUs/],
      [["--gpu-turns", oneModel], /--gpu-turns: no probe of a multi-instance model pairs with one of the one-instance model in .*one\.json/],
      [["--gpu-turns", noProbes], /calibration raw .*noprobes\.json.*probes/],
      [["--gpu-slice", SLICE], /--gpu-slice needs --gpu-turns/],
      [["--gpu-turns", probes, "--gpu-slice", badSlice], /GPU slice prior .*slice\.json.*sliceUs.*between wholeTurnMaxUs and slicedTurnMinUs/],
      [["--gpu-overtake", OVERTAKE], /--gpu-overtake needs --gpu-turns/],
      [["--gpu-turns", probes, "--gpu-overtake", badOvertake], /GPU overtake prior .*overtake\.json.*shortTurnRatio.*between shortMaxRatio and longMinRatio/],
    ] as const) {
      const r = run(["compose-profile", "--profile", "calibration/profiles/passes-onestart/h100-bert-base-seq128-fp16.onestart.json", ...args, "-o", out]);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    }
  });
});
