// Seeded random streams: one independent stream per source (arrivals, service times, network, …),
// each derived from the run seed and the source's name, so changing one part of a scenario never
// reshuffles the draws of another. Draws allocate nothing.
import seedrandom from "seedrandom";

export class RandomStream {
  private readonly next: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: string, stream: string) {
    const prng = seedrandom.alea(`${seed}\u0000${stream}`);
    this.next = () => prng.double();
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - this.next();
  }

  exponential(mean: number): number {
    return -mean * Math.log(this.uniformPositive());
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u = this.uniformPositive();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, scale) by Marsaglia–Tsang (shape < 1 via the boost u^(1/shape)). */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      const boost = Math.pow(this.uniformPositive(), 1 / shape);
      return this.gamma(shape + 1, scale) * boost;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformPositive();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }
}

/** Parameters of a lognormal with the given mean and standard deviation (mean > 0). */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const cv2 = (sd / mean) ** 2;
  const sigma2 = Math.log(1 + cv2);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}
