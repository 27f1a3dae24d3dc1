// Piecewise-linear curves over batch size: monotone (non-decreasing) fits of measured points, linear
// interpolation between them and linear extrapolation beyond, tabulated for b = 0..maxB so lookups in
// the event loop are array reads.

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Pool-adjacent-violators: the closest non-decreasing sequence (least squares) to ys, in x order. */
export function isotonic(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const blocks: { sum: number; n: number; xs: number[] }[] = [];
  for (const p of sorted) {
    blocks.push({ sum: p.y, n: 1, xs: [p.x] });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.splice(blocks.length - 2, 2, { sum: a.sum + b.sum, n: a.n + b.n, xs: [...a.xs, ...b.xs] });
    }
  }
  return blocks.flatMap((b) => b.xs.map((x) => ({ x, y: b.sum / b.n })));
}

/** Linear interpolation through sorted points, linear extrapolation from the end segments (flat when
 *  there is a single point), clamped below at `floor`. */
export function linearAt(points: readonly Point[], x: number, floor = 0): number {
  const n = points.length;
  if (n === 0) return floor;
  if (n === 1) return Math.max(floor, points[0]!.y);
  let i = 0;
  if (x <= points[0]!.x) i = 0;
  else if (x >= points[n - 1]!.x) i = n - 2;
  else while (i < n - 2 && x > points[i + 1]!.x) i++;
  const a = points[i]!;
  const b = points[i + 1]!;
  const y = a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  return Math.max(floor, y);
}

/** Like linearAt but flat (not extrapolated) outside the measured range. */
export function clampedAt(points: readonly Point[], x: number): number {
  const n = points.length;
  if (n === 0) return 0;
  if (x <= points[0]!.x) return points[0]!.y;
  if (x >= points[n - 1]!.x) return points[n - 1]!.y;
  return linearAt(points, x, Number.NEGATIVE_INFINITY);
}

/** Tabulate f over 0..max into a Float64Array (index = batch size). */
export function tabulate(max: number, f: (b: number) => number): Float64Array {
  const t = new Float64Array(max + 1);
  for (let b = 0; b <= max; b++) t[b] = f(b);
  return t;
}
