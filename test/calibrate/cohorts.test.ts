// cohorts.py (session 55): perf_analyzer's send and receive times are set against the instance's execution log, on
// another clock, by counting each execution's responses; of the clients one execution answered, the share whose
// next request the next execution carries, by the execution's requests.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogBytes } from "../../src/calibrate/slow-stretches.js";
import { python } from "../helpers/python.js";

const SCRIPT = join(import.meta.dirname, "../../calibration/server/cohorts.py");

describe.skipIf(python === undefined)("cohorts.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-cohorts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("aligns the two clocks by the responses' counts and reads who made the next execution", () => {
    // executions of 3 to 7 requests (in a fixed pseudo-random order, so that no shift of the clocks lines the
    // counts up again), each running 1 ms and starting 1.5 ms + 100 µs a
    // request after the one before; its responses come back 100 µs after its end, 20 µs apart. After an execution of
    // 5 or more requests, one of its clients sends again 30 µs after the first response and makes the next execution;
    // every other request was sent as the execution before it started
    const records: [number, number, number, number][] = [];
    const times = ["send_ns,recv_ns"];
    const offsetNs = 1_700_000_000_000_000_000 + 12_345;
    const back = new Map<number, [number, number]>(); // requests → [clients back, clients]
    let startUs = 0;
    let prev: { startUs: number; firstRecvUs: number; n: number } | null = null;
    let x = 1;
    for (let k = 0; k < 200; k++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const n = 3 + (Math.floor(x / 65536) % 5);
      records.push([startUs * 1000, (startUs + 1000) * 1000, n, n]);
      const merged = prev !== null && prev.n >= 5 ? 1 : 0;
      for (let j = 0; j < n; j++) {
        const sendUs = j < merged ? prev!.firstRecvUs + 30 : (prev?.startUs ?? startUs) - 100;
        times.push(`${offsetNs + sendUs * 1000},${offsetNs + (startUs + 1100 + 20 * j) * 1000}`);
      }
      if (prev !== null && k < 199) {
        const v = back.get(prev.n) ?? [0, 0];
        back.set(prev.n, [v[0] + merged, v[1] + prev.n]);
      }
      prev = { startUs, firstRecvUs: startUs + 1100, n };
      startUs += 1500 + 100 * n;
    }
    const log = join(dir, "x.bin");
    writeFileSync(log, execLogBytes(records));
    const csv = join(dir, "t.csv");
    writeFileSync(csv, times.join("\n") + "\n");
    const out = execFileSync(python!, ["-B", SCRIPT, "--times", csv, "--exec-log", log], { encoding: "utf8" });
    // the executions inside the responses' span all matched (the first and last may fall outside it)
    const matched = out.match(/^(\d+) of (\d+) executions matched to their responses$/m);
    expect(matched?.[1]).toBe(matched?.[2]);
    expect(Number(matched?.[1])).toBeGreaterThanOrEqual(197);
    // after an execution of n ≥ 5 requests one of its n clients makes the next one; after fewer, none
    expect(out).toMatch(/by the execution's requests: 3: 0\.00 \(\d+\) 4: 0\.00 \(\d+\) 5: 0\.20 \(\d+\) 6: 0\.17 \(\d+\) 7: 0\.14 \(\d+\)$/m);
    const all = out.match(/clients back for the next execution: ([\d.]+) of (\d+)/);
    expect(Number(all?.[1])).toBeCloseTo([...back.values()].reduce((a, v) => a + v[0], 0) / [...back.values()].reduce((a, v) => a + v[1], 0), 2);
  });

  it("a times file without its header is a one-line error", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "a,b\n1,2\n");
    const log = join(dir, "y.bin");
    writeFileSync(log, execLogBytes([[0, 1000, 1, 1], [2000, 3000, 1, 1], [4000, 5000, 1, 1]]));
    const r = spawnSync(python!, ["-B", SCRIPT, "--times", bad, "--exec-log", log], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--times .*bad\.csv: expected a send_ns,recv_ns header/);
  });
});
