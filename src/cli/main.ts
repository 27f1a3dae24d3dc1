// CLI entry: builds the commander program from the command table and turns every failure into one
// line on stderr and a non-zero exit status (never a stack trace for bad input). Only the command the
// line names is loaded and registered (all of them for top-level help): loading every command's
// imports cost about half of each run's start-up.
import { Command, CommanderError } from "@commander-js/extra-typings";
import { InputError } from "../validation.js";
import { COMMANDS, commandsFor } from "./commands.js";

import { VERSION } from "./version.js";

export { VERSION };

/** The program with the commands `args` (the arguments after node and the script) need. */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command()
    .name("servesim")
    .description(
      "Capacity planning for NVIDIA Triton Inference Server: simulate the dynamic batcher on a calibrated " +
        "service-time model, plan settings within a latency SLO, and check predictions against live runs.",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`servesim: ${str}`) });
  const registers = await Promise.all(commandsFor(args).map((name) => COMMANDS[name]()));
  for (const register of registers) register(program);
  return program;
}

/** Run the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (help, version or a usage error).
    return err.exitCode;
  }
  if (err instanceof InputError) {
    process.stderr.write(`servesim: error: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`servesim: error: ${message.split("\n")[0]}\n`);
  if (process.env.SERVESIM_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}
