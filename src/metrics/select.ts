// Order statistics without a full sort: quickselect (median-of-three pivots, in place) for the few
// percentiles a summary needs. O(n) expected per call.

/** Rearranges a[lo..hi] so that a[k] is the value a full ascending sort would put there. */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const x = a[i]!;
        let j = i - 1;
        while (j >= lo && a[j]! > x) {
          a[j + 1] = a[j]!;
          j--;
        }
        a[j + 1] = x;
      }
      return a[k]!;
    }
    const mid = (lo + hi) >>> 1;
    // median of three to a[mid]
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Values at the given ascending indexes, as a full sort would give them; `a` is reordered. */
export function selectMany(a: Float64Array, indexes: readonly number[]): number[] {
  const order = indexes.map((k, i) => ({ k, i })).sort((x, y) => x.k - y.k);
  const out = new Array<number>(indexes.length);
  let lo = 0;
  for (const { k, i } of order) {
    out[i] = selectInPlace(a, k, lo, a.length - 1);
    lo = k; // everything left of k is ≤ a[k]
  }
  return out;
}
