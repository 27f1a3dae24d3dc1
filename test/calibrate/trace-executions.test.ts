// Executions from Triton's traces: the requests sharing a compute start and end are one execution, in
// Triton's trace files (ns) and in trace_reduce.py's CSV (µs, within a tolerance); executions that
// overlap (a model of several instances) are refused; and compose-profile fits the same host noise from
// a trace as from the execution log of the same executions.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executionsFromReducedTrace, executionsFromTritonTrace } from "../../src/calibrate/trace-executions.js";
import { execLogBytes } from "./exec-log-bytes.js";

/** Triton trace objects for one request: its model, and its timestamps (ns). */
function request(id: number, model: string, startNs: number, endNs: number): object[] {
  return [
    { id, model_name: model, model_version: 1 },
    {
      id,
      timestamps: [
        { name: "REQUEST_START", ns: startNs - 50_000 },
        { name: "QUEUE_START", ns: startNs - 20_000 },
        { name: "COMPUTE_START", ns: startNs },
        { name: "COMPUTE_END", ns: endNs },
        { name: "REQUEST_END", ns: endNs + 30_000 },
      ],
    },
  ];
}

/** trace_reduce.py's CSV for requests given as [model, request start µs, compute start µs, compute end µs]. */
function reduced(rows: readonly (readonly [string, number, number, number])[]): string {
  let prev = 0;
  const lines = ["model,start_us,waitread_end,queue_start,compute_start,input_end,output_start,compute_end,response_complete,send_start,send_end,request_end"];
  for (const [m, s, cs, ce] of rows) {
    lines.push(`${m},${s - prev},-20,10,${cs - s},${cs - s + 20},${ce - s - 20},${ce - s},${ce - s + 5},${ce - s + 6},${ce - s + 40},${ce - s + 35}`);
    prev = s;
  }
  return lines.join("\n") + "\n";
}

describe("executions from a Triton trace file", () => {
  it("groups the requests of one execution, in start order, and leaves other models out", () => {
    const json = [
      ...request(3, "m", 5_000_000, 6_000_000),
      ...request(1, "m", 1_000_000, 2_500_000),
      ...request(2, "m", 1_000_000, 2_500_000),
      ...request(4, "other", 1_200_000, 1_900_000),
      ...request(5, "m", 7_000_000, 7_700_000),
      { id: 6, model_name: "m" }, // never got its timestamps (another trace file): not counted
    ];
    const log = executionsFromTritonTrace(json, "m", "t.json");
    expect([...log.startUs]).toEqual([1000, 5000, 7000]);
    expect([...log.durationUs]).toEqual([1500, 1000, 700]);
    expect([...log.samples]).toEqual([2, 1, 1]);
  });

  it("refuses overlapping executions (several instances), and a file that is not an array", () => {
    const json = [...request(1, "m", 1_000_000, 2_000_000), ...request(2, "m", 1_500_000, 2_500_000)];
    expect(() => executionsFromTritonTrace(json, "m", "t.json")).toThrow(/t\.json: executions of m overlap .*more than one instance/);
    expect(() => executionsFromTritonTrace({}, "m", "t.json")).toThrow(/t\.json: a Triton trace file is a JSON array/);
    expect(() => executionsFromTritonTrace([], "m", "t.json")).toThrow(/no traced request of model m/);
  });
});

describe("executions from trace_reduce.py's CSV", () => {
  it("rebuilds absolute times from the deltas and joins requests within a microsecond of rounding", () => {
    const csv = reduced([
      ["m", 900, 1000, 2500],
      ["x", 950, 1100, 1800],
      ["m", 960, 1001, 2499], // the same execution, its times rounded from another request start
      ["m", 4800, 5000, 6000],
    ]);
    const log = executionsFromReducedTrace(csv, "m", "r.csv");
    expect([...log.samples]).toEqual([2, 1]);
    expect([...log.startUs]).toEqual([1000, 5000]);
    expect([...log.durationUs]).toEqual([1500, 1000]);
    // with no tolerance the rounded pair is two executions, and they overlap
    expect(() => executionsFromReducedTrace(csv, "m", "r.csv", 0)).toThrow(/overlap/);
    expect(() => executionsFromReducedTrace("model,start\nm,1\n", "m", "r.csv")).toThrow(/r\.csv: no start_us column/);
  });
});

