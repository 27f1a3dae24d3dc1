// cpu_keepalive.py place (phase GSP): "apart" puts each Python-backend stub process alone on one of the last
// cores and tritonserver on the others, every thread of each; "all" gives both every core back. "active"
// (phase VS): the named models' stubs each alone on one of the last cores, every other stub parked on the core
// below them, tritonserver below that. Checked on stand-in processes named as Triton's are (a tritonserver, a
// triton_python_backend_stub), and the plan itself on any number of cores.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { python } from "../helpers/python.js";

const linux = process.platform === "linux";

/** The cores a process may run on, from /proc (Cpus_allowed_list, e.g. "0-1"). */
function allowed(pid: number): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]!;
}

describe.skipIf(python === undefined || !linux || cpus().length < 2)("cpu_keepalive.py place", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-place-"));
  const kids: ChildProcess[] = [];
  afterAll(() => {
    for (const k of kids) k.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  const standIn = (name: string): number => {
    if (!existsSync(join(dir, name))) {
      copyFileSync("/bin/sleep", join(dir, name));
      execFileSync("chmod", ["+x", join(dir, name)]);
    }
    const k = spawn(join(dir, name), ["60"], { stdio: "ignore" });
    kids.push(k);
    return k.pid!;
  };
  const place = (mode: string) =>
    execFileSync(python!, ["-B", "calibration/server/cpu_keepalive.py", "place", "--mode", mode], { encoding: "utf8" }).trim();
  const last = cpus().length - 1;
  const every = `0-${last}`;

  it("apart: the stub alone on the last core, tritonserver on the rest; all: both on every core", () => {
    const triton = standIn("tritonserver");
    const stub = standIn("triton_python_backend_stub");
    const rest = place("apart");
    expect(rest).toBe(Array.from({ length: last }, (_, i) => i).join(","));
    expect(allowed(stub)).toBe(String(last));
    expect(allowed(triton)).toBe(last === 1 ? "0" : `0-${last - 1}`);
    expect(place("all")).toBe(Array.from({ length: last + 1 }, (_, i) => i).join(","));
    expect(allowed(stub)).toBe(every);
    expect(allowed(triton)).toBe(every);
  });

  it("apart with --share: every stub on the last cores together, and --pid puts that process on the rest", () => {
    standIn("tritonserver");
    const stubs = [standIn("triton_python_backend_stub"), standIn("triton_python_backend_stub")];
    const other = spawn("/bin/sleep", ["60"], { stdio: "ignore" });
    kids.push(other);
    const out = execFileSync(
      python!,
      ["-B", "calibration/server/cpu_keepalive.py", "place", "--mode", "apart", "--share", "1", "--pid", String(other.pid)],
      { encoding: "utf8" },
    ).trim();
    expect(out).toBe(Array.from({ length: last }, (_, i) => i).join(","));
    for (const s of stubs) expect(allowed(s)).toBe(String(last));
    expect(allowed(other.pid!)).toBe(last === 1 ? "0" : `0-${last - 1}`);
    place("all");
  });
});

/** cpu_keepalive.py's pure parts, called through Python: JSON in the answer, or the SystemExit message. */
function py(expr: string): unknown {
  const out = execFileSync(
    python!,
    ["-B", "-c", `import json, sys; sys.path.insert(0, "calibration/server"); import cpu_keepalive as c; print(json.dumps(${expr}))`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  return JSON.parse(out);
}
function pyError(expr: string): string {
  try {
    py(expr);
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
  return "";
}

describe.skipIf(python === undefined)("cpu_keepalive.py place --mode active, planned", () => {
  it("reads the model a stub serves from Triton's launch line, and nothing from a line without one", () => {
    const line = ["stub", "/tmp/r/models/base_d0_i1/1/model.py", "/base_d0_i1_0_0_1", "1048576", "1048576", "77", "/lib", "12", "base_d0_i1_0_0", ""];
    expect(py(`c.stub_model(${JSON.stringify(line)})`)).toBe("base_d0_i1");
    expect(py(`c.stub_model(["stub", "60"])`)).toBe("");
  });

  it("each active stub alone on its own reserved core, every other stub on the parking core, the front end below", () => {
    const byModel = { a: [50], b: [71, 70], c: [30, 31, 32], d: [40] };
    for (const [ncores, reserve, active] of [
      [16, 7, ["b", "a"]],
      [16, 7, ["c", "b", "a", "d"]],
      [4, 2, ["b"]],
      [3, 1, ["d"]],
    ] as const) {
      const [where, rest] = py(`c.plan_active(${JSON.stringify(active)}, ${JSON.stringify(byModel)}, ${ncores}, ${reserve})`) as [
        Record<string, number[]>,
        number[],
      ];
      const park = ncores - 1 - reserve;
      expect(rest).toEqual(Array.from({ length: park }, (_, i) => i));
      const chosen = active.flatMap((m) => [...byModel[m]].sort((x, y) => x - y));
      // every stub placed on exactly one core
      expect(Object.keys(where).map(Number).sort()).toEqual(Object.values(byModel).flat().sort());
      for (const cores of Object.values(where)) expect(cores).toHaveLength(1);
      // the active ones on distinct cores above the parking core, in the order named
      expect(chosen.map((p) => where[p]![0])).toEqual(chosen.map((_, k) => ncores - 1 - k));
      // the others parked together, on no core of the front end's or of an active stub's
      for (const [pid, cores] of Object.entries(where)) if (!chosen.includes(Number(pid))) expect(cores).toEqual([park]);
    }
  });

  it("refuses more active stubs than reserved cores, a model with no stub, and a reserve that leaves no front end", () => {
    const byModel = JSON.stringify({ a: [1, 2, 3], b: [4] });
    expect(pyError(`c.plan_active(["a", "b"], ${byModel}, 16, 3)`)).toMatch(/active models have 4 stubs, more than the 3 reserved cores/);
    expect(pyError(`c.plan_active(["z"], ${byModel}, 16, 7)`)).toMatch(/no stub process serves z/);
    expect(pyError(`c.plan_active(["b"], ${byModel}, 4, 3)`)).toMatch(/--reserve 3 must leave a parking core and one for tritonserver on 4 cores/);
  });
});

describe.skipIf(python === undefined || !linux || cpus().length < 3)("cpu_keepalive.py place --mode active, applied", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-active-"));
  const kids: ChildProcess[] = [];
  afterAll(() => {
    for (const k of kids) k.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  it("puts the running stubs where the plan says, by the model their launch line names", () => {
    copyFileSync("/bin/sleep", join(dir, "tritonserver"));
    copyFileSync("/bin/sh", join(dir, "triton_python_backend_stub"));
    execFileSync("chmod", ["+x", join(dir, "tritonserver"), join(dir, "triton_python_backend_stub")]);
    const triton = spawn(join(dir, "tritonserver"), ["60"], { stdio: "ignore" });
    // "sleep 60; :" keeps the shell itself running (no exec of the last command), its argv as Triton's stub's
    const stub = (model: string) => spawn(join(dir, "triton_python_backend_stub"), ["-c", "sleep 60; :", `/r/${model}/1/model.py`], { stdio: "ignore" });
    const busy = stub("m_busy");
    const idle = stub("m_idle");
    kids.push(triton, busy, idle);
    execFileSync("sleep", ["0.2"]);
    const n = cpus().length;
    const out = execFileSync(
      python!,
      ["-B", "calibration/server/cpu_keepalive.py", "place", "--mode", "active", "--reserve", "1", "m_busy"],
      { encoding: "utf8" },
    ).trim();
    expect(out).toBe(Array.from({ length: n - 2 }, (_, i) => i).join(","));
    expect(allowed(busy.pid!)).toBe(String(n - 1));
    expect(allowed(idle.pid!)).toBe(String(n - 2));
    expect(allowed(triton.pid!)).toBe(n === 3 ? "0" : `0-${n - 3}`);
  });
});
