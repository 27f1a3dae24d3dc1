// End-to-end: the built CLI (bin/servesim.js → dist/) as a user runs it. Needs `npm run build` first
// (npm test does it).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePerfAnalyzerCsv } from "../../src/metrics/csv.js";

const BIN = join(__dirname, "../../bin/servesim.js");
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "servesim-"));

describe("servesim simulate (CLI)", () => {
  it("reproduces the seed study: ~119 inf/s at batch 1 × c64 and ~517 at batch 8 × c8, CSV in perf_analyzer's format", () => {
    const dir = tmp();
    const a = join(dir, "a.csv");
    const r1 = run(["simulate", "--compute-ms", "1=8.38,8=15.46", "--max-batch-size", "1", "-b", "1", "--concurrency-range", "64", "-f", a]);
    expect(r1.status).toBe(0);
    const csv = parsePerfAnalyzerCsv(readFileSync(a, "utf8"));
    expect(csv.header).toEqual([
      "Concurrency",
      "Inferences/Second",
      "Client Send",
      "Network+Server Send/Recv",
      "Server Queue",
      "Server Compute Input",
      "Server Compute Infer",
      "Server Compute Output",
      "Client Recv",
      "p50 latency",
      "p90 latency",
      "p95 latency",
      "p99 latency",
    ]);
    expect(Math.abs(csv.rows[0]!["Inferences/Second"]! / 119 - 1)).toBeLessThan(0.02);
    expect(csv.rows[0]!["Server Compute Infer"]).toBe(8380);
    const b = join(dir, "b.csv");
    const r2 = run(["simulate", "--compute-ms", "1=8.38,8=15.46", "--max-batch-size", "8", "-b", "8", "--concurrency-range", "8", "-f", b]);
    expect(r2.status).toBe(0);
    expect(Math.abs(parsePerfAnalyzerCsv(readFileSync(b, "utf8")).rows[0]!["Inferences/Second"]! / 517 - 1)).toBeLessThan(0.02);
  });

  it("same seed ⇒ byte-identical CSV and JSON; rows sorted by throughput", () => {
    const dir = tmp();
    const args = (f: string) => [
      "simulate",
      "--max-batch-size",
      "16",
      "--preferred-batch-size",
      "4,8",
      "--max-queue-delay-us",
      "500",
      "--instances",
      "2",
      "--request-rate-range",
      "100:500:200",
      "--request-distribution",
      "poisson",
      "--requests",
      "5000",
      "--seed",
      "7",
      "-f",
      f,
    ];
    expect(run(args(join(dir, "1.csv"))).status).toBe(0);
    expect(run(args(join(dir, "2.csv"))).status).toBe(0);
    const one = readFileSync(join(dir, "1.csv"));
    expect(one.equals(readFileSync(join(dir, "2.csv")))).toBe(true);
    const rows = parsePerfAnalyzerCsv(one.toString()).rows;
    expect(rows.map((r) => r["Request Rate"])).toEqual([100, 300, 500]);
    const j1 = run([...args(join(dir, "3.csv")), "--json"]).stdout;
    const j2 = run([...args(join(dir, "4.csv")), "--json"]).stdout;
    expect(j1).toBe(j2);
    expect(JSON.parse(j1).runs[0].levels).toHaveLength(3);
  });

  it("reads a Triton config.pbtxt and a scenario file", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "config.pbtxt"),
      'name: "bert"\nmax_batch_size: 8\ndynamic_batching {\n  preferred_batch_size: [ 4, 8 ]\n  max_queue_delay_microseconds: 5000\n}\ninstance_group [ { count: 1, kind: KIND_GPU } ]\n',
    );
    writeFileSync(
      join(dir, "s.yaml"),
      "name: s\ncomputeMs: '1=8.38,8=15.46'\nserver:\n  modelConfig: config.pbtxt\nload:\n  concurrency: [4, 8]\nmeasurement:\n  requests: 2000\n",
    );
    const r = run(["simulate", "--scenario", join(dir, "s.yaml"), "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs[0].config.dynamicBatching.preferredBatchSizes).toEqual([4, 8]);
    expect(out.runs[0].pbtxt).toContain("max_queue_delay_microseconds: 5000");
    expect(out.runs[0].levels.map((l: { load: number }) => l.load)).toEqual([4, 8]);
  });

  const bad: [string, string[], RegExp][] = [
    ["malformed profile JSON", ["--profile", "@bad.json"], /not valid JSON/],
    ["profile failing the schema", ["--profile", "@schema.json"], /compute\[0\]\.batchSize/],
    ["malformed scenario", ["--scenario", "@bad.yaml"], /bad\.yaml:\d+:\d+: server\.maxBatchSize/],
    ["malformed pbtxt", ["--model-config", "@bad.pbtxt"], /bad\.pbtxt:2:\d+: unknown field "prefered_batch_size"/],
    ["negative rate", ["--request-rate-range=-5"], /--request-rate-range: start must be > 0/],
    ["zero concurrency", ["--concurrency-range", "0"], /--concurrency-range: start must be > 0/],
    ["preferred size above max", ["--max-batch-size", "4", "--preferred-batch-size", "8"], /preferred_batch_size\[0\]: must be ≤ max_batch_size \(4\)/],
    ["unknown profile", ["--profile", "no-such-profile"], /no such file or built-in profile/],
    ["client batch above max_batch_size", ["--compute-ms", "8=8", "--max-batch-size", "8", "-b", "16"], /batch size 16 exceeds max_batch_size 8: Triton rejects every such request/],
    ["sending threads on a closed loop", ["--concurrency-range", "4", "--max-threads", "4"], /load\.maxThreads \(--max-threads\): perf_analyzer's sending threads limit its open loop only/],
    ["no sending threads", ["--request-rate-range", "100", "--max-threads", "0"], /--max-threads must be ≥ 1, got 0/],
    ["request intervals that are all 0", ["--request-intervals", "@zeros.txt"], /zeros\.txt: the intervals must not all be 0/],
    ["a negative request interval", ["--request-intervals", "@negative.txt"], /negative\.txt:2: interval "-5" must be a number of µs ≥ 0/],
    ["client batch on a model that does not batch", ["--compute-ms", "1=8", "--max-batch-size", "0", "-b", "4"], /batch size 4: the model does not batch \(max_batch_size 0\)/],
  ];
  for (const [what, args, pattern] of bad) {
    it(`${what}: one line on stderr, non-zero exit, no stack trace, no output file`, () => {
      const dir = tmp();
      writeFileSync(join(dir, "bad.json"), "{bad");
      writeFileSync(
        join(dir, "schema.json"),
        JSON.stringify({ schema: "servesim.profile/v1", name: "x", metadata: { source: "measured" }, compute: [{ batchSize: 0, concurrency: 1, computeInferUs: { mean: 1, sd: 0 } }] }),
      );
      writeFileSync(join(dir, "bad.yaml"), "load:\n  concurrency: 4\nserver:\n  maxBatchSize: -1\n");
      writeFileSync(join(dir, "bad.pbtxt"), "max_batch_size: 8\ndynamic_batching { prefered_batch_size: [4] }\n");
      writeFileSync(join(dir, "zeros.txt"), "0\n0\n0\n");
      writeFileSync(join(dir, "negative.txt"), "100\n-5\n");
      const out = join(dir, "out.csv");
      const r = run(["simulate", ...args.map((a) => (a.startsWith("@") ? join(dir, a.slice(1)) : a)), "-f", out]);
      expect(r.status).not.toBe(0);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^servesim: error: /);
      expect(lines[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("--help lists perf_analyzer's flag names", () => {
    const help = execFileSync(process.execPath, [BIN, "simulate", "--help"], { encoding: "utf8" });
    for (const flag of ["--concurrency-range", "--request-rate-range", "--request-distribution", "--batch-size", "--percentile", "--latency-report-file"]) {
      expect(help).toContain(flag);
    }
  });

  it("--measured-by simulates the load generator as the profile measured it, as validate does; a profile without its entry is refused", () => {
    const dir = tmp();
    const profile = {
      schema: "servesim.profile/v1",
      name: "tooled",
      metadata: { source: "synthetic" },
      compute: [{ batchSize: 1, concurrency: 1, computeInputUs: { mean: 0, sd: 0 }, computeInferUs: { mean: 1000, sd: 0 }, computeOutputUs: { mean: 0, sd: 0 } }],
      requestOverheads: [{ batchSize: 1, clientSendUs: { mean: 10, sd: 0 }, clientRecvUs: { mean: 10, sd: 0 }, networkUs: { mean: 100, sd: 0 }, schedulingUs: { mean: 0, sd: 0 } }],
      loadGenerators: [{ tool: "perf_analyzer", responseGapUs: 0, sendUs: 1, recvUs: 0, networkUs: 50, loadedNetworkUs: 200 }],
    };
    const f = join(dir, "p.json");
    writeFileSync(f, JSON.stringify(profile));
    const p50 = (extra: string[]) => {
      const r = run(["simulate", "--profile", f, "--max-batch-size", "0", "--gpus", "2", "--concurrency-range", "2", "--json", ...extra]);
      expect(r.status).toBe(0);
      return (JSON.parse(r.stdout) as { runs: { levels: { latencyUs: { p50: number } }[] }[] }).runs[0]!.levels[0]!.latencyUs.p50;
    };
    // the probe: 10 + 100 + 10 µs around 1 ms; perf_analyzer: 1 + 50 µs, and a wait of 200 µs on average with another in flight
    expect(p50([])).toBeCloseTo(1120, 6);
    // (drawn exponential with mean 200 µs: its median is 200 ln 2)
    expect(Math.abs(p50(["--measured-by", "perf_analyzer"]) - (1051 + 200 * Math.LN2))).toBeLessThan(12);
    const bad = run(["simulate", "--compute-ms", "1=1", "--measured-by", "perf_analyzer"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--measured-by perf_analyzer: profile .* has no loadGenerators entry for perf_analyzer/);
  });
});
