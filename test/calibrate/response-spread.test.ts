// response_spread.py (phase RS): perf_analyzer's response times in order fall into bursts (a new one after a gap over
// --split-us); their count, mean size, the median span of the large ones and the gaps within them.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { python } from "../helpers/python.js";

const SCRIPT = join(import.meta.dirname, "../../calibration/server/response_spread.py");

describe.skipIf(python === undefined)("response_spread.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-rs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("splits the responses at gaps over 300 µs and measures the bursts", () => {
    // 10 bursts of 8 responses 20 µs apart, 2 ms between bursts: span 140 µs, 20 µs a response
    const rows = ["send_ns,recv_ns"];
    for (let b = 0; b < 10; b++) for (let j = 0; j < 8; j++) rows.push(`0,${1e9 + b * 2e6 + j * 20_000}`);
    const csv = join(dir, "t.csv");
    writeFileSync(csv, rows.join("\n") + "\n");
    const out = execFileSync(python!, [SCRIPT, "--times", csv], { encoding: "utf8" });
    expect(out).toMatch(/^80 responses in 10 bursts \(mean 8\.00\)$/m);
    expect(out).toMatch(/bursts of 8 or more: 10, median span 140 µs, 20\.0 µs per response after the first/);
    expect(out).toMatch(/gaps within bursts: p50 20\.0 µs, p90 20\.0 µs/);
    // perf_analyzer's own export reads the same
    const json = join(dir, "t.json");
    const requests = rows.slice(1).map((r) => ({ timestamp: 0, response_timestamps: [Number(r.split(",")[1])] }));
    writeFileSync(json, JSON.stringify({ experiments: [{ experiment: { mode: "concurrency", value: 8 }, requests }] }));
    expect(execFileSync(python!, [SCRIPT, "--times", json], { encoding: "utf8" })).toBe(out);
  });

  it("a file without the header is a one-line error", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "a,b\n1,2\n");
    const r = spawnSync(python!, [SCRIPT, "--times", bad], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--times .*bad\.csv: expected a send_ns,recv_ns header/);
  });
});
