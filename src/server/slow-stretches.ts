// Slow stretches, per instance: an alternating renewal process — stretches of exponential length (mean
// meanDurationUs) during which every execution the instance starts runs `factor` × longer, separated by
// exponential gaps sized so that stretches cover timeFraction of the time. Executions between stretches
// run 1 / (1 + timeFraction × (factor − 1)) of the profile's mean, so the long-run mean stays the
// profile's. Instances stretch independently (measured: they do not coincide). Each instance's process
// is advanced lazily to an execution's start; its own random stream leaves every other draw unchanged.
import type { RandomStream } from "../kernel/rng.js";
import type { SlowStretches } from "../compute/profile.js";

export class SlowStretchProcess {
  private readonly slow: Uint8Array;
  private readonly nextSwitchUs: Float64Array;
  private readonly stretchMeanUs: number;
  private readonly gapMeanUs: number;
  private readonly slowMultiplier: number;
  private readonly normalMultiplier: number;

  constructor(
    instances: number,
    params: SlowStretches,
    private readonly rng: RandomStream,
  ) {
    const q = params.timeFraction;
    this.stretchMeanUs = params.meanDurationUs;
    this.gapMeanUs = (params.meanDurationUs * (1 - q)) / q;
    const norm = 1 + q * (params.factor - 1);
    this.slowMultiplier = params.factor / norm;
    this.normalMultiplier = 1 / norm;
    this.slow = new Uint8Array(instances);
    this.nextSwitchUs = new Float64Array(instances);
    // stationary start: slow with probability q, and (memoryless) an exponential time to the next switch
    for (let i = 0; i < instances; i++) {
      this.slow[i] = rng.uniform() < q ? 1 : 0;
      this.nextSwitchUs[i] = rng.exponential(this.slow[i] === 1 ? this.stretchMeanUs : this.gapMeanUs);
    }
  }

  /** The factor on the work of an execution instance i starts at nowUs. */
  multiplier(i: number, nowUs: number): number {
    while (nowUs >= this.nextSwitchUs[i]!) {
      const s = this.slow[i] === 1 ? 0 : 1;
      this.slow[i] = s;
      this.nextSwitchUs[i] = this.nextSwitchUs[i]! + this.rng.exponential(s === 1 ? this.stretchMeanUs : this.gapMeanUs);
    }
    return this.slow[i] === 1 ? this.slowMultiplier : this.normalMultiplier;
  }
}
