// A new policy gets the whole law suite with one call: the guide's timeout-k example.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runArrivals } from "../helpers/trace-run.js";
import { checkPolicyLaws, fullParams } from "./policy-laws.js";
import { timeoutK } from "./timeout-k.js";

checkPolicyLaws("timeout-k", timeoutK, {
  paramsArb: fc.record({ k: fc.integer({ min: 1, max: 16 }), timeout_us: fc.integer({ min: 0, max: 5000 }) }),
  holdUs: (p) => p.timeout_us!,
});

describe("timeout-k", () => {
  it("sends k at once, and fewer when the head has waited timeout_us", () => {
    const policy = timeoutK.create(fullParams(timeoutK, { k: 4, timeout_us: 1000 }));
    const r = runArrivals({ maxBatchSize: 8 }, "1=1", [0, 0, 0, 0, 100, 2000, 2000].map((t) => ({ t })), "t", policy);
    expect(r.executions.map((e) => [e.startUs, e.batchSize])).toEqual([
      [0, 4], // k reached
      [1100, 1], // request 4 waited its 1 ms (the instance is free from 1 ms)
      [3000, 2], // requests 5 and 6 at 2 ms: timeout at 3 ms
    ]);
  });
});
