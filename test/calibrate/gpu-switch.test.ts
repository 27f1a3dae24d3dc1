// The GPU switch cost from calibration probes: the median, over batch sizes and multi-instance models,
// of the k-instance probe's infer less the one-instance probe's, and the same median at each k; pooled
// over passes; never negative.
import { describe, expect, it } from "vitest";
import { fitGpuSwitch, switchDifferences, type SwitchProbes } from "../../src/calibrate/gpu-switch.js";

const probe = (model: string, batchSize: number, mean: number) => ({ model, batchSize, computeInferUs: { mean } });
const models = [
  { name: "m_i1", totalInstances: 1 },
  { name: "m_i2", totalInstances: 2 },
  { name: "m_i4", totalInstances: 4 },
];

describe("GPU switch cost", () => {
  it("pairs each multi-instance probe with the one-instance probe of its batch size", () => {
    const cal: SwitchProbes = { models, probes: [probe("m_i1", 1, 700), probe("m_i1", 8, 1000), probe("m_i2", 1, 900), probe("m_i4", 8, 1300), probe("m_i2", 16, 2000)] };
    expect(switchDifferences(cal)).toEqual([
      { instances: 2, us: 200 },
      { instances: 4, us: 300 },
    ]);
  });

  it("is the median of the differences, pooled over passes, as turn-taking", () => {
    const a: SwitchProbes = { models, probes: [probe("m_i1", 1, 700), probe("m_i2", 1, 900), probe("m_i4", 1, 1000)] };
    const b: SwitchProbes = { models, probes: [probe("m_i1", 1, 600), probe("m_i2", 1, 5600)] };
    const fit = fitGpuSwitch([a, b], "test");
    expect(fit?.pairs).toBe(3);
    expect(fit?.sharing).toMatchObject({ mode: "turns", switchUs: 300 });
    expect(fit?.sharing.measuredFrom).toMatch(/test: 3 probe pairs/);
  });

  it("keeps each instance count's own median, in increasing instances", () => {
    const one = [1, 2, 4].map((b) => probe("m_i1", b, 1000));
    const k2 = [probe("m_i2", 1, 1100), probe("m_i2", 2, 1150), probe("m_i2", 4, 1900)];
    const k4 = [probe("m_i4", 1, 1300), probe("m_i4", 2, 1400), probe("m_i4", 4, 1350)];
    const fit = fitGpuSwitch([{ models, probes: [...k4, ...one, ...k2] }], "t");
    expect(fit?.sharing.byInstances).toEqual([
      { instances: 2, switchUs: 150 },
      { instances: 4, switchUs: 350 },
    ]);
    // the pooled median stays the profile's switchUs (of 100, 150, 900, 300, 400, 350)
    expect(fit?.sharing.switchUs).toBe(325);
  });

  it("is never negative, and there is none without a multi-instance model", () => {
    expect(fitGpuSwitch([{ models, probes: [probe("m_i1", 1, 700), probe("m_i2", 1, 650)] }], "t")?.sharing).toMatchObject({
      switchUs: 0,
      byInstances: [{ instances: 2, switchUs: 0 }],
    });
    expect(fitGpuSwitch([{ models: models.slice(0, 1), probes: [probe("m_i1", 1, 700)] }], "t")).toBeNull();
  });
});
