// perf_analyzer-style ranges ("start:end:step") and comma lists, parsed with errors that name the flag.
import { InputError } from "../validation.js";

/** Levels of a perf_analyzer-style range "start[:end[:step]]" (end defaults to start, step to 1; end
 *  inclusive), or of a comma list "1,2,4,8" (servesim's extension). Integers when `integer` is set. */
export function parseRange(text: string, flag: string, integer: boolean): number[] {
  if (text.includes(",")) {
    const list = text.split(",").map((s) => s.trim());
    return list.map((p) => {
      const v = Number(p);
      if (p === "" || !Number.isFinite(v)) throw new InputError(`${flag}: "${p}" is not a number`);
      if (integer && !Number.isInteger(v)) throw new InputError(`${flag}: "${p}" must be a whole number`);
      if (v <= 0) throw new InputError(`${flag}: levels must be > 0, got ${v}`);
      return v;
    });
  }
  const parts = text.split(":").map((s) => s.trim());
  if (parts.length > 3 || parts.some((p) => p === "")) {
    throw new InputError(`${flag}: expected start[:end[:step]] or a comma list, got "${text}"`);
  }
  const nums = parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new InputError(`${flag}: "${p}" is not a number`);
    if (integer && !Number.isInteger(v)) throw new InputError(`${flag}: "${p}" must be a whole number`);
    return v;
  });
  const start = nums[0]!;
  const end = nums[1] ?? start;
  const step = nums[2] ?? 1;
  if (start <= 0) throw new InputError(`${flag}: start must be > 0, got ${start}`);
  if (end < start) throw new InputError(`${flag}: end (${end}) must be ≥ start (${start})`);
  if (step <= 0) throw new InputError(`${flag}: step must be > 0, got ${step}`);
  // levels start + i·step for i = 0…n, n counted in steps (a little slack for decimal steps such as 0.1, so
  // "1:2:0.1" ends at 2); slack measured against the end instead let "1e11" (step 1) run to 1e11 + 100
  const n = Math.floor((end - start) / step + 1e-9);
  if (n >= 10_000) throw new InputError(`${flag}: more than 10000 levels`);
  const out: number[] = [];
  for (let i = 0; i <= n; i++) {
    const v = start + i * step;
    out.push(integer ? Math.round(v) : Number(v.toPrecision(12)));
  }
  return out;
}

/** "4,8" → [4, 8] (positive integers). */
export function parseIntList(text: string, flag: string): number[] {
  const parts = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.length === 0) throw new InputError(`${flag}: expected a comma-separated list, got "${text}"`);
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isInteger(v) || v <= 0) throw new InputError(`${flag}: "${p}" must be a positive whole number`);
    return v;
  });
}
