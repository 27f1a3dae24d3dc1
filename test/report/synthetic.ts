// Synthetic inputs for the report tests: a validate --json document in exactly the shape the report
// reads (two runs, one in sample, one held out, one point with a missing measurement) and a small plan.
import type { PlanInput } from "../../src/report/plan-input.js";
import type { SimulateInput } from "../../src/report/simulate-input.js";
import type { ValidateInput } from "../../src/report/validate-input.js";

const breakdown = (queueUs: number, inferUs: number) => ({
  clientSend: 20,
  networkServer: 150,
  serverQueue: queueUs,
  computeInput: 30,
  computeInfer: inferUs,
  computeOutput: 25,
  clientRecv: 15,
});

function point(run: string, mode: "concurrency" | "rate", load: number, inSample: boolean, thr: number, p50Ms: number, bias: number) {
  const measured = { throughputPerS: thr, p50Us: p50Ms * 1000, p90Us: p50Ms * 1300, p99Us: p50Ms * 1600, breakdownUs: breakdown(p50Ms * 300, p50Ms * 600) };
  const predicted = {
    throughputPerS: thr * (1 + bias / 2),
    p50Us: p50Ms * 1000 * (1 + bias),
    p90Us: p50Ms * 1300 * (1 + bias),
    p99Us: p50Ms * 1600 * (1 + bias),
    breakdownUs: breakdown(p50Ms * 300 * (1 + bias), p50Ms * 600),
  };
  const err = (p: number, m: number) => ((p - m) / m) * 100;
  return {
    run,
    model: "bert",
    mode,
    load,
    inSample,
    measured,
    predicted,
    errorPct: {
      throughput: err(predicted.throughputPerS, thr),
      p50: err(predicted.p50Us, measured.p50Us),
      p90: err(predicted.p90Us, measured.p90Us),
      p99: err(predicted.p99Us, measured.p99Us),
    },
  };
}

export function syntheticValidate(): ValidateInput {
  const points = [
    point("static-c", "concurrency", 1, true, 110, 9, 0.05),
    point("static-c", "concurrency", 2, true, 118, 17, 0.04),
    point("static-c", "concurrency", 4, true, 119, 34, -0.03),
    point("dyn-rate", "rate", 100, false, 100, 12, 0.1),
    point("dyn-rate", "rate", 300, false, 298, 15, 0.12),
    point("dyn-rate", "rate", 500, false, 480, 30, 0.2),
  ];
  // a level whose measured p99 was missing from the CSV: NaN, serialised as null
  const missing = point("dyn-rate", "rate", 600, false, 510, 60, 0.3);
  return {
    tool: "servesim",
    command: "validate",
    profile: "h100-bert",
    points: [...points, { ...missing, measured: { ...missing.measured, p99Us: null }, errorPct: { ...missing.errorPct, p99: null } }],
  };
}

export function syntheticPlan(): PlanInput {
  const pts = [
    { key: "a", description: "1 GPU × 1 instance, max_batch_size 4, default scheduler", gpus: 1, sloMs: 17000, throughputPerS: 119, capacityBoundPerS: 350, stable: false, pareto: false },
    { key: "b", description: "1 GPU × 1 instance, max_batch_size 8, dynamic [8], 0 µs", gpus: 1, sloMs: 28, throughputPerS: 299, capacityBoundPerS: 520, stable: true, pareto: false },
    { key: "c", description: "1 GPU × 1 instance, max_batch_size 16, dynamic [16], 0 µs", gpus: 1, sloMs: 26, throughputPerS: 299, capacityBoundPerS: 680, stable: true, pareto: true },
    { key: "d", description: "1 GPU × 2 instances, max_batch_size 4, dynamic [4], 0 µs", gpus: 1, sloMs: 21, throughputPerS: 300, capacityBoundPerS: 420, stable: true, pareto: true },
    { key: "e", description: "1 GPU × 1 instance, max_batch_size 2, default scheduler", gpus: 1, sloMs: null, throughputPerS: 80, capacityBoundPerS: 200, stable: false, pareto: false },
  ];
  return {
    tool: "servesim",
    command: "plan",
    slo: { statistic: "p99", boundMs: 30 },
    load: { kind: "rate", requestsPerS: 300 },
    feasible: true,
    recommendation: { key: "c", description: pts[2]!.description },
    points: pts,
  };
}

/** A simulate --json document: two runs (closed loop, open loop) with hand-made levels. */
export function syntheticSimulate(): SimulateInput {
  const level = (mode: "concurrency" | "rate", load: number, thr: number, queueUs: number, stable = true) => ({
    mode,
    load,
    throughputPerS: thr,
    latencyUs: { p50: 8000 + queueUs, p90: 9000 + queueUs * 1.2, p99: 10_000 + queueUs * 1.5 },
    breakdownUs: { clientSend: 40, networkServer: 200, serverQueue: queueUs, computeInput: 50, computeInfer: 8000, computeOutput: 30, clientRecv: 20 },
    stable,
  });
  return {
    tool: "servesim",
    command: "simulate",
    seed: "1",
    runs: [
      { name: "static", description: "default scheduler", levels: [level("concurrency", 1, 110, 0), level("concurrency", 2, 118, 8000), level("concurrency", 4, 119, 24_000)] },
      {
        name: "dynamic",
        description: "dynamic batching, preferred [4, 8], 5000 µs",
        levels: [level("rate", 100, 100, 2000), level("rate", 200, 200, 3000), level("rate", 400, 399, 6000), level("rate", 600, 520, 90_000, false)],
      },
    ],
  };
}
