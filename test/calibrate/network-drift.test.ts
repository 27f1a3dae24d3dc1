// network_drift.py: the gaps between a response's send and the next request of one-client runs, correlated by lag,
// give the shared part of the tool's network draw. Laws: gaps made the model's way (each request's network draw
// split between the way in and the way back, its deviate part a shared AR process) give back the share they were
// made with; runs without enough one-client gaps are refused; the committed H100 and H200 priors are what the script
// makes of the committed traces.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NetworkDriftPriorFile } from "../../src/calibrate/network-drift.js";
import { RandomStream } from "../../src/kernel/rng.js";
import { python } from "../helpers/python.js";

const ROOT = join(__dirname, "../..");
const SCRIPT = join(ROOT, "calibration/server/network_drift.py");
const FIELDS = ["waitread_end", "queue_start", "compute_start", "input_end", "output_start", "compute_end", "response_complete", "send_start", "send_end", "request_end"];

/** A trace folder with `runs` one-client runs of `n` requests each, whose network draws have the given shared
 *  part with the given correlation time (µs), a request every ~1 ms. */
function traceFolder(dir: string, share: number, tauUs: number, runs: number, n: number): string {
  mkdirSync(dir, { recursive: true });
  const rng = new RandomStream("net", basename(dir)); // the folder's own name, not the random temp path: the same gaps every run
  const lines = ["model,start_us," + FIELDS.join(",")];
  const manifest = ["run,model,mode,level,batch,start_ns,end_ns,rc"];
  let t = 1_000_000;
  let prev = 0;
  let w = rng.normal();
  for (let k = 0; k < runs; k++) {
    const from = t;
    const draw = (): number => {
      const r = Math.exp(-1000 / tauUs);
      w = r * w + Math.sqrt(1 - r * r) * rng.normal();
      return 150 * Math.exp(0.4 * (Math.sqrt(share) * w + Math.sqrt(1 - share) * rng.normal()));
    };
    let net = draw();
    for (let i = 0; i < n; i++) {
      const serverUs = 800;
      const rel = FIELDS.map((f) => (f === "send_end" ? serverUs : f === "request_end" ? serverUs + 5 : 10));
      lines.push(`m1,${t - prev},${rel.join(",")}`);
      prev = t;
      const next = draw();
      t += serverUs + Math.round(net / 2 + next / 2); // the way back of this request, the way in of the next
      net = next;
    }
    manifest.push(`r${k},m1,conc,1,1,${from * 1000},${t * 1000},0`);
    t += 2_000_000;
  }
  writeFileSync(join(dir, "requests.csv"), `${lines.join("\n")}\n`);
  writeFileSync(join(dir, "manifest.csv"), `${manifest.join("\n")}\n`);
  return dir;
}

describe.skipIf(python === undefined)("network_drift.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-drift-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fit = (folder: string): NetworkDriftPriorFile => {
    const out = join(dir, "prior.json");
    execFileSync(python!, [SCRIPT, "--run", folder, "-o", out], { encoding: "utf8", cwd: join(ROOT, "calibration/server") });
    return NetworkDriftPriorFile.parse(JSON.parse(readFileSync(out, "utf8")));
  };

  it("gives back the shared part and the correlation time the gaps were made with", () => {
    const p = fit(traceFolder(join(dir, "half"), 0.5, 30_000, 3, 6000));
    expect(p.share).toBeGreaterThan(0.4);
    expect(p.share).toBeLessThan(0.6);
    expect(p.correlationUs).toBeGreaterThan(20_000);
    expect(p.correlationUs).toBeLessThan(45_000);
    expect(p.runs).toHaveLength(3);
  });

  it("finds no shared part in gaps made from each request's own draw", () => {
    expect(fit(traceFolder(join(dir, "own"), 0, 30_000, 2, 6000)).share).toBeLessThan(0.05);
  });

  it("refuses a folder with fewer than two one-client runs", () => {
    const one = traceFolder(join(dir, "one"), 0.5, 30_000, 1, 6000);
    expect(() => execFileSync(python!, [SCRIPT, "--run", one], { stdio: "pipe", cwd: join(ROOT, "calibration/server") })).toThrow(/need two one-client runs or more/);
  });

  it.each([
    { gpu: "h100", runs: ["2026-11-26-h100-trace", "2026-11-26-h100-tracelog"] },
    { gpu: "h200", runs: ["2026-11-28-h200-priors/network-drift"] },
  ])("the committed $gpu prior is what it makes of the committed traces", ({ gpu, runs }) => {
    const out = join(dir, `${gpu}.json`);
    const args = runs.flatMap((r) => ["--run", join("calibration/device/runs", r)]);
    execFileSync(python!, [join(ROOT, "calibration/server/network_drift.py"), ...args, "-o", out], { cwd: ROOT });
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(ROOT, `calibration/profiles/priors/${gpu}-network-drift.json`), "utf8"));
  });
});
