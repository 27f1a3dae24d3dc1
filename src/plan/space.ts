// The search space: max_batch_size 1…128 (powers of two), default scheduler or dynamic batching with
// preferred sizes none (= [max]) or [max/2, max] and max_queue_delay 0 plus a log grid up to the SLO,
// 1–5 instances per GPU, 1…N GPUs. Configurations Triton would treat identically appear once. With a
// research policy in the batcher's place, the batching dimension collapses to that one policy.
import type { Candidate } from "./candidate.js";
import { candidateKey } from "./candidate.js";

export interface SpaceOptions {
  readonly maxGpus: number;
  readonly maxInstancesPerGpu: number;
  readonly maxBatchSizeLimit: number;
  readonly sloBoundUs: number;
  /** Coarser grids (quick mode). */
  readonly quick: boolean;
  /** A research batching policy replacing Triton's batcher ("name:key=value,…"). */
  readonly policy?: string;
}

/** 0 plus 1–2–5 steps from 50 µs up to (and including the largest below) the SLO bound. */
export function delayGrid(sloBoundUs: number, quick: boolean): number[] {
  const steps = quick ? [1, 5] : [1, 2, 5];
  const out = [0];
  for (let decade = 10; decade <= 1e7; decade *= 10) {
    for (const s of steps) {
      const d = s * decade;
      if (d >= 50 && d < sloBoundUs) out.push(d);
    }
  }
  return out;
}

export function batchSizes(limit: number, quick: boolean): number[] {
  const out: number[] = [];
  for (let b = 1; b <= Math.min(128, limit); b *= quick ? 4 : 2) out.push(b);
  return out;
}

export function enumerateSpace(o: SpaceOptions, gpus: number): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push = (c: Candidate): void => {
    const k = candidateKey(c);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  };
  const delays = delayGrid(o.sloBoundUs, o.quick);
  const instanceCounts = Array.from({ length: Math.min(5, o.maxInstancesPerGpu) }, (_, i) => i + 1).filter(
    (k) => !o.quick || k === 1 || k === 2 || k === 4,
  );
  for (const instancesPerGpu of instanceCounts) {
    for (const maxBatchSize of batchSizes(o.maxBatchSizeLimit, o.quick)) {
      if (o.policy !== undefined) {
        push({ gpus, instancesPerGpu, maxBatchSize, dynamic: null, policy: o.policy });
        continue;
      }
      push({ gpus, instancesPerGpu, maxBatchSize, dynamic: null });
      if (maxBatchSize === 1) continue;
      const prefs: number[][] = [[maxBatchSize]];
      if (maxBatchSize >= 4) prefs.push([maxBatchSize / 2, maxBatchSize]);
      for (const preferredBatchSizes of prefs) {
        for (const maxQueueDelayUs of delays) push({ gpus, instancesPerGpu, maxBatchSize, dynamic: { preferredBatchSizes, maxQueueDelayUs } });
      }
    }
  }
  return out;
}
