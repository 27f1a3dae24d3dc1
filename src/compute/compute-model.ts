// ComputeModel: execution times per batch size from a calibration profile, tabulated for the event loop
// (standalone curves and merged-request costs: merged-requests.ts; contention: slowdown-table.ts; draws:
// duration-table.ts), plus the profile's idle stretch (back-to-back versus after gaps), GPU sharing (at once or
// by turns), batcher timing, turnaround, slow stretches, front-end stalls and host episodes, passed through for the
// simulator.
// Every per-event lookup is a typed-array read.
import type { RandomStream } from "../kernel/rng.js";
import type { FrontEndStalls, HostEpisodes, Profile, SlowStretches } from "./profile.js";
import { clampedAt, isotonic, type Point } from "./interpolate.js";
import { curve, type DurationTable } from "./duration-table.js";
import { QuantileTable } from "./jitter.js";
import type { ComputePhase } from "./compute-phase.js";
import { mergedRequestCosts, oneRequestMeansUs, perRequestAt, standaloneCurves } from "./merged-requests.js";
import { slowdownTables } from "./slowdown-table.js";

export { ComputePhase } from "./compute-phase.js";

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
  /** The profile's host episodes, when it has any (the front end is held during them: server/front-end-holds.ts). */
  readonly hostEpisodes: HostEpisodes | null;
  readonly coverage: Coverage;

  constructor(profile: Profile, maxBatch: number, maxConcurrency: number) {
    this.maxBatch = Math.max(1, maxBatch);
    this.maxConcurrency = Math.max(1, maxConcurrency);
    this.coverage = coverageOf(profile);
    const B = this.maxBatch;
    const single = profile.compute.filter((c) => (c.requests ?? 1) === 1);
    const alone = single.filter((c) => c.concurrency === 1);
    const merged = profile.compute.filter((c) => c.concurrency === 1 && (c.requests ?? 1) > 1);
    const oneRequestUs = oneRequestMeansUs(alone, B);
    const costs = mergedRequestCosts(alone, merged, oneRequestUs, B);
    this.perRequestUs = costs.perRequestUs;
    this.perRequestAtN = costs.perRequestAtN;
    this.phases = standaloneCurves(alone, merged, oneRequestUs, this.perRequestAtN, B, profile.executionJitter);
    const slow = slowdownTables(single, alone, [this.phases[0].mean, this.phases[1].mean, this.phases[2].mean], B, this.maxConcurrency);
    this.slow = slow.tables;
    this.contended = slow.contended;

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
    this.hostEpisodes = profile.hostEpisodes ?? null;
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
    return perRequestAt(this.perRequestAtN, phase, n, this.maxBatch);
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
