// exec_arrivals.py: with a delay-0 batcher, the execution that follows straight on holds the requests that
// arrived during the one before, so durations at equal request count set against the next execution's
// requests give the cost of an arrival. A log built with a known cost per arrival must report that slope;
// one built without must report none; executions followed only after a long gap, or with samples other than
// their requests, are left out; a live level is read only for a model with one instance log (one instance on
// each of two GPUs writes two).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execLogOf, type ExecRecord } from "../helpers/exec-log.js";
import { python } from "../helpers/python.js";

interface Row {
  readonly requests: number;
  readonly byArrivals: readonly (readonly [number, number, number])[];
  readonly usPerArrival: number;
}

/** Executions of `n` requests each followed 100 µs later by one of 1–4 requests (cycling); each lasts
 *  `baseUs` + `perArrivalUs` × the next one's requests. */
function log(perArrivalUs: number, baseUs = 600, n = 2, count = 400): Buffer {
  const recs: ExecRecord[] = [];
  let t = 1e9;
  const sizes = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? n : 1 + ((i >> 1) % 4)));
  sizes.forEach((req, i) => {
    const next = sizes[i + 1] ?? 1;
    const dur = (baseUs + perArrivalUs * next) * 1000;
    recs.push([t, t + dur, req, req]);
    t += dur + 100_000;
  });
  return execLogOf(recs);
}

describe.skipIf(python === undefined)("exec_arrivals.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-arrivals-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (name: string, buf: Buffer, extra: string[] = []): Row[] => {
    writeFileSync(join(dir, `${name}.bin`), buf);
    execFileSync(python!, ["-B", "calibration/server/exec_arrivals.py", "--log", join(dir, `${name}.bin`), "--json", join(dir, `${name}.json`), ...extra], { encoding: "utf8" });
    return (JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as { rows: Row[] }[])[0]!.rows;
  };

  it("finds the cost per arrival an execution was built with, at equal request count", () => {
    const row = run("cost", log(12)).find((r) => r.requests === 2)!;
    expect(row.byArrivals.map(([k]) => k)).toEqual([1, 2, 3, 4]);
    expect(row.byArrivals.map(([, , m]) => m)).toEqual([612, 624, 636, 648]);
    expect(row.usPerArrival).toBeCloseTo(12, 6);
  });

  it("reports no cost where there is none", () => {
    for (const r of run("flat", log(0))) expect(r.usPerArrival).toBeCloseTo(0, 6);
  });

  it("leaves out executions the next one followed only after the gap limit, and those of several samples a request", () => {
    expect(run("gapped", log(12), ["--gap-us", "50"])).toEqual([]);
    const doubled = Buffer.from(log(12));
    for (let o = 0; o < doubled.length; o += 24) doubled.writeInt32LE(2 * doubled.readInt32LE(o + 20), o + 16);
    expect(run("doubled", doubled)).toEqual([]);
  });

  it("reads a live level's executions only for a model with one instance log: one instance on each of two GPUs is two", () => {
    const logs = join(dir, "logs");
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, "m.m_0_0.bin"), log(12));
    const manifest = join(dir, "manifest.csv");
    writeFileSync(manifest, `run,model,mode,level,batch,start_ns,end_ns,rc\nr,m,rate,1000,1,0,${1e12},0\n`);
    const args = ["-B", "calibration/server/exec_arrivals.py", "--manifest", manifest, "--logs", logs, "--model", "m", "--json", join(dir, "levels.json")];
    execFileSync(python!, args, { encoding: "utf8" });
    const levels = JSON.parse(readFileSync(join(dir, "levels.json"), "utf8")) as { rows: Row[] }[];
    expect(levels[0]!.rows.find((r) => r.requests === 2)!.usPerArrival).toBeCloseTo(12, 6);
    writeFileSync(join(logs, "m.m_0_0.gpu1.bin"), log(12));
    expect(() => execFileSync(python!, args, { stdio: "pipe" })).toThrow(/2 instance logs of m; need exactly one/);
  });
});
