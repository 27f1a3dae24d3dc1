// The command table: every subcommand registers itself on the program. Adding a command is one file
// and one line here. Each entry loads its module on demand, so a command pays only for its own imports
// (report's vega, calibrate's gRPC) and not for every other command's: see main.ts.
import type { Command } from "@commander-js/extra-typings";

export type Register = (program: Command) => void;

export const COMMANDS = {
  simulate: async () => (await import("./simulate.js")).registerSimulate,
  plan: async () => (await import("./plan.js")).registerPlan,
  validate: async () => (await import("./validate.js")).registerValidate,
  "compose-profile": async () => (await import("./compose-profile.js")).registerComposeProfile,
  calibrate: async () => (await import("./calibrate.js")).registerCalibrate,
  loadgen: async () => (await import("./loadgen.js")).registerLoadgen,
  report: async () => (await import("./report.js")).registerReport,
  "compare-policies": async () => (await import("./compare-policies.js")).registerComparePolicies,
  "host-check": async () => (await import("./host-check.js")).registerHostCheck,
} satisfies Record<string, () => Promise<Register>>;

export type CommandName = keyof typeof COMMANDS;

/** The commands a command line needs registered: the one it names, or all of them when it names none
 * (top-level help, --version, `help CMD`, a mistyped name that commander should answer with a suggestion). */
export function commandsFor(args: readonly string[]): readonly CommandName[] {
  const first = args[0];
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first as CommandName];
  return Object.keys(COMMANDS) as CommandName[];
}
