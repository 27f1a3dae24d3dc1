// writeFileAtomic's directory creation: missing parents are made level by level, and every failure is one
// InputError naming the directory — under a regular file, and under /proc, where Node's recursive mkdir
// would retry for ever — rather than a hang or a half-written result.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDir, writeFileAtomic } from "../../src/cli/files.js";
import { InputError } from "../../src/validation.js";

describe("writeFileAtomic and ensureDir", () => {
  const dir = mkdtempSync(join(tmpdir(), "servesim-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes every missing parent and writes the file whole, leaving no temporary file", () => {
    const path = join(dir, "a", "b", "c", "out.json");
    writeFileAtomic(path, "{}\n");
    expect(readFileSync(path, "utf8")).toBe("{}\n");
    expect(readdirSync(join(dir, "a", "b", "c"))).toEqual(["out.json"]);
    ensureDir(join(dir, "a", "b")); // existing: nothing to do, no error
    writeFileAtomic(path, "[]\n"); // replaced whole
    expect(readFileSync(path, "utf8")).toBe("[]\n");
  });

  it("fails with one line naming the directory when a parent is a regular file", () => {
    writeFileSync(join(dir, "plain"), "x");
    const target = join(dir, "plain", "sub", "out.json");
    expect(() => writeFileAtomic(target, "{}")).toThrow(InputError);
    expect(() => writeFileAtomic(target, "{}")).toThrow(`cannot create directory ${join(dir, "plain", "sub")}`);
    expect(existsSync(join(dir, "plain", "sub"))).toBe(false);
  });

  it.skipIf(process.platform !== "linux")("fails at once under /proc, where mkdir says ENOENT below a parent that exists", () => {
    const t0 = Date.now();
    expect(() => writeFileAtomic("/proc/servesim-no-such-dir/out.json", "{}")).toThrow(/cannot create directory \/proc\/servesim-no-such-dir: .*ENOENT/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
