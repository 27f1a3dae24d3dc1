// cpu_keepalive.py place (phase GSP): "apart" puts each Python-backend stub process alone on one of the last
// cores and tritonserver on the others, every thread of each; "all" gives both every core back. Checked on
// stand-in processes named as Triton's are (a tritonserver, a triton_python_backend_stub).
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
