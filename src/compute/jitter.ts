// An execution's additive jitter around its batch size's mean (the profile's executionJitter), drawn by
// inverse transform: piecewise linear through the measured quantiles, no allocation per draw.

/** An additive jitter drawn by its quantile function (piecewise linear through the profile's
 *  quantiles), shifted to mean 0 so the batch size's mean stays the profile's. */
export class Jitter {
  private readonly p: Float64Array;
  private readonly us: Float64Array;
  private readonly shift: number;

  constructor(probabilities: readonly number[], us: readonly number[]) {
    this.p = Float64Array.from(probabilities);
    this.us = Float64Array.from(us);
    let mean = 0;
    for (let i = 1; i < this.p.length; i++) mean += ((this.p[i]! - this.p[i - 1]!) * (this.us[i]! + this.us[i - 1]!)) / 2;
    this.shift = mean;
  }

  /** The jitter at cumulative probability u in [0, 1). */
  at(u: number): number {
    const p = this.p;
    let i = 1;
    while (i < p.length - 1 && u > p[i]!) i++;
    const a = p[i - 1]!;
    const w = p[i]! - a;
    const x = w > 0 ? this.us[i - 1]! + ((u - a) / w) * (this.us[i]! - this.us[i - 1]!) : this.us[i]!;
    return x - this.shift;
  }
}
