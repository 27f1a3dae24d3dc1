// `servesim loadgen`: drive a live Triton with perf_analyzer's load flags and measurement rules, write
// perf_analyzer's CSV (-f) and a servesim.live/v1 JSON (--json) with every level, the server's model
// config and the load generator's own CPU and timing health. Ctrl-C keeps completed levels.
import { Command, Option } from "@commander-js/extra-typings";
import { KServeClient } from "../calibrate/client.js";
import { makeInputs } from "../calibrate/input-tensors.js";
import { LIVE_RUN_SCHEMA_ID, modelConfigJson, parseLiveRun } from "../calibrate/live-run.js";
import { parseRange } from "../scenario/ranges.js";
import { runLoadgen, type LoadgenEvent, type LoadgenSettings } from "../calibrate/loadgen.js";
import { inspectModel } from "../calibrate/model-info.js";
import { toPerfAnalyzerCsv } from "../metrics/csv.js";
import { InputError } from "../validation.js";
import { writeFileAtomic } from "./files.js";
import { collect, commandLine, endpointFrom, intArg, numberArg, shapesFrom } from "./live-flags.js";
import { makeProgress } from "./progress.js";

export const LOADGEN_TOOL = "servesim-loadgen";

export function registerLoadgen(program: Command): void {
  program
    .command("loadgen")
    .description(
      "drive a live Triton model like perf_analyzer (closed-loop concurrency or open-loop request rate) and write " +
        "its CSV (-f) and a servesim.live/v1 JSON (--json)",
    )
    .option("-u, --url <host:port>", "Triton gRPC endpoint", "localhost:8001")
    .requiredOption("-m, --model <name>", "model to drive")
    .option("-b, --batch-size <n>", "samples per request", intArg(1), 1)
    .option("--concurrency-range <start:end:step>", "closed loop: synchronous clients per level (default 1)")
    .option("--request-rate-range <start:end:step>", "open loop: requests per second per level (each carries -b samples)")
    .addOption(
      new Option("--request-distribution <d>", "open-loop gaps")
        .choices(["constant", "poisson", "gamma"] as const)
        .default("constant" as const),
    )
    .option("--request-cv <x>", "coefficient of variation of gamma gaps (>1 is bursty)", numberArg(0, true), 2)
    .option("-p, --measurement-interval <ms>", "measurement interval; windows are 1.2× this", intArg(10), 5000)
    .option("-s, --stability-percentage <pct>", "windows agree when max/min ≤ 1 + pct/100", numberArg(0, true), 10)
    .option("--max-trials <n>", "windows per level before giving up on stability", intArg(3), 10)
    .option("--percentile <p>", "judge stability on this latency percentile instead of the mean (adds a CSV column)", numberArg(0, true))
    .option("-f, --latency-report-file <file>", "perf_analyzer CSV to write (atomically)")
    .option("--json <file>", "servesim.live/v1 JSON to write (atomically)")
    .option("--name <name>", "run name recorded in the JSON (default: the JSON file's stem)")
    .option("--network <text>", 'where client and server are, e.g. "loopback", "same-host", "lan"', "unspecified")
    .option("--seed <seed>", "seed of the poisson/gamma arrival stream (the simulator's, so gaps match simulate)", "1")
    .option("--max-in-flight <n>", "open loop: skip scheduled sends beyond this many outstanding", intArg(1), 4096)
    .option("--busy-poll", "spin the client's event loop during each level instead of sleeping between responses (a diagnostic: uses a whole core, and did not remove the growth of the client's own time with its wait; docs/VALIDATION.md)")
    .option("--priority <n>", 'request "priority" parameter', intArg(0))
    .option("--request-timeout-us <us>", 'request "timeout" parameter (queue timeout, µs)', intArg(0))
    .option("--deadline-ms <ms>", "deadline of one inference request", intArg(1), 60_000)
    .option("--shape <name:dims>", "non-batch dims of a variable-shape input (repeatable)", collect)
    .option("--seq-len <n>", "value for variable non-batch dims", intArg(1))
    .option("--gpu-name <name>", "GPU model, recorded in the JSON")
    .option("--driver <version>", "NVIDIA driver version, recorded in the JSON")
    .option("--ssl", "use TLS")
    .option("--root-certs <file>", "PEM root certificates for TLS (with --ssl)")
    .option("-H, --header <header>", 'extra request header "Name: value" (repeatable)', collect)
    .option("-q, --quiet", "no progress output")
    .action(async (opts) => {
      if (opts.concurrencyRange !== undefined && opts.requestRateRange !== undefined) {
        throw new InputError("give --concurrency-range or --request-rate-range, not both");
      }
      const mode = opts.requestRateRange !== undefined ? "rate" : "concurrency";
      const levels =
        mode === "rate"
          ? parseRange(opts.requestRateRange as string, "--request-rate-range", false)
          : parseRange(opts.concurrencyRange ?? "1", "--concurrency-range", true);
      if (opts.percentile !== undefined && opts.percentile >= 100) throw new InputError("--percentile must be below 100");
      const endpoint = endpointFrom(opts);
      const settings: LoadgenSettings = {
        mode,
        levels,
        distribution: opts.requestDistribution,
        cv: opts.requestCv,
        batchSize: opts.batchSize,
        intervalMs: opts.measurementInterval,
        stabilityPct: opts.stabilityPercentage,
        maxTrials: opts.maxTrials,
        percentile: opts.percentile,
        seed: opts.seed,
        inferDeadlineMs: opts.deadlineMs,
        maxInFlight: opts.maxInFlight,
        busyPoll: opts.busyPoll === true,
      };
      const command = commandLine();
      const date = new Date().toISOString();
      const client = new KServeClient({ ...endpoint, inferDeadlineMs: settings.inferDeadlineMs });
      const progress = makeProgress(opts.quiet === true);
      const ctl = new AbortController();
      const onSigint = (): void => {
        progress.log("interrupted: writing the completed levels (Ctrl-C again to quit)");
        ctl.abort();
      };
      process.once("SIGINT", onSigint);
      let outcome;
      let info;
      let tritonVersion: string;
      try {
        if (!(await client.serverLive())) throw new InputError(`server ${endpoint.url} answers but is not live`);
        tritonVersion = (await client.serverMetadata()).version;
        info = await inspectModel(client, opts.model);
        for (const w of info.warnings) progress.log(`warning: ${w}`);
        if (info.maxBatchSize > 0 && settings.batchSize > info.maxBatchSize) {
          throw new InputError(`-b ${settings.batchSize}: model "${opts.model}" has max_batch_size ${info.maxBatchSize}`);
        }
        if (info.maxBatchSize === 0 && settings.batchSize !== 1) {
          throw new InputError(`-b ${settings.batchSize}: model "${opts.model}" does not batch (max_batch_size 0)`);
        }
        const request = client.prepareInfer({
          model: opts.model,
          inputs: makeInputs(info.metadata.inputs, opts.model, {
            batchSize: settings.batchSize,
            batching: info.maxBatchSize > 0,
            shapes: shapesFrom(opts.shape),
            seqLen: opts.seqLen,
          }),
          outputs: info.metadata.outputs.map((t) => t.name),
          priority: opts.priority,
          timeoutUs: opts.requestTimeoutUs,
        });
        progress.start(levels.length);
        const unit = mode === "rate" ? "req/s" : "clients";
        const onEvent = (e: LoadgenEvent): void => {
          switch (e.kind) {
            case "level":
              progress.update(e.index, `${mode} ${e.load}`);
              break;
            case "window":
              progress.log(
                `  ${e.load} ${unit}, window ${e.trial}: ${e.report.throughputPerS.toFixed(1)} inf/s, ` +
                  `${(e.report.latencyUs / 1000).toFixed(2)} ms ${opts.percentile !== undefined ? `p${opts.percentile}` : "avg"} latency`,
              );
              break;
            case "level-done": {
              const s = e.result.summary;
              progress.log(
                `${e.result.load} ${unit}: ${s.throughputPerS.toFixed(1)} inf/s, avg ${(s.latencyUs.mean / 1000).toFixed(2)} ms, ` +
                  `p99 ${(s.latencyUs.p99 / 1000).toFixed(2)} ms${e.result.stable ? "" : " (unstable)"}, client CPU ` +
                  `${(e.result.client.cpuCores * 100).toFixed(0)} %`,
              );
              break;
            }
            case "warning":
              progress.log(`warning: ${e.message}`);
              break;
          }
        };
        outcome = await runLoadgen(client, opts.model, request, settings, { signal: ctl.signal, onEvent });
        progress.update(outcome.levels.length, "done");
      } finally {
        progress.stop();
        process.removeListener("SIGINT", onSigint);
        client.close();
      }
      const rows = outcome.levels.map((l) => l.summary);
      if (rows.length > 0) {
        const csv = toPerfAnalyzerCsv(rows, { percentile: settings.percentile });
        if (opts.latencyReportFile !== undefined) writeFileAtomic(opts.latencyReportFile, csv);
        else if (opts.json === undefined) process.stdout.write(csv);
        if (opts.json !== undefined) {
          const stem = opts.json.replace(/^.*\//, "").replace(/\.json$/, "");
          const doc = parseLiveRun(
            {
              schema: LIVE_RUN_SCHEMA_ID,
              name: opts.name ?? stem,
              model: opts.model,
              network: opts.network,
              tool: LOADGEN_TOOL,
              toolVersion: program.version() ?? "unknown",
              load: {
                mode,
                distribution: mode === "rate" ? settings.distribution : null,
                ...(mode === "rate" && settings.distribution === "gamma" ? { cv: settings.cv } : {}),
                batchSize: settings.batchSize,
                levels: outcome.levels.map((l) => l.load),
              },
              modelConfig: modelConfigJson(info.config),
              measurement: {
                intervalMs: settings.intervalMs,
                stabilityPct: settings.stabilityPct,
                maxTrials: settings.maxTrials,
                ...(settings.percentile !== undefined ? { percentile: settings.percentile } : {}),
                ...(mode === "rate" && settings.distribution !== "constant" ? { seed: settings.seed } : {}),
                ...(settings.busyPoll === true ? { busyPoll: true } : {}),
              },
              metadata: {
                ...(opts.gpuName !== undefined ? { gpu: opts.gpuName } : {}),
                ...(opts.driver !== undefined ? { driver: opts.driver } : {}),
                tritonVersion,
                date,
                command,
                ...(outcome.partial ? { partial: true, stoppedBy: outcome.stoppedBy } : {}),
              },
              results: outcome.levels,
            },
            "loadgen result",
          );
          writeFileAtomic(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
        }
      }
      if (outcome.partial) {
        if (outcome.stoppedBy === "interrupted") {
          process.stderr.write(`servesim: interrupted after ${rows.length} level(s)\n`);
          process.exitCode = 130;
          return;
        }
        throw new InputError(`${outcome.stoppedBy ?? "stopped"}${rows.length > 0 ? ` (${rows.length} completed level(s) written)` : ""}`);
      }
    });
}
