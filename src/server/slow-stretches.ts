// Slow stretches, per instance: an alternating renewal process — stretches of exponential length (mean
// meanDurationUs) during which every execution the instance starts runs `factor` × longer, separated by
// exponential gaps sized so that stretches cover timeFraction of the time. The profile's means are
// averages over executions (Triton's statistics), and a busy instance runs 1 / factor as many executions
// per unit of time inside a stretch as outside, so executions between stretches run a = 1 − q + q / factor
// of the mean (q = timeFraction) and those inside factor × a: over a busy instance's executions the mean
// is then the profile's. (Normalising by the time average 1 + q × (factor − 1) instead made executions
// too short on average, and slow stretches raised a saturated instance's throughput.) Instances stretch
// independently (measured: they do not coincide). Each instance's process
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
    const normal = 1 - q + q / params.factor;
    this.slowMultiplier = params.factor * normal;
    this.normalMultiplier = normal;
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
