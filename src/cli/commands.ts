// The command table: every subcommand registers itself on the program. Adding a command is one file
// and one line here.
import type { Command } from "@commander-js/extra-typings";
import { registerSimulate } from "./simulate.js";

export type Register = (program: Command) => void;

export const COMMANDS = {
  simulate: registerSimulate,
} satisfies Record<string, Register>;
