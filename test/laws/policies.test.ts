// Every registered policy passes the law suite. The options table is keyed by the registry's names, so
// a policy added to POLICIES without a line here is a compile error.
import fc from "fast-check";
import { POLICIES, type PolicyParams } from "../../src/server/policies/index.js";
import { checkPolicyLaws, type PolicyLawOptions } from "./policy-laws.js";

const sloArb = fc.record({ slo_us: fc.integer({ min: 500, max: 40_000 }) });

const LAW_OPTIONS = {
  greedy: {},
  aimd: {
    paramsArb: fc.record({
      target_us: fc.integer({ min: 200, max: 20_000 }),
      step: fc.constantFrom(0.5, 1, 4),
      decrease: fc.constantFrom(0.5, 0.9),
      include_queue: fc.constantFrom(0, 1),
    }),
  },
  nexus: { paramsArb: sloArb, holdUs: (p: PolicyParams) => p.slo_us! },
  deadline: { paramsArb: sloArb, holdUs: (p: PolicyParams) => p.slo_us! },
} satisfies Record<keyof typeof POLICIES, PolicyLawOptions>;

for (const [name, factory] of Object.entries(POLICIES)) {
  checkPolicyLaws(name, factory, LAW_OPTIONS[name as keyof typeof POLICIES]);
}
