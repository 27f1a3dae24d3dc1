// Pooling calibration passes of the same model and server: points with the same key are averaged
// (weighted by executions), and the spread between passes is added to each point's sd, so drift of the
// server between passes shows up as variability instead of being hidden.
import type { ComputePoint, Profile, RequestOverheadPoint, StatUs } from "./profile.js";

interface Weighted {
  readonly stat: StatUs;
  readonly w: number;
}

/** Weighted mean of means; sd² = weighted mean of sd² + weighted variance of the means. */
export function poolStats(xs: readonly Weighted[]): StatUs {
  const W = xs.reduce((a, x) => a + x.w, 0);
  if (W <= 0) return { mean: 0, sd: 0 };
  const mean = xs.reduce((a, x) => a + x.w * x.stat.mean, 0) / W;
  const within = xs.reduce((a, x) => a + x.w * x.stat.sd * x.stat.sd, 0) / W;
  const between = xs.reduce((a, x) => a + x.w * (x.stat.mean - mean) ** 2, 0) / W;
  return { mean, sd: Math.sqrt(within + between) };
}

const computeKey = (c: ComputePoint): string => `${c.batchSize}/${c.concurrency}/${c.requests ?? 1}`;

export function mergeProfiles(profiles: readonly Profile[], name: string): Profile {
  const first = profiles[0];
  if (first === undefined) throw new Error("mergeProfiles: no profiles");
  const groups = new Map<string, ComputePoint[]>();
  for (const p of profiles) for (const c of p.compute) groups.set(computeKey(c), [...(groups.get(computeKey(c)) ?? []), c]);
  const compute: ComputePoint[] = [...groups.values()].map((cs) => {
    const w = (c: ComputePoint): number => c.executions ?? 1;
    const pool = (k: "computeInputUs" | "computeInferUs" | "computeOutputUs"): StatUs => poolStats(cs.map((c) => ({ stat: c[k], w: w(c) })));
    const c0 = cs[0]!;
    return {
      batchSize: c0.batchSize,
      concurrency: c0.concurrency,
      ...(c0.requests !== undefined ? { requests: c0.requests } : {}),
      computeInputUs: pool("computeInputUs"),
      computeInferUs: pool("computeInferUs"),
      computeOutputUs: pool("computeOutputUs"),
      executions: cs.reduce((a, c) => a + w(c), 0),
    };
  });
  const ov = new Map<number, RequestOverheadPoint[]>();
  for (const p of profiles) for (const o of p.requestOverheads) ov.set(o.batchSize, [...(ov.get(o.batchSize) ?? []), o]);
  const requestOverheads: RequestOverheadPoint[] = [...ov.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([batchSize, os]) => {
      const pool = (k: "clientSendUs" | "clientRecvUs" | "networkUs" | "schedulingUs"): StatUs => poolStats(os.map((o) => ({ stat: o[k], w: 1 })));
      return { batchSize, clientSendUs: pool("clientSendUs"), clientRecvUs: pool("clientRecvUs"), networkUs: pool("networkUs"), schedulingUs: pool("schedulingUs") };
    });
  return {
    ...first,
    name,
    compute: compute.sort((a, b) => a.concurrency - b.concurrency || (a.requests ?? 1) - (b.requests ?? 1) || a.batchSize - b.batchSize),
    requestOverheads,
    metadata: {
      ...first.metadata,
      date: profiles.map((p) => p.metadata.date ?? "?").join(" + "),
      command: profiles.map((p) => p.metadata.command ?? "?").join(" ;; "),
      passes: profiles.length,
      notes: `pooled from ${profiles.length} calibration passes (weighted means; sd includes the spread between passes)`,
    },
  };
}