describe("compose-profile --trace", () => {
  const ROOT = join(__dirname, "../..");
  const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/servesim.js"), ...args], { encoding: "utf8", cwd: ROOT });
  const base = "calibration/profiles/passes-onestart/h100-bert-base-seq128-fp16.onestart.json";

  it("fits the same host noise from a trace as from the execution log of the same executions", () => {
    const d = mkdtempSync(join(tmpdir(), "servesim-trace-"));
    // 20 000 executions of 700 µs with 300 µs waits; every 1000th starts 30 executions 2.5x slower
    // with 8x the wait, and every 97th wait is 5 ms longer (a front-end stall)
    const n = 20_000;
    const log = { startUs: new Float64Array(n), durationUs: new Float64Array(n), samples: new Int32Array(n).fill(1) };
    const rows: [string, number, number, number][] = [];
    let t = 1_000_000;
    for (let i = 0; i < n; i++) {
      const slow = i % 1000 < 30;
      const dur = Math.round(700 * (1 + 0.03 * Math.sin(i)) * (slow ? 2.5 : 1));
      log.startUs[i] = t;
      log.durationUs[i] = dur;
      rows.push(["m", t - 60, t, t + dur]);
      t += dur + (slow ? 2400 : 300) + (i % 97 === 0 ? 5000 : 0);
    }
    writeFileSync(join(d, "e.bin"), execLogBytes(log));
    writeFileSync(join(d, "r.csv"), reduced(rows));
    const fromLog = run(["compose-profile", "--profile", base, "--exec-log", join(d, "e.bin"), "-o", join(d, "a.json")]);
    const fromTrace = run(["compose-profile", "--profile", base, "--trace", join(d, "r.csv"), "--trace-model", "m", "-o", join(d, "b.json")]);
    expect(fromLog.status, fromLog.stderr).toBe(0);
    expect(fromTrace.status, fromTrace.stderr).toBe(0);
    const strip = (f: string) => {
      const p = JSON.parse(readFileSync(join(d, f), "utf8"));
      return [p.hostEpisodes, p.slowStretches, p.frontEndStalls].map((x) => ({ ...x, measuredFrom: undefined }));
    };
    expect(strip("a.json")[0].ratePerS).toBeGreaterThan(0.5);
    expect(strip("b.json")).toEqual(strip("a.json"));
    // --trace without --trace-model: one line, non-zero exit, nothing written
    const bad = run(["compose-profile", "--profile", base, "--trace", join(d, "r.csv"), "-o", join(d, "c.json")]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--trace needs --trace-model/);
    expect(existsSync(join(d, "c.json"))).toBe(false);
  });
});

describe("trace files read together", () => {
  it("counts an execution whose requests fall in two trace files once, with all its requests", async () => {
    const { readExecutionLogs } = await import("../../src/cli/exec-logs.js");
    const d = mkdtempSync(join(tmpdir(), "servesim-trace-files-"));
    writeFileSync(join(d, "t.json.1"), JSON.stringify([...request(1, "m", 1_000_000, 2_000_000), ...request(2, "m", 1_000_000, 2_000_000)]));
    writeFileSync(join(d, "t.json.2"), JSON.stringify([...request(3, "m", 1_000_000, 2_000_000), ...request(4, "m", 3_000_000, 3_500_000)]));
    const logs = readExecutionLogs([], [join(d, "t.json.1"), join(d, "t.json.2")], "m");
    expect(logs).toHaveLength(1);
    expect([...logs[0]!.samples]).toEqual([3, 1]);
    expect(() => readExecutionLogs([], [join(d, "t.json.1")], undefined)).toThrow(/--trace needs --trace-model/);
  });
});
