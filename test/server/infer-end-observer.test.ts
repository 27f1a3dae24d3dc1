// The observer's onInferEnd: one infer span per execution, on its instance, inside the execution (from its start to
// its responses), on instances that take turns on the GPU, share it, or run alone; and watching changes nothing.
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/cli/profiles.js";
import { forTool } from "../../src/compute/load-generator.js";
import { parseComputeMs } from "../../src/compute/inline.js";
import type { Profile } from "../../src/compute/profile.js";
import { makeServerConfig } from "../../src/server/config.js";
import { simulateAs, type SimulationObserver } from "../../src/server/simulation.js";

interface Span {
  readonly instance: number;
  readonly startUs: number;
  readonly endUs: number;
  readonly batchSize: number;
}

function run(profile: Profile, instances: number, watch: boolean) {
  const starts = new Map<number, { instance: number; batchSize: number }>();
  const ends = new Map<number, number>();
  const spans: Span[] = [];
  const observer: SimulationObserver = {
    onExecutionStart: (e) => starts.set(e.startUs, { instance: e.instance, batchSize: e.batchSize }),
    onRequestDone: (e) => {
      if (e.ok) ends.set(e.execStartUs, e.execEndUs);
    },
    onInferEnd: (e) => spans.push(e),
  };
  const summary = simulateAs(forTool(profile, "perf_analyzer"), {
    config: makeServerConfig({ maxBatchSize: 16, dynamicBatching: { maxQueueDelayUs: 500 }, instanceGroups: [{ count: instances }] }),
    workload: { kind: "rate", requestsPerS: 5000, distribution: "poisson", cv: 1, senders: 128, batchSize: 1, priority: 0, timeoutUs: 0 },
    seed: "infer-end",
    measurement: { kind: "requests", warmupRequests: 500, requests: 4000 },
    ...(watch ? { observer } : {}),
  });
  return { summary, starts, ends, spans };
}

const cases: [string, () => Profile, number][] = [
  ["turns on the GPU (an H100 profile, two instances)", () => loadProfile("calibration/profiles/h100-bert-base-seq128-fp16-capacity4.json"), 2],
  ["processor sharing (an inline profile, two instances)", () => parseComputeMs("1=0.4,16=1.2"), 2],
  ["one instance alone", () => parseComputeMs("1=0.1,16=0.4"), 1],
];

describe("onInferEnd", () => {
  for (const [what, profile, instances] of cases) {
    it(`${what}: one span per execution, inside it, on its instance`, () => {
      const { starts, ends, spans } = run(profile(), instances, true);
      expect(spans.length).toBeGreaterThan(200);
      const startTimes = [...starts.keys()].sort((a, b) => a - b);
      let checked = 0;
      for (const s of spans) {
        expect(s.endUs).toBeGreaterThan(s.startUs);
        // the execution it belongs to: the last start of its instance at or before the span's start
        let k = startTimes.length - 1;
        while (k >= 0 && (startTimes[k]! > s.startUs || starts.get(startTimes[k]!)!.instance !== s.instance)) k--;
        expect(k).toBeGreaterThanOrEqual(0);
        const x = starts.get(startTimes[k]!)!;
        expect(x.batchSize).toBe(s.batchSize);
        const end = ends.get(startTimes[k]!);
        if (end !== undefined) {
          expect(s.endUs).toBeLessThanOrEqual(end);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(200);
      // every execution that ran to its end had exactly one infer span
      const perInstance = new Map<number, number>();
      for (const s of spans) perInstance.set(s.instance, (perInstance.get(s.instance) ?? 0) + 1);
      expect([...perInstance.keys()].sort()).toEqual([...Array(instances).keys()]);
      expect(Math.abs(spans.length - starts.size)).toBeLessThanOrEqual(instances);
    });

    it(`${what}: watching changes nothing`, () => {
      expect(run(profile(), instances, true).summary).toEqual(run(profile(), instances, false).summary);
    });
  }
});
