// batcher_late.py: each delay's level at one client, less its delay and the same pass's delay-0 level, is how late
// the batcher woke; a least-squares line through them is the prior, and the committed H100 and H200 priors are what
// the script makes of their phase BL's committed levels (the H200's run in phase HP).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BatcherLatePriorFile } from "../../src/calibrate/batcher-late.js";
import { python } from "../helpers/python.js";

const ROOT = join(__dirname, "../..");
const SCRIPT = join(ROOT, "calibration/server/batcher_late.py");
const HEADER = "Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency";
const level = (queueUs: number) => `${HEADER}\n1,500,3,200,${queueUs},20,900,70,1,1500,1600,1650,1700\n`;

describe.skipIf(python === undefined)("batcher_late.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-late-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fits base plus a fraction of the wait through every pass's lateness", () => {
    const run = join(dir, "run");
    mkdirSync(run, { recursive: true });
    // lateness 60 + 1 % of the delay exactly, on two passes with different delay-0 queues
    for (const [p, q0] of [["a", 40], ["b", 50]] as const) {
      writeFileSync(join(run, `bl-d0-${p}.csv`), level(q0));
      for (const d of [500, 2000]) writeFileSync(join(run, `bl-d${d}-${p}.csv`), level(q0 + d + 60 + 0.01 * d));
    }
    const out = join(dir, "prior.json");
    const text = execFileSync(python!, [SCRIPT, "--run", run, "-o", out], { encoding: "utf8", cwd: join(ROOT, "calibration/server") });
    expect(text).toMatch(/lateness 60\.0 µs \+ 1\.00 % of the wait \(4 levels\)/);
    const prior = BatcherLatePriorFile.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(prior).toMatchObject({ baseUs: 60, fractionOfWait: 0.01 });
    expect(prior.levels.map((l) => l.latenessUs)).toEqual([65, 80, 65, 80]);
  });

  it("refuses a run with a single delay beside delay 0", () => {
    const run = join(dir, "one");
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, "bl-d0-a.csv"), level(40));
    writeFileSync(join(run, "bl-d500-a.csv"), level(600));
    expect(() => execFileSync(python!, [SCRIPT, "--run", run, "-o", join(dir, "x.json")], { stdio: "pipe", cwd: join(ROOT, "calibration/server") })).toThrow(
      /need levels at two delays or more/,
    );
  });

  it.each([
    { gpu: "h100", run: "2026-11-27-h100-batcher-late" },
    { gpu: "h200", run: "2026-11-28-h200-priors/batcher-late" },
  ])("the committed $gpu prior is what it makes of its phase BL's levels", ({ gpu, run }) => {
    const out = join(dir, `${gpu}.json`);
    execFileSync(python!, [SCRIPT, "--run", join(ROOT, "calibration/device/runs", run), "-o", out], { cwd: join(ROOT, "calibration/server") });
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, `calibration/profiles/priors/${gpu}-batcher-late.json`), "utf8"));
  });
});
