// A run is simulated with the load generator that measured it: that tool's entry in the profile gives
// its response gap and, when measured, its own batch-1 overheads (rescaled over batch size); other tools
// get the profile as it is and an ideal client. The overheads come from the lightest closed-loop level of
// the tool's run on a calibration-only model.
import { describe, expect, it } from "vitest";
import type { LiveRun } from "../../src/calibrate/live-run.js";
import { toolOverheads } from "../../src/calibrate/tool-overheads.js";
import { forTool, withLoadGenerator } from "../../src/compute/load-generator.js";
import { PROFILE_SCHEMA_ID, Profile } from "../../src/compute/profile.js";

const st = (mean: number) => ({ mean, sd: mean / 10 });
const profile: Profile = {
  schema: PROFILE_SCHEMA_ID,
  name: "p",
  metadata: { source: "measured" },
  compute: [{ batchSize: 1, concurrency: 1, computeInputUs: st(10), computeInferUs: st(500), computeOutputUs: st(10) }],
  requestOverheads: [
    { batchSize: 1, clientSendUs: st(100), clientRecvUs: st(40), networkUs: st(500), schedulingUs: st(20) },
    { batchSize: 8, clientSendUs: st(200), clientRecvUs: st(80), networkUs: st(1000), schedulingUs: st(20) },
  ],
};

describe("load generators", () => {
  const withPa = withLoadGenerator(withLoadGenerator(profile, { tool: "servesim-loadgen", responseGapUs: 150 }), {
    tool: "perf_analyzer",
    responseGapUs: 0,
    sendUs: 2,
    recvUs: 0,
    networkUs: 125,
  });

  it("a tool's measured overheads replace the probe's at batch 1 and scale the others; its gap comes along", () => {
    const pa = forTool(withPa, "perf_analyzer");
    expect(pa.responseGapUs).toBe(0);
    const [b1, b8] = pa.profile.requestOverheads;
    expect(b1!.networkUs.mean).toBeCloseTo(125, 9);
    expect(b8!.networkUs.mean).toBeCloseTo(250, 9);
    expect(b1!.clientSendUs.mean).toBeCloseTo(2, 9);
    expect(b1!.clientRecvUs.mean).toBe(0);
    expect(b1!.schedulingUs.mean).toBe(20); // Triton's own, not the tool's
  });

  it("a tool with only a gap keeps the probe's overheads; an unknown tool gets the profile as it is", () => {
    const lg = forTool(withPa, "servesim-loadgen");
    expect(lg.responseGapUs).toBe(150);
    expect(lg.profile.requestOverheads).toEqual(profile.requestOverheads);
    expect(forTool(profile, "perf_analyzer")).toEqual({ profile, responseGapUs: 0, loadedNetworkUs: 0 });
  });

  it("the tool's loaded wait comes along with its shape and the others in flight that make it whole", () => {
    const waited = withLoadGenerator(withPa, { tool: "perf_analyzer", responseGapUs: 0, loadedNetworkUs: 130, loadedWaitShape: 2, loadedWaitWholeFrom: 8 });
    expect(forTool(waited, "perf_analyzer")).toMatchObject({ loadedNetworkUs: 130, loadedWaitShape: 2, loadedWaitWholeFrom: 8 });
    expect(forTool(withPa, "perf_analyzer").loadedWaitWholeFrom).toBeUndefined();
    expect(() => Profile.parse(withLoadGenerator(withPa, { tool: "perf_analyzer", responseGapUs: 0, loadedWaitWholeFrom: 0 }))).toThrow();
  });

  it("a tool's recorded pauses are simulated only when asked", () => {
    const paused = withLoadGenerator(withPa, { tool: "servesim-loadgen", responseGapUs: 150, pauses: { perRequest: 0.004, meanUs: 3000 } });
    expect(forTool(paused, "servesim-loadgen").clientPauses).toBeUndefined();
    expect(forTool(paused, "servesim-loadgen", true).clientPauses).toEqual({ perRequest: 0.004, meanUs: 3000 });
    expect(forTool(withPa, "servesim-loadgen", true).clientPauses).toBeUndefined();
    const never = withLoadGenerator(withPa, { tool: "servesim-loadgen", responseGapUs: 150, pauses: { perRequest: 0, meanUs: 3000 } });
    expect(forTool(never, "servesim-loadgen", true).clientPauses).toBeUndefined();
  });

  it("one entry per tool: adding a tool's entry replaces its earlier one, and the schema refuses duplicates", () => {
    expect(withLoadGenerator(withPa, { tool: "perf_analyzer", responseGapUs: 5 }).loadGenerators!.filter((g) => g.tool === "perf_analyzer")).toHaveLength(1);
    const dup = { ...profile, loadGenerators: [{ tool: "perf_analyzer", responseGapUs: 0 }, { tool: "perf_analyzer", responseGapUs: 1 }] };
    expect(Profile.safeParse(dup).success).toBe(false);
  });

  it("a tool's overheads are its lightest closed-loop level's Client Send, Client Recv and Network+Server", () => {
    const run = { name: "pa", model: "m", tool: "perf_analyzer", load: { mode: "concurrency", batchSize: 1 } } as unknown as LiveRun;
    const row = (c: number, n: number) => ({ Concurrency: c, "Client Send": 2, "Client Recv": 1, "Network+Server Send/Recv": n });
    expect(toolOverheads(run, [row(9, 400), row(1, 145), row(17, 900)])).toMatchObject({ tool: "perf_analyzer", sendUs: 2, recvUs: 1, networkUs: 145 });
    expect(() => toolOverheads({ ...run, load: { mode: "rate", batchSize: 1 } } as unknown as LiveRun, [row(1, 1)])).toThrow(/closed-loop/);
  });
});
