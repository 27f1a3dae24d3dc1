// perf_analyzer's range flags: `--concurrency-range start:end:step` and `--request-rate-range` parsed
// into the list of load levels a sweep visits (end defaults to start, step to 1).
import { InputError } from "../validation.js";

export function parseRange(flag: string, text: string, integer: boolean): number[] {
  const parts = text.split(":").map((s) => s.trim());
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => p === "")) {
    throw new InputError(`${flag} ${text}: expected start[:end[:step]]`);
  }
  const [start, end, step] = [Number(parts[0]), Number(parts[1] ?? parts[0]), Number(parts[2] ?? 1)];
  const ok = (x: number): boolean => Number.isFinite(x) && x > 0 && (!integer || Number.isInteger(x));
  if (!ok(start) || !ok(end) || !ok(step)) {
    throw new InputError(`${flag} ${text}: start, end and step must be positive${integer ? " integers" : " numbers"}`);
  }
  if (end < start) throw new InputError(`${flag} ${text}: end (${end}) is below start (${start})`);
  const levels: number[] = [];
  for (let i = 0; ; i++) {
    const v = start + i * step;
    if (v > end * (1 + 1e-9)) break;
    levels.push(integer ? v : Math.round(v * 1e6) / 1e6);
    if (levels.length > 10_000) throw new InputError(`${flag} ${text}: more than 10000 levels`);
  }
  return levels;
}
