// `servesim simulate` (placeholder while the simulator lands).
import type { Command } from "@commander-js/extra-typings";

export function registerSimulate(program: Command): void {
  program.command("simulate").description("simulate a Triton model under perf_analyzer-style load");
}
