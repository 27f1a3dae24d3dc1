// The live-only CLI that the single-file bundle for the GPU machine runs (see live-bin.ts): only
// the live commands, calibrate and loadgen, and host-check (so a phase can read a calibration log's host
// episodes on the machine itself), so the bundle needs nothing but node (no native modules of the report
// side). Errors end as one line on stderr, as in main.ts.
import { Command, CommanderError } from "@commander-js/extra-typings";
import { InputError } from "../validation.js";
import { registerCalibrate } from "./calibrate.js";
import { registerHostCheck } from "./host-check.js";
import { registerLoadgen } from "./loadgen.js";

/** Kept equal to the main CLI's VERSION by hand (a literal, so the bundle imports nothing of main.ts). */
export const LIVE_VERSION = "0.1.0";

export function buildLiveProgram(): Command {
  const program = new Command()
    .name("servesim")
    .description("servesim live harness: calibrate a Triton model and drive it with perf_analyzer-style load.")
    .version(LIVE_VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerCalibrate(program);
  registerLoadgen(program);
  registerHostCheck(program);
  return program;
}

export async function liveMain(argv: readonly string[]): Promise<number> {
  try {
    await buildLiveProgram().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`servesim: error: ${message.split("\n")[0]}\n`);
    if (process.env.SERVESIM_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return err instanceof InputError ? err.exitCode : 1;
  }
}
