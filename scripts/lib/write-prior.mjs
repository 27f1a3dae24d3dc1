// The prior-writing scripts' shared ends: their `--write PRIOR` argument, and writing the prior atomically (a
// temporary file renamed over the target, so a failed run leaves the committed prior whole).
import { renameSync, writeFileSync } from "node:fs";

/** `--write FILE` taken out of argv: { writeTo (undefined when absent), rest, ok (false when --write lacks its file) }. */
export function writeArg(argv) {
  const w = argv.indexOf("--write");
  if (w < 0) return { writeTo: undefined, rest: argv, ok: true };
  const writeTo = argv[w + 1];
  return { writeTo, rest: argv.filter((_, i) => i !== w && i !== w + 1), ok: writeTo !== undefined };
}

/** `prior` as indented JSON at `file`, written atomically; says so on stdout. */
export function writePrior(file, prior) {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(prior, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`wrote ${file}`);
}
