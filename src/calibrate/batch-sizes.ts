// The batch sizes a calibration sweeps: powers of two up to max_batch_size plus 1.5× steps between them
// (3, 6, 12, …) so interpolation has support where curves bend; or an explicit --batch-sizes list.
import { InputError } from "../validation.js";

/** Default sweep for a model with this max_batch_size (0 = no batching ⇒ [1]). */
export function defaultBatchSizes(maxBatchSize: number): number[] {
  if (maxBatchSize <= 1) return [1];
  const out = new Set<number>();
  for (let p = 1; p <= maxBatchSize; p *= 2) {
    out.add(p);
    const mid = p + p / 2;
    if (p >= 2 && mid < maxBatchSize && Number.isInteger(mid)) out.add(mid);
  }
  out.add(maxBatchSize);
  return [...out].sort((a, b) => a - b);
}

/** Parse `--batch-sizes 1,2,4,8` (ascending, unique, positive integers). */
export function parseBatchSizes(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const sizes = parts.map((s) => Number(s));
  if (parts.some((s) => s === "") || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new InputError(`--batch-sizes ${text}: expected positive integers separated by commas, e.g. 1,2,4,8`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** Keep the sizes a model accepts; explain the ones it does not. */
export function batchSizesFor(
  model: string,
  maxBatchSize: number,
  requested: readonly number[] | undefined,
): { sizes: number[]; skipped: number[] } {
  const limit = maxBatchSize <= 0 ? 1 : maxBatchSize;
  const wanted = requested ?? defaultBatchSizes(maxBatchSize);
  const sizes = wanted.filter((b) => b <= limit);
  const skipped = wanted.filter((b) => b > limit);
  if (sizes.length === 0) {
    throw new InputError(`--batch-sizes: none fits model "${model}" (max_batch_size ${maxBatchSize})`);
  }
  return { sizes, skipped };
}
