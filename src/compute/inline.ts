// Inline compute model (`--compute-ms "1=8.38,8=15.46"`): deterministic compute-infer times per batch
// size, no spread, no client or network overhead — for what-if runs and textbook checks.
import { InputError } from "../validation.js";
import { msToUs } from "../units.js";
import { PROFILE_SCHEMA_ID, type Profile } from "./profile.js";

export function parseComputeMs(spec: string, where = "--compute-ms"): Profile {
  const parts = spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (parts.length === 0) throw new InputError(`${where}: expected "batch=ms[,batch=ms…]", got "${spec}"`);
  const seen = new Set<number>();
  const compute = parts.map((part) => {
    const m = /^(\d+)\s*=\s*([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)$/.exec(part);
    if (m === null) throw new InputError(`${where}: "${part}" is not batch=ms (e.g. 8=15.46)`);
    const b = Number(m[1]);
    const ms = Number(m[2]);
    if (b < 1) throw new InputError(`${where}: batch size in "${part}" must be ≥ 1`);
    if (!(ms > 0)) throw new InputError(`${where}: time in "${part}" must be > 0 ms`);
    if (seen.has(b)) throw new InputError(`${where}: batch size ${b} given twice`);
    seen.add(b);
    return {
      batchSize: b,
      concurrency: 1,
      computeInputUs: { mean: 0, sd: 0 },
      computeInferUs: { mean: msToUs(ms), sd: 0 },
      computeOutputUs: { mean: 0, sd: 0 },
    };
  });
  return {
    schema: PROFILE_SCHEMA_ID,
    name: `inline(${spec})`,
    metadata: { source: "inline", notes: "deterministic compute-infer times from --compute-ms" },
    compute,
    requestOverheads: [],
  };
}
