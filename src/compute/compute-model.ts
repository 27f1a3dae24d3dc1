// ComputeModel: execution times per batch size from a calibration profile, tabulated for the event
// loop. Standalone times (one execution alone on its GPU) come from the concurrency-1 points,
// made non-decreasing in batch size, interpolated linearly and extrapolated linearly beyond the
// measured range. Co-located executions slow each other by slowdown(k, b) = t_k(b) / t_1(b) from the
// profile's concurrency-k points; without such points the infer phase shares the GPU fairly
// (k at once ⇒ each k× slower) and input/output are not slowed. Whether co-located executions share the
// GPU at once or take turns on it (with a switch cost) is the profile's gpuSharing. Merging requests
// into one execution may cost extra per request (a Python backend handles each request separately):
// points measured with several requests per execution give that cost per phase, by number of requests
// (from sizes measured both ways, interpolated in n; a least-squares constant without such pairs), and
// fill the standalone curve at batch sizes measured only that way. An execution after its instance idled
// takes longer by the profile's idle factor (measured back-to-back versus after gaps). The profile's slow
// stretches (see SlowStretches) and front-end stalls (see FrontEndStalls) are passed through for the
// simulator's processes, and
// its turnaround (see Turnaround) for the time an instance takes between executions. Draws come from
// duration-table.ts: lognormal per phase, or for infer the profile's execution jitter when it has one.
import type { RandomStream } from "../kernel/rng.js";
import type { FrontEndStalls, Profile, SlowStretches } from "./profile.js";
import { clampedAt, isotonic, tabulate, type Point } from "./interpolate.js";
import { curve, type DurationTable } from "./duration-table.js";
import { Jitter, QuantileTable } from "./jitter.js";

export const ComputePhase = { Input: 0, Infer: 1, Output: 2 } as const;
export type ComputePhase = (typeof ComputePhase)[keyof typeof ComputePhase];
const PHASE_KEYS = ["computeInputUs", "computeInferUs", "computeOutputUs"] as const;

/** What the profile measured, for saying how far a prediction extrapolates. */
export interface Coverage {
  readonly batchSizes: readonly number[];
  readonly concurrencies: readonly number[];
  readonly maxBatchSize: number;
  readonly maxConcurrency: number;
  readonly hasContentionData: boolean;
}

export function coverageOf(profile: Profile): Coverage {
  const bs = [...new Set(profile.compute.filter((c) => c.concurrency === 1 && (c.requests ?? 1) === 1).map((c) => c.batchSize))].sort(
    (a, b) => a - b,
  );
  const ks = [...new Set(profile.compute.map((c) => c.concurrency))].sort((a, b) => a - b);
  return {
    batchSizes: bs,
    concurrencies: ks,
    maxBatchSize: bs[bs.length - 1] ?? 0,
    maxConcurrency: ks[ks.length - 1] ?? 1,
    hasContentionData: ks.some((k) => k > 1),
  };
}

/** Compiled service-time model for batch sizes 0..maxBatch and up to maxConcurrency co-located runs. */
export class ComputeTables {
  readonly maxBatch: number;
  readonly maxConcurrency: number;
  private readonly phases: readonly [DurationTable, DurationTable, DurationTable];
  /** slowdown[phase][k * (maxBatch + 1) + b] for k = 0..maxConcurrency (row 0 unused). */
  private readonly slow: readonly [Float64Array, Float64Array, Float64Array];
  /** Extra standalone µs per phase for every request beyond the first merged into one execution: the
   *  least-squares constant (see perRequest for the cost at a given number of requests). */
  readonly perRequestUs: readonly [number, number, number];
  /** perRequestAtN[phase][n]: that cost in an execution of n requests (exact pairs, interpolated in n). */
  private readonly perRequestAtN: readonly [Float64Array, Float64Array, Float64Array];
  /** True when any co-located execution is slowed (the simulator then shares the GPU between them, by
   *  processor sharing or by turns: gpuTurns). */
  readonly contended: boolean;
  readonly send: DurationTable;
  readonly recv: DurationTable;
  readonly network: DurationTable;
  readonly scheduling: DurationTable;
  /** True when any per-request overhead is non-zero. */
  readonly hasOverheads: boolean;
  /** True when the profile has an idle stretch (else idleFactor is always 1). */
  readonly hasIdle: boolean;
  /** Idle stretch: factor at each tabulated idle time (µs), increasing; empty = none. */
  private readonly idleAtUs: Float64Array;
  private readonly idleFactorAt: Float64Array;
  /** Instance turnaround after an execution of n requests: turnaroundBaseUs + turnaroundPerRequestUs × n. */
  readonly turnaroundBaseUs: number;
  readonly turnaroundPerRequestUs: number;
  /** Co-located executions take turns on the GPU (else processor sharing), and the switch cost (µs) of
   *  an execution that takes the GPU over from another instance (profile's gpuSharing) with two
   *  instances on the GPU (gpuSwitchUsAt gives other counts). */
  readonly gpuTurns: boolean;
  readonly gpuSwitchUs: number;
  /** Under turns, the GPU's time slice (µs): a longer turn is cut after each slice and queues again behind
   *  any instance waiting for the GPU; 0 when the profile has none (turns are never cut). */
  readonly gpuSliceUs: number;
  /** Under turns, who overtakes a long turn (profile's gpuSharing.overtake), or null: turns are first come,
   *  first served. */
  readonly gpuOvertake: { readonly fromInstances: number; readonly shortTurnRatio: number } | null;
  /** How late the dynamic batcher wakes from a timed wait: base plus a fraction of the wait (0 and 0: on time). */
  readonly batcherLateUs: number;
  readonly batcherLateFraction: number;
  /** How long the woken batcher takes to scan its queue (profile's batcherWake), or null: at once; and how much
   *  of it the scheduling times hold (its mean unless the profile says). */
  readonly batcherWake: QuantileTable | null;
  readonly batcherWakeInSchedulingUs: number;
  /** The profile's switch by instance count (x instances, y µs), when it has one. */
  private readonly switchByInstances: readonly Point[];
  /** The profile's slow stretches, when they slow anything (timeFraction > 0 and factor > 1). */
  readonly slowStretches: SlowStretches | null;
  /** The profile's front-end stalls, when it has any. */
  readonly frontEndStalls: FrontEndStalls | null;
  readonly coverage: Coverage;

