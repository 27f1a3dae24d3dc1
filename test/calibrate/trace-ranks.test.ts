// trace_ranks.py: from trace_reduce.py's per-request rows, when each response of an execution left
// (GRPC_SEND_END) against the execution's COMPUTE_END, by rank, and how far apart the sends were.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { python } from "../helpers/python.js";

const SCRIPT = join(import.meta.dirname, "../../calibration/server/trace_ranks.py");
const HEADER = "model,start_us,waitread_end,queue_start,compute_start,input_end,output_start,compute_end,response_complete,send_start,send_end,request_end";

/** One row: absolute REQUEST_START and absolute times of the other stamps (µs); written relative. */
function rows(reqs: readonly { start: number; computeStart: number; outputStart: number; computeEnd: number; sendEnd: number }[]): string {
  let prev = 0;
  const lines = reqs.map((r) => {
    const rel = (t: number) => String(t - r.start);
    const line = ["m", String(r.start - prev), "", rel(r.start + 2), rel(r.computeStart), "", rel(r.outputStart), rel(r.computeEnd), "", "", rel(r.sendEnd), rel(r.computeEnd + 20)].join(",");
    prev = r.start;
    return line;
  });
  return [HEADER, ...lines].join("\n") + "\n";
}

describe.skipIf(python === undefined)("trace_ranks.py", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-ranks-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ranks each execution's responses by their send and reports them against COMPUTE_END", () => {
    // ten executions of three requests: output phase 90 µs, sends 40, 20 and 0 µs before the end; the
    // clients come back 150, 160 and 170 µs after their own sends
    const reqs = [];
    for (let e = 0; e < 10; e++) {
      const t0 = 10_000 * (e + 1);
      const end = t0 + 1000;
      for (let k = 0; k < 3; k++) reqs.push({ start: t0 - 300 + k, computeStart: t0, outputStart: end - 90, computeEnd: end, sendEnd: end - 40 + 20 * k });
    }
    // the returning requests of each execution (the next execution's members) start 150 + 10k after the k-th send
    const all = reqs.map((r) => ({ ...r }));
    for (let e = 0; e < 10; e++) {
      const end = 10_000 * (e + 1) + 1000;
      for (let k = 0; k < 3; k++) {
        const start = end - 40 + 20 * k + 150 + 10 * k;
        all.push({ start, computeStart: start + 5000, outputStart: start + 5910, computeEnd: start + 6000, sendEnd: start + 6000 });
      }
    }
    all.sort((a, b) => a.start - b.start);
    const f = join(dir, "t.csv");
    writeFileSync(f, rows(all));
    const out = execFileSync(python!, [SCRIPT, "--trace", f, "--model", "m"], { encoding: "utf8" });
    expect(out).toMatch(/n=3 \(10 executions\): send_end - compute_end by rank: -40 -20 0; spacing: 0 20 40; output phase 90; arrival lag by rank: 150 160 170/);
  });

  it("tells when the next batch was formed: requests queued after an execution ended, in the next one or not", () => {
    // execution A ends at 2000; B starts at 2100 with a request queued at 2050 (it reached the server at
    // 2048 and the queue 2 µs later); a request queued at 2090
    // waits for C (starting at 4000)
    const q = (start: number, computeStart: number, computeEnd: number) => ({ start, computeStart, outputStart: computeEnd - 50, computeEnd, sendEnd: computeEnd });
    const all = [q(100, 1000, 2000), q(2048, 2100, 3000), q(2088, 4000, 5000)];
    const f = join(dir, "f.csv");
    writeFileSync(f, rows(all));
    const out = execFileSync(python!, [SCRIPT, "--trace", f, "--model", "m", "--min-execs", "1"], { encoding: "utf8" });
    expect(out).toMatch(/in that execution 1 requests, median -50 µs, latest -50; not in it 1 requests, median -10 µs, earliest -10/);
  });

  it("a missing trace is a one-line error naming the flag", () => {
    let err = "";
    try {
      execFileSync(python!, [SCRIPT, "--trace", join(dir, "none.csv"), "--model", "m"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      err = String((e as { stderr?: string }).stderr);
    }
    expect(err).toMatch(/^trace_ranks\.py: --trace .*none\.csv: /);
  });
});
