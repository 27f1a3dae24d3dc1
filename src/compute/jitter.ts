// Distributions given by measured quantiles, drawn by inverse transform (piecewise linear through the
// quantiles), no allocation per draw: the batcher's wake time as it is (profile's batcherWake), and an
// execution's additive jitter around its batch size's mean (profile's executionJitter), shifted to mean 0.

/** A distribution by its quantile function: piecewise linear through (probability, value) pairs from 0 to 1. */
export class QuantileTable {
  private readonly p: Float64Array;
  private readonly us: Float64Array;
  /** The distribution's mean (µs). */
  readonly meanUs: number;

  constructor(probabilities: readonly number[], us: readonly number[]) {
    this.p = Float64Array.from(probabilities);
    this.us = Float64Array.from(us);
    let mean = 0;
    for (let i = 1; i < this.p.length; i++) mean += ((this.p[i]! - this.p[i - 1]!) * (this.us[i]! + this.us[i - 1]!)) / 2;
    this.meanUs = mean;
  }

  /** The value at cumulative probability u in [0, 1). */
  at(u: number): number {
    const p = this.p;
    let i = 1;
    while (i < p.length - 1 && u > p[i]!) i++;
    const a = p[i - 1]!;
    const w = p[i]! - a;
    return w > 0 ? this.us[i - 1]! + ((u - a) / w) * (this.us[i]! - this.us[i - 1]!) : this.us[i]!;
  }
}

/** An additive jitter drawn by its quantile function, shifted to mean 0 so the batch size's mean stays the
 *  profile's. */
export class Jitter {
  private readonly table: QuantileTable;

  constructor(probabilities: readonly number[], us: readonly number[]) {
    this.table = new QuantileTable(probabilities, us);
  }

  /** The jitter at cumulative probability u in [0, 1). */
  at(u: number): number {
    return this.table.at(u) - this.table.meanUs;
  }
}
