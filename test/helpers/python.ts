// The Python 3 interpreter on PATH (3.8 or later), for tests of the calibration server's scripts;
// undefined where there is none (those tests are skipped). pythonCsv runs such a script and reads its CSV.
import { execFileSync } from "node:child_process";

export const python = ((): string | undefined => {
  for (const p of ["python3", "python"]) {
    try {
      execFileSync(p, ["-c", "import sys; assert sys.version_info >= (3, 8)"], { stdio: "ignore" });
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
})();

/** Run a calibration script (a path from the repository root) with these arguments and read the CSV it prints:
 *  one record per row, keyed by the header's names. Needs `python`. */
export function pythonCsv(script: string, args: readonly string[]): Record<string, string>[] {
  const out = execFileSync(python!, ["-B", script, ...args], { encoding: "utf8" });
  const [head, ...lines] = out.trim().split("\n");
  const keys = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [keys[i], v])));
}
