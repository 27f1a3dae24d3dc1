// The Python 3 interpreter on PATH (3.8 or later), for tests of the calibration server's scripts;
// undefined where there is none (those tests are skipped).
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
