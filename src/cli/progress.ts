// Progress for long live runs: a cli-progress bar on a terminal (lines printed above it), plain
// timestamped lines otherwise (logs, CI, pipes). Everything goes to stderr; stdout stays for results.
import cliProgress from "cli-progress";

export interface Progress {
  start(total: number): void;
  /** Advance to `done` steps with a short label of what runs now. */
  update(done: number, label: string): void;
  /** A line for the record (kept above the bar on a terminal). */
  log(line: string): void;
  stop(): void;
}

export function makeProgress(quiet = false, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet) return { start() {}, update() {}, log() {}, stop() {} };
  const tty = stream.isTTY === true && (stream.columns ?? 0) > 20;
  if (!tty) {
    const stamp = (): string => new Date().toISOString().slice(11, 19);
    let total = 0;
    return {
      start: (t) => {
        total = t;
      },
      update: (done, label) => stream.write(`[${stamp()}] ${done}/${total} ${label}\n`),
      log: (line) => stream.write(`[${stamp()}] ${line}\n`),
      stop: () => {},
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: " {bar} {value}/{total} | {label} | eta {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 4,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  return {
    start: (total) => {
      bar = multi.create(total, 0, { label: "starting" });
    },
    update: (done, label) => bar?.update(done, { label }),
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
