// perf_analyzer's own instance turnaround, read from its tool run: the log's part of each loaded level, its cycle
// per execution less Triton's compute per execution (the CSV's per-request means taken back to a mean over executions),
// and the least-squares factor on the profile's line; levels that cannot be told apart are left out.
import { describe, expect, it } from "vitest";
import { lastRun, parseExecLog, execLogBytes } from "../../src/calibrate/slow-stretches.js";
import { measureToolTurnaround } from "../../src/calibrate/tool-turnaround.js";

describe("perf_analyzer's instance turnaround, read from its tool run", () => {
  it("is measured as the cycle per execution less Triton's compute per execution, level by level", () => {
    // the tool run after a composition run and a 5 s pause: concurrency 1 (one request, 800 µs every 1000 µs),
    // then two loaded levels; at the first, executions of 3 and 5 requests alternate (900 and 1100 µs in the stub's
    // log, a cycle of 1600 µs); at the second, 10 requests every 2600 µs
    const records: [number, number, number, number][] = [];
    let t = 0;
    const add = (n: number, durUs: number, cycleUs: number, count: number) => {
      for (let i = 0; i < count; i++, t += cycleUs * 1000) records.push([t, t + durUs * 1000, n, n]);
    };
    add(20, 2000, 2500, 100); // the composition run
    t += 5e9;
    add(1, 800, 1000, 400);
    for (let i = 0; i < 200; i++) {
      add(3, 900, 1600, 1);
      add(5, 1100, 1600, 1);
    }
    add(10, 1500, 2600, 400);
    const log = lastRun(parseExecLog(execLogBytes(records), "log"), 3e6);
    expect(log.samples.length).toBe(1200);
    // the CSV's compute columns are means over requests: 1400 µs at the first loaded level, 2300 at the second
    const rows = [
      { Concurrency: 1, "Inferences/Second": 1000, "Server Compute Input": 10, "Server Compute Infer": 700, "Server Compute Output": 10 },
      { Concurrency: 9, "Inferences/Second": 2500, "Server Compute Input": 100, "Server Compute Infer": 1200, "Server Compute Output": 100 },
      { Concurrency: 17, "Inferences/Second": 1e6 * (10 / 2600), "Server Compute Input": 200, "Server Compute Infer": 1900, "Server Compute Output": 200 },
    ];
    const fit = measureToolTurnaround(log, rows, { baseUs: 50, perRequestUs: 25 }, "run")!;
    const [a, b] = fit.levels;
    expect(fit.levels.map((l) => l.concurrency)).toEqual([9, 17]);
    expect(a!.requestsPerExecution).toBeCloseTo(4, 6);
    expect(a!.cycleUs).toBeCloseTo(1600, 6);
    // a mean over executions: 1400 × the stub's mean over executions (1000) / its mean over requests (1025)
    expect(a!.computeUs).toBeCloseTo((1400 * 1000) / 1025, 6);
    expect(a!.turnaroundUs).toBeCloseTo(1600 - (1400 * 1000) / 1025, 6);
    expect(a!.profileUs).toBeCloseTo(150, 6);
    expect(b!.turnaroundUs).toBeCloseTo(300, 6);
    expect(b!.profileUs).toBeCloseTo(300, 6);
    // least squares through the origin on the profile's line
    const k = (a!.turnaroundUs * 150 + 300 * 300) / (150 * 150 + 300 * 300);
    expect(fit.turnaroundFactor).toBeCloseTo(Math.round(k * 100) / 100, 12);
  });

  it("needs a loaded level in the CSV, and finds none in a log too short for one", () => {
    const log = parseExecLog(execLogBytes([[0, 800_000, 1, 1], [1_000_000, 1_800_000, 1, 1]]), "log");
    expect(() => measureToolTurnaround(log, [{ Concurrency: 1, "Inferences/Second": 1000 }], { baseUs: 50, perRequestUs: 25 }, "run")).toThrow(/above concurrency 1/);
    const rows = [
      { Concurrency: 1, "Inferences/Second": 1000, "Server Compute Input": 1, "Server Compute Infer": 1, "Server Compute Output": 1 },
      { Concurrency: 9, "Inferences/Second": 2500, "Server Compute Input": 1, "Server Compute Infer": 1, "Server Compute Output": 1 },
    ];
    expect(measureToolTurnaround(log, rows, { baseUs: 50, perRequestUs: 25 }, "run")).toBeNull();
    // two loaded levels within 15 % of each other's throughput cannot be told apart in the log: neither is used
    const close = [rows[0]!, rows[1]!, { ...rows[1]!, Concurrency: 17, "Inferences/Second": 2700 }];
    expect(measureToolTurnaround(log, close, { baseUs: 50, perRequestUs: 25 }, "run")).toBeNull();
  });
});