  constructor(profile: Profile, maxBatch: number, maxConcurrency: number) {
    this.maxBatch = Math.max(1, maxBatch);
    this.maxConcurrency = Math.max(1, maxConcurrency);
    this.coverage = coverageOf(profile);
    const B = this.maxBatch;
    const single = profile.compute.filter((c) => (c.requests ?? 1) === 1);
    const alone = single.filter((c) => c.concurrency === 1);
    const merged = profile.compute.filter((c) => c.concurrency === 1 && (c.requests ?? 1) > 1);
    const aloneAt = new Map(alone.map((c) => [c.batchSize, c]));

    // Extra cost per additional request merged into an execution, per phase and number of requests n:
    // at a batch size measured both as one request and as n (an exact pair) it is (t(n, n) − t(n, 1)) /
    // (n − 1); between pairs it is interpolated linearly in n, beyond them held. Without exact pairs, a
    // least-squares constant through 0 against the interpolated one-request curve (whose error between
    // measured sizes would otherwise be read as a merging cost, so pairs are preferred).
    const paired = merged.filter((c) => aloneAt.has(c.batchSize)).sort((a, b) => (a.requests ?? 1) - (b.requests ?? 1));
    const interpolated = PHASE_KEYS.map((key) => curve(alone.map((c) => ({ b: c.batchSize, stat: c[key] })), B, true));
    this.perRequestUs = PHASE_KEYS.map((key, phase) => {
      let num = 0;
      let den = 0;
      for (const c of paired.length > 0 ? paired : merged) {
        const one = aloneAt.get(c.batchSize)?.[key].mean ?? interpolated[phase]!.mean[Math.min(c.batchSize, B)]!;
        const r1 = (c.requests ?? 1) - 1;
        const w = c.executions ?? 1;
        num += w * (c[key].mean - one) * r1;
        den += w * r1 * r1;
      }
      return den > 0 ? Math.max(0, num / den) : 0;
    }) as unknown as [number, number, number];
    this.perRequestAtN = PHASE_KEYS.map((key, phase) => {
      const pts: Point[] = paired.map((c) => ({ x: c.requests ?? 1, y: Math.max(0, (c[key].mean - aloneAt.get(c.batchSize)![key].mean) / ((c.requests ?? 1) - 1)) }));
      return tabulate(B, (n) => (pts.length === 0 ? this.perRequestUs[phase]! : clampedAt(pts, n)));
    }) as unknown as [Float64Array, Float64Array, Float64Array];

    // The standalone curve: one-request points, plus merged points at batch sizes measured only that
    // way, less their merging cost (t(b, r) = t(b, 1) + (r - 1) · perRequest). A derived point stays
    // between the one-request points around it: it fills the shape between measured sizes and never
    // moves a measured one.
    const sizes = [...aloneAt.keys()].sort((a, b) => a - b);
    this.phases = PHASE_KEYS.map((key, phase) => {
      const measured = alone.map((c) => ({ b: c.batchSize, stat: c[key] }));
      const pts = [...measured];
      const one = interpolated[phase]!.mean;
      for (const c of merged) {
        if (aloneAt.has(c.batchSize) || c.batchSize > B) continue;
        let mean = c[key].mean - ((c.requests ?? 1) - 1) * this.perRequest(phase as ComputePhase, c.requests ?? 1);
        const lo = sizes.filter((x) => x < c.batchSize).pop();
        const hi = sizes.find((x) => x > c.batchSize);
        if (lo !== undefined) mean = Math.max(mean, one[Math.min(lo, B)]!);
        if (hi !== undefined && hi <= B) mean = Math.min(mean, one[hi]!);
        if (mean > 0) pts.push({ b: c.batchSize, stat: { mean, sd: c[key].sd } });
      }
      // merged points carry means only; the infer phase scatters by the profile's jitter when it has one
      const jit = profile.executionJitter;
      const jitter = phase === ComputePhase.Infer && jit !== undefined ? new Jitter(jit.probabilities, jit.us) : null;
      return curve(pts, B, true, measured, jitter);
    }) as unknown as [DurationTable, DurationTable, DurationTable];

    const ks = [...new Set(single.map((c) => c.concurrency))].filter((k) => k > 1).sort((a, b) => a - b);
    let contended = false;
    this.slow = PHASE_KEYS.map((key, phase) => {
      const table = new Float64Array((this.maxConcurrency + 1) * (B + 1)).fill(1);
      // slowdown curves over b for each measured k
      const perK = new Map<number, Point[]>();
      for (const k of ks) {
        const pts: Point[] = [];
        for (const c of single.filter((p) => p.concurrency === k)) {
          const base = this.phases[phase]!.mean[Math.min(c.batchSize, B)]!;
          const measuredAlone = alone.find((a) => a.batchSize === c.batchSize)?.[key].mean;
          const ref = measuredAlone !== undefined && measuredAlone > 0 ? measuredAlone : base;
          if (ref > 0) pts.push({ x: c.batchSize, y: Math.max(1e-3, c[key].mean / ref) });
        }
        if (pts.length > 0) perK.set(k, pts.sort((a, b) => a.x - b.x));
      }
      const measuredKs = [1, ...perK.keys()];
      for (let k = 2; k <= this.maxConcurrency; k++) {
        for (let b = 0; b <= B; b++) {
          let s: number;
          if (perK.size === 0) {
            s = phase === ComputePhase.Infer ? k : 1; // documented default: fair sharing of the GPU
          } else {
            const at = (kk: number): number => (kk === 1 ? 1 : clampedAt(perK.get(kk)!, b));
            const kMax = measuredKs[measuredKs.length - 1]!;
            if (k >= kMax) {
              s = (at(kMax) * k) / kMax; // beyond the data: each extra execution takes a fair share
            } else {
              let lo = 1;
              for (const kk of measuredKs) if (kk <= k) lo = kk;
              const hi = measuredKs.find((kk) => kk >= k)!;
              s = hi === lo ? at(lo) : at(lo) + ((at(hi) - at(lo)) * (k - lo)) / (hi - lo);
            }
          }
          table[k * (B + 1) + b] = s;
          if (s !== 1) contended = true;
        }
      }
      return table;
    }) as unknown as [Float64Array, Float64Array, Float64Array];
    this.contended = contended;

    const ov = profile.requestOverheads;
    const ovCurve = (key: "clientSendUs" | "clientRecvUs" | "networkUs" | "schedulingUs"): DurationTable =>
      curve(
        ov.map((o) => ({ b: o.batchSize, stat: o[key] })),
        B,
        false,
      );
    this.send = ovCurve("clientSendUs");
    this.recv = ovCurve("clientRecvUs");
    this.network = ovCurve("networkUs");
    this.scheduling = ovCurve("schedulingUs");
    // idle stretch: monotone in idle time (isotonic), 1 before the first point and never below 1
    const idle = isotonic((profile.idle ?? []).map((q) => ({ x: q.idleUs, y: q.factor })));
    this.idleAtUs = Float64Array.from(idle.map((q) => q.x));
    this.idleFactorAt = Float64Array.from(idle.map((q) => Math.max(1, q.y)));
    this.hasIdle = this.idleFactorAt.some((f) => f > 1);
    this.turnaroundBaseUs = profile.turnaround?.baseUs ?? 0;
    this.turnaroundPerRequestUs = profile.turnaround?.perRequestUs ?? 0;
    this.gpuTurns = profile.gpuSharing?.mode === "turns";
    this.switchByInstances = this.gpuTurns ? (profile.gpuSharing?.byInstances ?? []).map((e) => ({ x: e.instances, y: e.switchUs })) : [];
    this.gpuSwitchUs = this.gpuTurns ? (this.switchByInstances.length > 0 ? clampedAt(this.switchByInstances, 2) : (profile.gpuSharing?.switchUs ?? 0)) : 0;
    this.gpuSliceUs = this.gpuTurns ? (profile.gpuSharing?.slice?.us ?? 0) : 0;
    const overtake = profile.gpuSharing?.overtake;
    this.gpuOvertake = this.gpuTurns && overtake !== undefined ? { fromInstances: overtake.fromInstances, shortTurnRatio: overtake.shortTurnRatio } : null;
    this.batcherLateUs = profile.batcherLate?.baseUs ?? 0;
    this.batcherLateFraction = profile.batcherLate?.fractionOfWait ?? 0;
    const bw = profile.batcherWake;
    this.batcherWake = bw === undefined ? null : new QuantileTable(bw.probabilities, bw.us);
    this.batcherWakeInSchedulingUs = bw === undefined ? 0 : (bw.inSchedulingUs ?? this.batcherWake!.meanUs);
    const st = profile.slowStretches;
    this.slowStretches = st !== undefined && st.timeFraction > 0 && st.factor > 1 ? st : null;
    const hs = profile.frontEndStalls;
    this.frontEndStalls = hs !== undefined && hs.meanDurationUs > 0 ? hs : null;
    this.hasOverheads = ov.some(
      (o) => o.clientSendUs.mean > 0 || o.clientRecvUs.mean > 0 || o.networkUs.mean > 0 || o.schedulingUs.mean > 0,
    );
  }

