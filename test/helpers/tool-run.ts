// A load generator's closed-loop run on a calibration-only model (max_batch_size 32, delay 0, one instance) and the
// deterministic profile and perf_analyzer entry its fits start from, for the tests of calibrate/tool-gap.ts and
// calibrate/tool-output.ts.
import { parseLiveRun } from "../../src/calibrate/live-run.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { LoadGenerator, Profile } from "../../src/compute/profile.js";

export const toolRunModelConfig = { name: "cal", max_batch_size: 32, dynamic_batching: {}, instance_group: [{ count: 1, kind: "KIND_GPU" }] };

/** perf_analyzer's run of that model at concurrency 1, 8, 16 and 24. */
export const toolRun = parseLiveRun(
  {
    schema: "servesim.live/v1",
    name: "tool-cal",
    model: "cal",
    network: "loopback",
    tool: "perf_analyzer",
    toolVersion: "t",
    load: { mode: "concurrency", distribution: null, batchSize: 1, levels: [1, 8, 16, 24] },
    modelConfig: toolRunModelConfig,
    measurement: { intervalMs: 1000, stabilityPct: 10 },
    metadata: { date: "d", command: "c" },
  },
  "tool-cal",
);

/** Its inline table (input and output phases 0 µs at every batch size) with a turnaround. */
export const toolRunProfile: Profile = { ...parseComputeMs("1=0.7,8=1.0,16=1.4,32=2.4"), turnaround: { baseUs: 30, perRequestUs: 13 } };

/** The tool's measured batch-1 overheads, nothing fitted yet. */
export const toolRunEntry: LoadGenerator = { tool: "perf_analyzer", responseGapUs: 0, sendUs: 2, recvUs: 0, networkUs: 100 };
