// End-to-end `servesim plan` as a user runs it (built CLI, worker threads).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(__dirname, "../../bin/servesim.js");
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("servesim plan (CLI)", () => {
  it("--quick recommends a config whose config.pbtxt simulate reads back; JSON is deterministic", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-plan-"));
    const pbtxt = join(dir, "config.pbtxt");
    const args = ["plan", "--slo-p99-ms", "40", "--rate", "300", "--quick", "--json", "--write-config", pbtxt];
    const a = run(args);
    expect(a.status).toBe(0);
    const b = run(args);
    expect(b.stdout).toBe(a.stdout);
    const plan = JSON.parse(a.stdout);
    expect(plan.feasible).toBe(true);
    expect(readFileSync(pbtxt, "utf8")).toBe(plan.recommendation.pbtxt);
    // the built-in profile is one host's calibration: the caveats point to the other starts' set that ships with it
    expect(plan.recommendation.notes).toContainEqual(expect.stringMatching(/^one calibration measures one host: 30 calibrations .* --check-on h100-bert-base-seq128-fp16-starts shows/));
    const sim = run(["simulate", "--model-config", pbtxt, "--request-rate-range", "300", "--request-distribution", "poisson", "--json", "--requests", "5000"]);
    expect(sim.status).toBe(0);
    expect(JSON.parse(sim.stdout).runs[0].config.maxBatchSize).toBe(plan.recommendation.config.maxBatchSize);
  }, 60_000);

  it("an SLO nothing meets exits 2 and prints the best achievable figures", () => {
    const r = run(["plan", "--slo-p99-ms", "2", "--rate", "100", "--quick"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/No configuration meets p99 ≤ 2 ms/);
  }, 60_000);

  it("infeasible after replication: the best achievable is the best replicated figure, with its interval, not one screening draw", () => {
    // spikes of 20 000/s for 10 ms every 300 ms over 3000/s: no configuration on one GPU keeps p99 within 10 ms
    const r = run(["plan", "--slo-p99-ms", "10", "--request-intervals", "calibration/server/traces/spikes-3000-20000.txt", "--gpus", "1", "--quick", "--json"]);
    expect(r.status).toBe(2);
    const plan = JSON.parse(r.stdout);
    expect(plan.feasible).toBe(false);
    expect(plan.top.length).toBeGreaterThan(0);
    expect(plan.bestAchievable.sloMs).toBe(Math.min(...plan.top.map((t: { p99Ms: { mean: number } }) => t.p99Ms.mean)));
    expect(plan.bestAchievable.reason).toMatch(/95 % interval/);
  }, 60_000);

  it("infeasible by throughput: the reason names what no configuration reaches, the load or --min-throughput", () => {
    const load = run(["plan", "--slo-p99-ms", "10", "--rate", "1e9", "--quick"]);
    expect(load.status).toBe(2);
    expect(load.stdout).toMatch(/no configuration within the limits sustains the load \(the most any can sustain is about \d+ inferences\/s/);
    const min = run(["plan", "--slo-p99-ms", "10", "--rate", "100", "--min-throughput", "1e9", "--quick"]);
    expect(min.status).toBe(2);
    expect(min.stdout).toMatch(/no configuration within the limits reaches --min-throughput 1000000000 inferences\/s/);
  }, 60_000);

  it("--request-intervals (perf_analyzer's file of gaps, repeated) plans on the same sends as the open loop: constant gaps give --rate's figures", () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-plan-"));
    const gaps = join(dir, "gaps.txt");
    writeFileSync(gaps, `${"500\n".repeat(400)}`); // 2000/s, every gap 500 µs
    const base = ["plan", "--compute-ms", "1=1,8=2,32=5", "--slo-p99-ms", "10", "--quick", "--speed-margin", "0", "--json"];
    const rate = JSON.parse(run([...base, "--rate", "2000", "--request-distribution", "constant"]).stdout);
    const intervals = JSON.parse(run([...base, "--request-intervals", gaps]).stdout);
    expect(intervals.load).toEqual({ kind: "trace", requests: 400 });
    // the same latency (the picks may differ: a rate load breaks ties by the capacity within the SLO, a list of
    // gaps has no rate to raise and so no capacity)
    expect(intervals.recommendation.p50Ms).toEqual(rate.recommendation.p50Ms);
    expect(intervals.recommendation.p99Ms).toEqual(rate.recommendation.p99Ms);
    expect(intervals.recommendation.throughputPerS).toEqual(rate.recommendation.throughputPerS);
    expect(intervals.recommendation.capacityRequestsPerS).toBeNull();
    const text = run(["plan", "--compute-ms", "1=1,8=2,32=5", "--slo-p99-ms", "10", "--quick", "--request-intervals", gaps]).stdout;
    expect(text).toContain("request intervals: 400 gaps repeated, 2000.0 requests/s");
  }, 60_000);

  it("--design-margin plans on a slower server: the same rescaling as validate's margin, never more capacity, and it says so", () => {
    const base = ["plan", "--compute-ms", "1=1,8=2,32=5", "--rate", "2000", "--slo-p99-ms", "10", "--quick", "--speed-margin", "0"];
    const plain = JSON.parse(run([...base, "--json"]).stdout);
    const slower = JSON.parse(run([...base, "--design-margin", "30", "--json"]).stdout);
    expect(plain.designMarginPct).toBe(0);
    expect(slower.designMarginPct).toBe(30);
    expect(slower.recommendation.capacityRequestsPerS).toBeLessThan(plain.recommendation.capacityRequestsPerS);
    expect(slower.recommendation.p99Ms.mean).toBeGreaterThan(plain.recommendation.p99Ms.mean);
    const text = run([...base, "--design-margin", "30"]).stdout;
    expect(text).toContain("planned on a server 30 % slower than its calibration");
  }, 60_000);

  it("--measured-by predicts latency as that tool measures it: the profile's perf_analyzer costs in place of its probe's", () => {
    // one configuration only (one instance, max_batch_size 1) at concurrency 1, so the two plans differ only in the client:
    // the built-in profile's probe charges 117 + 494 + 41 µs at batch 1, its perf_analyzer entry 2 + 145 + 0
    const base = ["plan", "--slo-p99-ms", "50", "--concurrency", "1", "--quick", "--speed-margin", "0", "--max-batch-size-limit", "1", "--max-instances", "1", "--json"];
    const probe = JSON.parse(run(base).stdout);
    const pa = JSON.parse(run([...base, "--measured-by", "perf_analyzer"]).stdout);
    expect(probe.measuredBy).toBeNull();
    expect(pa.measuredBy).toBe("perf_analyzer");
    expect(pa.recommendation.description).toBe(probe.recommendation.description);
    const lessMs = probe.recommendation.p50Ms.mean - pa.recommendation.p50Ms.mean;
    expect(lessMs).toBeGreaterThan(0.4);
    expect(lessMs).toBeLessThan(0.6);
  }, 60_000);

  it("--check-on runs the pick on each calibration as calibrated: the plan's own profile gives back its figures, a slower start a higher p99", () => {
    const base = ["plan", "--slo-p99-ms", "10", "--rate", "3000", "--quick", "--speed-margin", "0"];
    const own = "h100-bert-base-seq128-fp16";
    const other = "calibration/profiles/h100-bert-base-seq128-fp16-fresh5.json";
    const plan = JSON.parse(run([...base, "--json", "--check-on", own, other]).stdout);
    const [a, b] = plan.crossCheck.checks;
    expect(a.profile).toBe(own);
    expect(a.sloMs).toEqual(plan.recommendation.p99Ms);
    expect(a.capacityRequestsPerS).toBe(plan.recommendation.capacityRequestsPerS);
    expect(b.profile).toBe("h100-bert-base-seq128-fp16-fresh5");
    expect(b.sloMs.mean).toBeGreaterThan(a.sloMs.mean);
    // that start's calibration was slower: at --quick's three replications it misses the SLO at the load's
    // pessimistic end, so it has no capacity and counts as below the load
    expect(b.meets).toBe(false);
    expect(b.capacityRequestsPerS).toBeNull();
    expect(plan.crossCheck.meets).toBe(1);
    expect(plan.crossCheck.capacityRequestsPerS.min).toBe(0);
    expect(plan.crossCheck.capacityRequestsPerS.max).toBe(a.capacityRequestsPerS);
    // checked on other calibrations already: no pointer to them
    expect(plan.recommendation.notes.some((n: string) => n.startsWith("one calibration measures one host"))).toBe(false);
    const text = run([...base, "--check-on", own, other]).stdout;
    expect(text).toMatch(/On other calibrations \(--check-on, 2 profiles, each as calibrated\):\n  meets p99 ≤ 10 ms at 3000\/s on 1 of 2/);
    expect(text).toMatch(/capacity within the SLO: median \d+\/s \(below the load to \d+\/s\)/);
    expect(text).toContain("h100-bert-base-seq128-fp16-fresh5");
  }, 120_000);

  it("--robust recommends the best configuration that meets the SLO on enough --check-on calibrations", () => {
    const base = ["plan", "--slo-p99-ms", "10", "--rate", "3000", "--quick", "--speed-margin", "0", "--json"];
    const own = "h100-bert-base-seq128-fp16";
    const plain = JSON.parse(run(base).stdout);
    // on the plan's own profile alone the first choice holds: the same recommendation
    const same = JSON.parse(run([...base, "--robust", "100", "--check-on", own]).stdout);
    // (the plain run's caveats also point to the starts' set, which --check-on makes moot)
    const hint = (n: string) => n.startsWith("one calibration measures one host");
    expect({ ...same.recommendation, notes: [] }).toEqual({ ...plain.recommendation, notes: [] });
    expect(same.recommendation.notes).toEqual(plain.recommendation.notes.filter((n: string) => !hint(n)));
    expect(same.robust).toEqual({
      minSharePct: 100,
      needed: 1,
      of: 1,
      profiles: [own],
      tried: [expect.objectContaining({ rank: 1, checked: 1, meets: 1, accepted: true, missedOn: [] })],
    });
    // a slower start (it misses the first choice's SLO at --quick's replications, as --check-on shows) must hold too
    const slower = "calibration/profiles/h100-bert-base-seq128-fp16-fresh5.json";
    const r = run([...base.slice(0, -1), "--robust", "100", "--check-on", own, slower]);
    const j = JSON.parse(run([...base, "--robust", "100", "--check-on", own, slower]).stdout);
    const tried = j.robust.tried as { rank: number; accepted: boolean; checked: number; meets: number; missedOn: number[] }[];
    expect(tried[0]).toMatchObject({ rank: 1, accepted: false, checked: 2, meets: 1, missedOn: [1] });
    // having missed once, the slower start is checked first from then on
    for (const t of tried.slice(1)) expect(t.missedOn.length === 0 || t.missedOn[0] === 1).toBe(true);
    expect(tried.map((t) => t.rank)).toEqual(tried.map((_, i) => i + 1));
    expect(tried.slice(0, -1).every((t) => !t.accepted)).toBe(true);
    if (j.feasible) {
      // the chosen one is the last tried, and --check-on finds it meeting the SLO on both
      expect(tried[tried.length - 1]!.accepted).toBe(true);
      expect(j.recommendation.rank).toBe(tried.length);
      expect(j.crossCheck.meets).toBe(2);
      expect(r.stdout).toMatch(/: chosen\n/);
    } else {
      expect(r.status).toBe(2);
      expect(j.bestAchievable.reason).toMatch(/meets it on at least 2 of the 2 --check-on calibrations \(--robust 100\)/);
    }
    expect(r.stdout).toContain("Robust over the --check-on calibrations (--robust 100: the SLO met on at least 2 of 2):");
    expect(r.stdout).toMatch(/#1 1 GPU × \d instances?, .*: misses it on 1 of the first 2 \(fp16-fresh5\), so at most 1 of 2 could meet it: passed over/);
  }, 180_000);

  const bad: [string, string[], RegExp][] = [
    ["negative rate", ["--slo-p99-ms", "10", "--rate=-5"], /--rate must be > 0/],
    ["SLO ≤ 0", ["--slo-p99-ms", "0", "--rate", "100"], /--slo-p99-ms must be > 0/],
    ["unknown objective", ["--slo-p99-ms", "10", "--rate", "100", "--objective", "cheapest"], /objective/],
    ["unreadable profile", ["--slo-p99-ms", "10", "--rate", "100", "--profile", "/nonexistent/p.json"], /profile .*no such file/],
    ["no SLO", ["--rate", "100"], /give exactly one SLO/],
    ["no load", ["--slo-p99-ms", "10"], /give exactly one load/],
    ["negative design margin", ["--slo-p99-ms", "10", "--rate", "100", "--design-margin", "-3"], /--design-margin must be ≥ 0/],
    ["--robust without --check-on", ["--slo-p99-ms", "10", "--rate", "100", "--robust", "80"], /--robust needs --check-on/],
    ["--robust 0", ["--slo-p99-ms", "10", "--rate", "100", "--robust", "0", "--check-on", "h100-bert-base-seq128-fp16"], /--robust must be > 0, got 0/],
    ["--robust over 100", ["--slo-p99-ms", "10", "--rate", "100", "--robust", "120", "--check-on", "h100-bert-base-seq128-fp16"], /--robust must be ≤ 100, got 120/],
    ["--check-on a profile that does not exist", ["--slo-p99-ms", "10", "--rate", "100", "--check-on", "no-such-start"], /profile "no-such-start": no such file or built-in profile/],
    ["--check-on a profile without the --measured-by tool", ["--slo-p99-ms", "10", "--rate", "100", "--measured-by", "perf_analyzer", "--check-on", "v100-bert-base-seq128-fp16-trtis"], /--measured-by perf_analyzer: profile .* has no loadGenerators entry for perf_analyzer/],
    ["--measured-by a tool the profile never measured", ["--slo-p99-ms", "10", "--rate", "100", "--compute-ms", "1=1,8=2", "--measured-by", "perf_analyzer"], /--measured-by perf_analyzer: profile .* has no loadGenerators entry for perf_analyzer/],
  ];
  for (const [what, args, pattern] of bad) {
    it(`${what}: one-line error, non-zero exit`, () => {
      const r = run(["plan", ...args]);
      expect(r.status).not.toBe(0);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    });
  }
});