  /** Standalone duration of a phase for a batch of b samples (one draw). */
  drawUs(phase: ComputePhase, b: number, rng: RandomStream): number {
    return this.phases[phase].draw(b > this.maxBatch ? this.maxBatch : b, rng);
  }

  /** Mean standalone duration of a phase for a batch of b samples. */
  meanUs(phase: ComputePhase, b: number): number {
    return this.phases[phase].mean[b > this.maxBatch ? this.maxBatch : b]!;
  }

  /** Extra standalone µs of a phase for each request beyond the first in an execution of n requests. */
  perRequest(phase: ComputePhase, n: number): number {
    return this.perRequestAtN[phase][n > this.maxBatch ? this.maxBatch : n < 0 ? 0 : n]!;
  }

  /** Mean standalone execution time of b samples from `requests` requests (default 1). */
  executionUs(b: number, requests = 1): number {
    const extra = requests > 1 ? (requests - 1) * (this.perRequest(0, requests) + this.perRequest(1, requests) + this.perRequest(2, requests)) : 0;
    return this.meanUs(0, b) + this.meanUs(1, b) + this.meanUs(2, b) + extra;
  }

  /** The switch cost on a GPU holding k instances: the profile's per-count entries (linear between them,
   *  the nearest one's outside them), else its one switchUs; 0 without turn-taking. */
  gpuSwitchUsAt(k: number): number {
    return this.switchByInstances.length > 0 ? clampedAt(this.switchByInstances, k) : this.gpuSwitchUs;
  }

