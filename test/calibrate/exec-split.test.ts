// exec_split.py (phase GS): a slowdown that lies in the host's part of the executions reads as "host", one in
// the GPU's as "gpu", one below 20 µs as "none"; the drift between clock runs is judged the same way; and the
// GPU part turn-taking infers (two-way cycle less the switch) is set against the GPU time measured.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { splitLogOf } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

interface Exec {
  readonly samples: number;
  readonly requests: number;
  readonly durUs: number;
  readonly gpuUs: number;
}

/** Split records of these executions one after another from t0Ns, each `gapUs` after the last ended;
 *  the host part is spread 30 / 20 / (GPU + 10) / rest over gather, issue, wait and post. */
function splitLog(execs: readonly Exec[], t0Ns: number, gapUs = 100): Buffer {
  let t = t0Ns;
  return splitLogOf(
    execs.map((e) => {
      const start = t;
      const gathered = start + 30_000;
      const issued = gathered + 20_000;
      t += (e.durUs + gapUs) * 1000;
      return [start, start + e.durUs * 1000, e.samples, e.requests, gathered, issued, issued + (e.gpuUs + 10) * 1000, e.gpuUs] as const;
    }),
  );
}

const many = (n: number, e: Exec): Exec[] => Array.from({ length: n }, () => e);
const SPAN_NS = 1e9; // each level's executions fit well inside a second

describe.skipIf(python === undefined)("exec_split.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-split-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "logs", "split"), { recursive: true });
  const rows: string[] = ["run,model,mode,level,batch,start_ns,end_ns,rc"];
  const logs = new Map<string, Buffer[]>();
  let level = 0;
  /** One level of `model` in the manifest, its executions in the model's log. */
  const add = (run: string, model: string, mode: string, load: number, batch: number, execs: Exec[], gapUs = 100) => {
    const start = 10e9 + level++ * 2 * SPAN_NS;
    rows.push(`${run},${model},${mode},${load},${batch},${start},${start + SPAN_NS},0`);
    logs.set(model, [...(logs.get(model) ?? []), splitLog(execs, start + 1e6, gapUs)]);
  };
  const four = (durUs: number, gpuUs: number) => many(200, { samples: 4, requests: 4, durUs, gpuUs });
  for (const [low, high] of [[1900, 3800], [1901, 3801], [1902, 3802]] as const) {
    add(`host-${low}`, "host", "rate", low, 1, four(900, 600));
    add(`host-${high}`, "host", "rate", high, 1, four(960, 600));
    add(`gpu-${low}`, "gpu", "rate", low, 1, four(900, 600));
    add(`gpu-${high}`, "gpu", "rate", high, 1, four(960, 660));
    add(`flat-${low}`, "flat", "rate", low, 1, four(900, 600));
    add(`flat-${high}`, "flat", "rate", high, 1, four(910, 600));
  }
  for (const [tag, durUs] of [["a", 800], ["b", 850], ["c", 790]] as const) {
    add(`gs-c1-${tag}`, "i1", "conc", 1, 1, many(100, { samples: 1, requests: 1, durUs, gpuUs: 500 }));
  }
  add("gs-i1-b4", "i1", "conc", 1, 4, many(100, { samples: 4, requests: 1, durUs: 900, gpuUs: 560 }));
  add("gs-i2-b4", "i2", "conc", 1, 4, many(100, { samples: 4, requests: 1, durUs: 1100, gpuUs: 560 }));
  // two instances kept busy: an execution starts every 750 µs (one log here stands for both)
  add("gs-i2-b4", "i2", "conc", 4, 4, many(200, { samples: 4, requests: 1, durUs: 650, gpuUs: 560 }), 100);
  writeFileSync(join(dir, "manifest.csv"), rows.join("\n") + "\n");
  for (const [model, parts] of logs) writeFileSync(join(dir, "logs", "split", `${model}.${model}_0_0.bin`), Buffer.concat(parts));

  const out = execFileSync(
    python!,
    ["-B", "calibration/server/exec_split.py", "--manifest", join(dir, "manifest.csv"), "--logs", join(dir, "logs"), "--json", join(dir, "a.json")],
    { encoding: "utf8" },
  );
  const answers = JSON.parse(readFileSync(join(dir, "a.json"), "utf8"));
  const load = (model: string) => answers.load.find((q: { model: string }) => q.model === model);

  it("a rise in the host part reads as host, one in the GPU time as gpu, one under 20 µs as none", () => {
    expect(load("host")).toMatchObject({ riseDurUs: 60, riseGpuUs: 0, verdict: "host" });
    expect(load("gpu")).toMatchObject({ riseDurUs: 60, riseGpuUs: 60, verdict: "gpu" });
    expect(load("flat")).toMatchObject({ riseDurUs: 10, verdict: "none" });
    expect(out).toMatch(/host +rise: duration \+60\.0, GPU \+0\.0 → host/);
  });

  it("the rise by stretch says where: the host model's in post, the GPU model's in the wait for the stream", () => {
    expect(load("host").riseStretchesUs).toEqual({ gather: 0, issue: 0, wait: 0, post: 60 });
    expect(load("gpu").riseStretchesUs).toEqual({ gather: 0, issue: 0, wait: 60, post: 0 });
  });

  it("the clock runs' drift: duration spread 60 µs, GPU time none → host", () => {
    expect(answers.drift).toMatchObject({ durUs: [800, 850, 790], spreadDurUs: 60, spreadGpuUs: 0, verdict: "host" });
    expect(answers.drift.stretchesUs.post).toEqual([240, 290, 230]);
  });

  it("turns: cycle 750 less switch 200 infers a GPU part of 550 against 560 measured", () => {
    expect(answers.turns).toEqual([
      {
        batch: 4,
        standaloneUs: 900,
        twoWayCycleUs: 750,
        switchUs: 200,
        inferredGpuUs: 550,
        measuredGpuUs: 560,
        inferredOverMeasured: 0.982,
        measuredWaitUs: 570,
        inferredOverWait: 0.965,
      },
    ]);
  });

  it("the per-level table shows the host stretches", () => {
    expect(out).toMatch(/gs-c1-a +1 +1 +90 +800\.0 +500\.0 +300\.0 +30\.0 +20\.0 +510\.0 +240\.0/);
  });
});
