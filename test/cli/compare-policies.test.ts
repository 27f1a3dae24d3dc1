// End-to-end: `servesim compare-policies`, and `--policy` in simulate, plan and scenario files, through
// the built CLI (bin/servesim.js → dist/; build first). Same seed ⇒ byte-identical output; bad input is
// one line naming the flag.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(__dirname, "../../bin/servesim.js");
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "servesim-cmp-"));
const SMALL = ["--compute-ms", "1=1,16=4", "--max-batch-size", "16", "--request-rate-range", "500:2500:1000", "--request-distribution", "poisson", "--requests", "1500"];

function oneLineError(r: ReturnType<typeof run>, text: string): void {
  expect(r.status).not.toBe(0);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toContain(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("servesim compare-policies (CLI)", () => {
  it("tables per load for every policy; --json is deterministic; --figure writes the vega-lite spec and SVG", () => {
    const dir = tmp();
    const svg = join(dir, "p99.svg");
    const table = run(["compare-policies", ...SMALL, "--slo-p99-ms", "10", "--figure", svg]);
    expect(table.status).toBe(0);
    for (const p of ["triton", "greedy", "aimd", "nexus", "deadline"]) expect(table.stdout).toContain(`│ ${p}`);
    expect(table.stdout).toContain("tuned for the SLO:");
    expect(table.stdout).toContain("500 requests/s");
    expect(table.stdout).toContain("within SLO %");
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg/);

    const vl = join(dir, "p99.vl.json");
    const a = run(["compare-policies", ...SMALL, "--slo-p99-ms", "10", "--policies", "triton,nexus:slo_us=6000,greedy", "--json", "--figure", vl]);
    const b = run(["compare-policies", ...SMALL, "--slo-p99-ms", "10", "--policies", "triton,nexus:slo_us=6000,greedy", "--json"]);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout) as { command: string; sloP99Ms: number; contenders: { policy: string; tuned: string; points: { load: number; attainment: number }[] }[] };
    expect(j.command).toBe("compare-policies");
    expect(j.sloP99Ms).toBe(10);
    expect(j.contenders.map((c) => c.policy)).toEqual(["triton", "nexus:slo_us=6000", "greedy"]);
    expect(j.contenders[1]!.tuned).toBe("nexus:slo_us=6000");
    for (const c of j.contenders) expect(c.points.map((p) => p.load)).toEqual([500, 1500, 2500]);
    const spec = JSON.parse(readFileSync(vl, "utf8")) as { $schema: string };
    expect(spec.$schema).toContain("vega-lite");

  });

  it("bad input: one line naming the flag", () => {
    oneLineError(run(["compare-policies", ...SMALL]), "--slo-p99-ms is required");
    oneLineError(run(["compare-policies", ...SMALL, "--slo-p99-ms", "10", "--policies", "greedy,bogus"]), '--policies: unknown policy "bogus"');
    oneLineError(run(["compare-policies", ...SMALL, "--slo-p99-ms", "10", "--figure", "x.txt"]), "--figure");
  });
});

describe("--policy in simulate, scenario files and plan (CLI)", () => {
  it("simulate --policy runs the policy; JSON names it; a scenario's variants can each name one; errors name the flag", () => {
    const r = run(["simulate", ...SMALL, "--policy", "deadline:slo_us=8000", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { runs: { policy: string }[] };
    expect(j.runs[0]!.policy).toBe("deadline:slo_us=8000");
    oneLineError(run(["simulate", ...SMALL, "--policy", "nexus:slo_us=-3"]), "--policy: nexus.slo_us must be in [1, ∞], got -3");

    const dir = tmp();
    const file = join(dir, "s.yaml");
    writeFileSync(
      file,
      "load: { requestRate: 500 }\ncomputeMs: '1=1,16=4'\nserver: { maxBatchSize: 16 }\nmeasurement: { requests: 1000 }\n" +
        "variants:\n  - name: t\n  - name: g\n    policy: greedy\n  - name: a\n    policy: 'aimd:target_us=3000'\n",
    );
    const s = run(["simulate", "--scenario", file, "--json"]);
    expect(s.status).toBe(0);
    expect((JSON.parse(s.stdout) as { runs: { policy: string }[] }).runs.map((x) => x.policy)).toEqual([
      "triton",
      "greedy",
      "aimd:target_us=3000,step=1,decrease=0.9,include_queue=0",
    ]);
    writeFileSync(file, "load: { requestRate: 500 }\ncomputeMs: '1=1'\npolicy: 'nexus:x=1'\n");
    oneLineError(run(["simulate", "--scenario", file]), 's.yaml: policy: unknown parameter "x" for policy nexus');
  });

  it("plan --policy: every candidate runs the policy (no delay or preferred-size dimension)", () => {
    const r = run(["plan", "--compute-ms", "1=1,16=4", "--rate", "1000", "--slo-p99-ms", "12", "--quick", "--policy", "nexus", "--json"]);
    expect([0, 2]).toContain(r.status);
    const j = JSON.parse(r.stdout) as { policy: string; points: { key: string; description: string }[] };
    expect(j.policy).toMatch(/^nexus:slo_us=\d+$/);
    expect(j.points.length).toBeGreaterThan(0);
    for (const p of j.points) {
      expect(p.description).toContain(`policy ${j.policy}`);
      expect(p.key).not.toContain("us]"); // no delay dimension
    }
    oneLineError(run(["plan", "--compute-ms", "1=1", "--rate", "10", "--slo-p99-ms", "12", "--policy", "x"]), '--policy: unknown policy "x"');
  });
});
