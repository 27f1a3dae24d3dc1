// `--policy NAME[:key=value,…]`: parse and check a policy spec against the registry (unknown names,
// unknown parameters and out-of-range values are one-line InputErrors naming the flag), fill in the
// defaults, and create a fresh policy. "triton" stands for Triton's own batcher: no plug-in.
import { InputError } from "../../validation.js";
import type { BatchingPolicy } from "../policy.js";
import { POLICIES, POLICY_NAMES, type PolicyFactory, type PolicyParams } from "./index.js";

/** A checked policy choice: its name and every parameter (defaults filled in). */
export interface PolicySpec {
  readonly name: string;
  readonly params: PolicyParams;
}

const registry: Readonly<Record<string, PolicyFactory>> = POLICIES;

export function policyFactory(name: string): PolicyFactory | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}

/** Parse `name[:key=value,…]`; `where` names the flag or field in errors. "triton" gives name "triton". */
export function parsePolicySpec(text: string, where = "--policy"): PolicySpec {
  return parseWithGiven(text, where).spec;
}

/** Parse, then size the policy to a latency budget: its declared SLO parameter becomes its share of
 *  `budgetUs`, unless the text gives that parameter. */
export function parsePolicyForSlo(text: string, budgetUs: number, where = "--policy"): PolicySpec {
  const { spec, given } = parseWithGiven(text, where);
  const slo = policyFactory(spec.name)?.slo;
  if (slo === undefined || given.has(slo.param)) return spec;
  return { name: spec.name, params: { ...spec.params, [slo.param]: Math.max(1, Math.round(budgetUs * slo.share)) } };
}

function parseWithGiven(text: string, where: string): { spec: PolicySpec; given: ReadonlySet<string> } {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(":");
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
  const rest = colon < 0 ? "" : trimmed.slice(colon + 1);
  if (name === "triton") {
    if (rest.trim() !== "") throw new InputError(`${where}: policy "triton" takes no parameters (use the dynamic batching flags)`);
    return { spec: { name, params: {} }, given: new Set() };
  }
  const factory = policyFactory(name);
  if (factory === undefined) {
    throw new InputError(`${where}: unknown policy "${name}" (known: ${POLICY_NAMES.join(", ")})`);
  }
  const params: Record<string, number> = {};
  for (const [k, spec] of Object.entries(factory.params)) params[k] = spec.default;
  const given = new Set<string>();
  for (const part of rest.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) throw new InputError(`${where}: "${part.trim()}" is not key=value (policy ${name})`);
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    const spec = Object.hasOwn(factory.params, key) ? factory.params[key] : undefined;
    if (spec === undefined) {
      const known = Object.keys(factory.params);
      throw new InputError(
        `${where}: unknown parameter "${key}" for policy ${name} (${known.length === 0 ? "it takes none" : `known: ${known.join(", ")}`})`,
      );
    }
    if (given.has(key)) throw new InputError(`${where}: parameter "${key}" given twice`);
    given.add(key);
    const v = Number(raw);
    if (raw === "" || !Number.isFinite(v)) throw new InputError(`${where}: ${name}.${key} must be a number, got "${raw}"`);
    if (spec.integer === true && !Number.isInteger(v)) throw new InputError(`${where}: ${name}.${key} must be a whole number, got ${raw}`);
    if (v < spec.min || (spec.max !== undefined && v > spec.max)) {
      throw new InputError(`${where}: ${name}.${key} must be in [${spec.min}, ${spec.max ?? "∞"}], got ${raw}`);
    }
    params[key] = v;
  }
  return { spec: { name, params }, given };
}

/** A fresh policy for one simulation (undefined = Triton's own batcher). */
export function createPolicy(spec: PolicySpec): BatchingPolicy | undefined {
  if (spec.name === "triton") return undefined;
  const factory = policyFactory(spec.name);
  if (factory === undefined) throw new InputError(`unknown policy "${spec.name}"`);
  return factory.create(spec.params);
}

/** `name:key=value,…` with every parameter, in declaration order (the canonical text of a spec). */
export function formatPolicySpec(spec: PolicySpec): string {
  const keys = Object.keys(spec.params);
  return keys.length === 0 ? spec.name : `${spec.name}:${keys.map((k) => `${k}=${spec.params[k]}`).join(",")}`;
}

/** Parse and create in one step (for `validate` and scripts); undefined = Triton's own batcher. */
export function resolvePolicy(spec: string, where = "--policy"): BatchingPolicy | undefined {
  return createPolicy(parsePolicySpec(spec, where));
}
