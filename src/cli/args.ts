// Commander argument parsers: numbers checked at the edge, errors that name the flag.
import { InvalidArgumentError } from "@commander-js/extra-typings";

export function numberArg(flag: string, min: number, inclusive = false): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag} must be a number, got "${v}"`);
    if (inclusive ? x < min : x <= min) throw new InvalidArgumentError(`${flag} must be ${inclusive ? "≥" : ">"} ${min}, got ${v}`);
    return x;
  };
}

export function intArg(flag: string, min: number): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isInteger(x)) throw new InvalidArgumentError(`${flag} must be a whole number, got "${v}"`);
    if (x < min) throw new InvalidArgumentError(`${flag} must be ≥ ${min}, got ${v}`);
    return x;
  };
}

export const posIntArg = (flag: string): ((v: string) => number) => intArg(flag, 1);
export const nonNegIntArg = (flag: string): ((v: string) => number) => intArg(flag, 0);
