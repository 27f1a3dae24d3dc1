// The command table: every subcommand registers itself on the program. Adding a command is one file
// and one line here.
import type { Command } from "@commander-js/extra-typings";
import { registerSimulate } from "./simulate.js";
import { registerPlan } from "./plan.js";
import { registerValidate } from "./validate.js";
import { registerComposeProfile } from "./compose-profile.js";
import { registerCalibrate } from "./calibrate.js";
import { registerLoadgen } from "./loadgen.js";
import { registerReport } from "./report.js";
import { registerComparePolicies } from "./compare-policies.js";
import { registerHostCheck } from "./host-check.js";

export type Register = (program: Command) => void;

export const COMMANDS = {
  simulate: registerSimulate,
  plan: registerPlan,
  validate: registerValidate,
  "compose-profile": registerComposeProfile,
  calibrate: registerCalibrate,
  loadgen: registerLoadgen,
  report: registerReport,
  "compare-policies": registerComparePolicies,
  "host-check": registerHostCheck,
} satisfies Record<string, Register>;