  /** How much longer an execution takes after its instance idled `idleUs` (1 without idle data;
   *  linear between tabulated points, the last one's value beyond them). */
  idleFactor(idleUs: number): number {
    const xs = this.idleAtUs;
    const n = xs.length;
    if (n === 0) return 1;
    const ys = this.idleFactorAt;
    if (idleUs <= xs[0]!) return ys[0]! > 1 && xs[0]! > 0 ? 1 + ((ys[0]! - 1) * Math.max(0, idleUs)) / xs[0]! : ys[0]!;
    if (idleUs >= xs[n - 1]!) return ys[n - 1]!;
    let i = 1;
    while (xs[i]! < idleUs) i++;
    const x0 = xs[i - 1]!;
    const y0 = ys[i - 1]!;
    return y0 + ((ys[i]! - y0) * (idleUs - x0)) / (xs[i]! - x0);
  }

  /** Mean duration of an execution of b samples (one request; its three phases) with k executions on
   *  the GPU, each phase slowed as measured. */
  contendedExecutionUs(k: number, b: number): number {
    let us = 0;
    for (let p = 0; p < 3; p++) us += this.meanUs(p as ComputePhase, b) * this.slowdown(p as ComputePhase, k, b);
    return us;
  }

  /** How much slower a phase runs with k executions on the GPU (1 when alone). */
  slowdown(phase: ComputePhase, k: number, b: number): number {
    if (k <= 1) return 1;
    const kk = k > this.maxConcurrency ? this.maxConcurrency : k;
    const bb = b > this.maxBatch ? this.maxBatch : b;
    return this.slow[phase][kk * (this.maxBatch + 1) + bb]!;
  }
}
