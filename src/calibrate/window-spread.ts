// Mean and per-execution spread of a duration that Triton only reports as (count, total) per window.
// With window means m_w over n_w executions and iid executions of sd σ, Var(m_w) = σ²/n_w, so
// σ̂² = Σ n_w (m_w − m̄)² / (W − 1) estimates σ² (drift between windows counts as spread, on purpose).

export interface WindowTotal {
  /** Executions (or requests) counted in the window. */
  readonly count: number;
  /** Their summed duration, µs. */
  readonly totalUs: number;
}

export interface SpreadEstimate {
  /** Count-weighted mean over all windows, µs. */
  readonly meanUs: number;
  /** Estimated per-execution standard deviation, µs (0 with fewer than two usable windows). */
  readonly sdUs: number;
  /** Standard deviation of the window means, µs (how much the windows disagree). */
  readonly windowSdUs: number;
  readonly windows: number;
  readonly count: number;
}

export function estimateSpread(windows: readonly WindowTotal[]): SpreadEstimate {
  const used = windows.filter((w) => w.count > 0);
  const count = used.reduce((a, w) => a + w.count, 0);
  const total = used.reduce((a, w) => a + w.totalUs, 0);
  const meanUs = count > 0 ? total / count : 0;
  if (used.length < 2) return { meanUs, sdUs: 0, windowSdUs: 0, windows: used.length, count };
  let weighted = 0;
  let plain = 0;
  const means = used.map((w) => w.totalUs / w.count);
  const plainMean = means.reduce((a, m) => a + m, 0) / means.length;
  used.forEach((w, i) => {
    const m = means[i] as number;
    weighted += w.count * (m - meanUs) ** 2;
    plain += (m - plainMean) ** 2;
  });
  const dof = used.length - 1;
  return {
    meanUs,
    sdUs: Math.sqrt(weighted / dof),
    windowSdUs: Math.sqrt(plain / dof),
    windows: used.length,
    count,
  };
}

/** Sample mean and standard deviation of exact per-item values. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((a, v) => a + v, 0) / n;
  if (n < 2) return { mean, sd: 0 };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}
