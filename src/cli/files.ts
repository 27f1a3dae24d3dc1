// File-system edge: atomic writes (temp file + rename, so a failure never leaves a half-written result)
// and reads that fail with one line naming the file.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, basename, join, resolve } from "node:path";
import type { z } from "zod";
import { InputError, parseOrThrow } from "../validation.js";

/** The directory and any missing parents, one level at a time from the nearest one that exists, so that every
 *  failure surfaces. (Node's recursive mkdir retries for ever where mkdir says ENOENT under a parent that
 *  exists, as under /proc.) */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    if (st !== undefined) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${d} is not a directory`), { code: "ENOTDIR" });
      break;
    }
    missing.push(d);
    if (dirname(d) === d) break;
    d = dirname(d);
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      // made meanwhile by another writer: fine when it is a directory now
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || !statSync(m).isDirectory()) throw err;
    }
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  try {
    ensureDir(dir);
  } catch (err) {
    throw new InputError(`cannot create directory ${dir}: ${(err as Error).message}`);
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? (err as Error).message);
    throw new InputError(`${what} ${path}: ${why}`);
  }
}

/** A JSON file checked against `schema`; each failure (unreadable, not JSON, not the schema) one line naming
 *  `what` and the file. */
export function readJsonFile<T extends z.ZodType>(schema: T, path: string, what: string): z.infer<T> {
  return parseOrThrow(schema, parseJsonText(readTextFile(path, what), path), `${what} ${path}`);
}

/** Parse JSON text or fail with the file name and the parser's position. */
export function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}
