// `servesim calibrate`: measure a Triton model's service-time curve (per batch size, alone and with k
// executions overlapping) and per-request overheads, and write a servesim.profile/v1 file. Ctrl-C or a
// failure writes what was measured, marked partial, and exits non-zero.
import { Command } from "@commander-js/extra-typings";
import { parseBatchSizes } from "../calibrate/batch-sizes.js";
import { DEFAULT_CALIBRATION, runCalibration, type CalibrationEvent, type CalibrationSettings } from "../calibrate/calibration.js";
import { KServeClient } from "../calibrate/client.js";
import { buildProfile } from "../calibrate/profile-builder.js";
import { InputError } from "../validation.js";
import { writeFileAtomic } from "./files.js";
import { collect, commandLine, endpointFrom, intArg, shapesFrom } from "./live-flags.js";
import { makeProgress } from "./progress.js";

const f1 = (x: number): string => x.toFixed(1);

export function registerCalibrate(program: Command): void {
  program
    .command("calibrate")
    .description(
      "measure a Triton model's service time per batch size (alone and with k instances busy) and request " +
        "overheads; write a servesim.profile/v1 file. The model must use the default scheduler (no dynamic_batching).",
    )
    .option("-u, --url <host:port>", "Triton gRPC endpoint", "localhost:8001")
    .option("-m, --model <name>", "model to calibrate (repeat for the same network deployed with other instance counts)", collect)
    .option("-o, --output <file>", "profile JSON to write (atomically); stdout when absent")
    .option("--raw <file>", "also write every raw measurement (windows, probes) as JSON")
    .option("--name <name>", "profile name (default: the first model's name)")
    .option("--description <text>", "profile description")
    .option("--batch-sizes <list>", "batch sizes to sweep, e.g. 1,2,4,8 (default: powers of two up to max_batch_size plus 3, 6, 12, ...)")
    .option("--windows <n>", "statistics windows per point", intArg(2), DEFAULT_CALIBRATION.windows)
    .option("--window-ms <ms>", "length of one statistics window", intArg(10), DEFAULT_CALIBRATION.windowMs)
    .option("--warmup-ms <ms>", "load before the first window of each point", intArg(0), DEFAULT_CALIBRATION.warmupMs)
    .option("--min-executions <n>", "extend a window (up to 5×) until it holds this many executions", intArg(1), DEFAULT_CALIBRATION.minExecutionsPerWindow)
    .option("--probe-requests <n>", "single-client requests per batch size (exact per-request figures)", intArg(1), DEFAULT_CALIBRATION.probeRequests)
    .option("--probe-max-ms <ms>", "time cap for the single-client probe of one batch size", intArg(100), DEFAULT_CALIBRATION.probeMaxMs)
    .option("--client-warmup-ms <ms>", "single-client requests for this long before each model's first probe (warms the client's own code)", intArg(0), DEFAULT_CALIBRATION.clientWarmupMs)
    .option("--clients-per-instance <n>", "synchronous clients per model instance in the loaded phase", intArg(1), DEFAULT_CALIBRATION.clientsPerInstance)
    .option("--deadline-ms <ms>", "deadline of one inference request", intArg(1), DEFAULT_CALIBRATION.inferDeadlineMs)
    .option("--allow-dynamic-batching", "calibrate a model with dynamic batching anyway (only executions of exactly b are used)")
    .option("--shape <name:dims>", "non-batch dims of a variable-shape input, as perf_analyzer's --shape (repeatable)", collect)
    .option("--seq-len <n>", "value for variable non-batch dims; recorded as the profile's sequenceLength", intArg(1))
    .option("--gpu-name <name>", "GPU model, recorded in the profile (the server does not report it)")
    .option("--driver <version>", "NVIDIA driver version, recorded in the profile")
    .option("--cuda <version>", "CUDA version, recorded in the profile")
    .option("--precision <p>", "numeric precision of the model (fp16, fp32, int8, ...), recorded in the profile")
    .option("--model-label <name>", "the network's name for the profile (default: the Triton model names)")
    .option("--notes <text>", "free-form notes for the profile")
    .option("--ssl", "use TLS")
    .option("--root-certs <file>", "PEM root certificates for TLS (with --ssl)")
    .option("-H, --header <header>", 'extra request header "Name: value" (repeatable)', collect)
    .option("-q, --quiet", "no progress output")
    .action(async (opts) => {
      const models = opts.model ?? [];
      if (models.length === 0) throw new InputError("calibrate: give at least one --model NAME");
      const endpoint = endpointFrom(opts);
      const settings: CalibrationSettings = {
        ...DEFAULT_CALIBRATION,
        batchSizes: opts.batchSizes !== undefined ? parseBatchSizes(opts.batchSizes) : undefined,
        windows: opts.windows,
        windowMs: opts.windowMs,
        warmupMs: opts.warmupMs,
        minExecutionsPerWindow: opts.minExecutions,
        probeRequests: opts.probeRequests,
        probeMaxMs: opts.probeMaxMs,
        clientWarmupMs: opts.clientWarmupMs,
        clientsPerInstance: opts.clientsPerInstance,
        inferDeadlineMs: opts.deadlineMs,
        allowDynamicBatching: opts.allowDynamicBatching === true,
        shapes: shapesFrom(opts.shape),
        seqLen: opts.seqLen,
      };
      const command = commandLine();
      const progress = makeProgress(opts.quiet === true);
      const ctl = new AbortController();
      const onSigint = (): void => {
        progress.log("interrupted: finishing the current window, then writing what was measured (Ctrl-C again to quit)");
        ctl.abort();
      };
      process.once("SIGINT", onSigint);
      const client = new KServeClient({ ...endpoint, inferDeadlineMs: settings.inferDeadlineMs });
      let done = 0;
      const onEvent = (e: CalibrationEvent): void => {
        switch (e.kind) {
          case "plan":
            progress.log(`${e.steps / 2} points, up to about ${Math.ceil(e.maxMs / 1000)} s`);
            progress.start(e.steps);
            break;
          case "step":
            progress.update(done, `${e.model} b=${e.batchSize} ${e.phase === "probe" ? "probe (1 client)" : `k=${e.concurrency} (${e.clients} clients)`}`);
            done += 1;
            break;
          case "probe-done": {
            const r = e.result;
            progress.log(
              `${r.model} b=${r.batchSize} alone: infer ${f1(r.computeInferUs.mean)} µs (sd ${f1(r.computeInferUs.sd)}), ` +
                `latency ${f1(r.latencyUs.mean)} µs, network+server ${f1(r.networkUs.mean)}, queue ${f1(r.queueUs.mean)}, ` +
                `send ${f1(r.clientSendUs.mean)}, recv ${f1(r.clientRecvUs.mean)} (${r.requests} requests)`,
            );
            break;
          }
          case "loaded-done": {
            const r = e.result;
            progress.log(
              `${r.model} b=${r.batchSize} k=${r.concurrency}: infer ${f1(r.computeInferUs.meanUs)} µs (sd ${f1(r.computeInferUs.sdUs)}, ` +
                `window sd ${f1(r.computeInferUs.windowSdUs)}), input ${f1(r.computeInputUs.meanUs)}, output ${f1(r.computeOutputUs.meanUs)}, ` +
                `queue ${f1(r.queueUs)}, ${f1(r.throughputPerS)} inf/s, ${r.executions} executions`,
            );
            break;
          }
          case "warning":
            progress.log(`warning: ${e.message}`);
            break;
        }
      };
      let result;
      try {
        result = await runCalibration(client, models, settings, { signal: ctl.signal, onEvent });
        progress.update(done, result.partial ? "stopped" : "done");
      } finally {
        progress.stop();
        process.removeListener("SIGINT", onSigint);
        client.close();
      }
      if (opts.raw !== undefined) writeFileAtomic(opts.raw, `${JSON.stringify({ settings, ...result }, null, 2)}\n`);
      const hasData = result.loaded.length > 0 || result.probes.length > 0;
      if (hasData) {
        const profile = buildProfile(result, settings, {
          name: opts.name ?? opts.modelLabel ?? (models[0] as string),
          description: opts.description,
          gpu: opts.gpuName,
          driver: opts.driver,
          cuda: opts.cuda,
          precision: opts.precision,
          sequenceLength: opts.seqLen,
          model: opts.modelLabel,
          notes: opts.notes,
          command,
        });
        const text = `${JSON.stringify(profile, null, 2)}\n`;
        if (opts.output !== undefined) {
          writeFileAtomic(opts.output, text);
          process.stderr.write(`wrote ${result.partial ? "partial " : ""}profile ${opts.output} (${profile.compute.length} compute points)\n`);
        } else {
          process.stdout.write(text);
        }
      }
      if (result.partial) {
        if (result.stoppedBy === "interrupted") {
          process.stderr.write(`servesim: interrupted${hasData ? "; the profile is marked partial" : "; nothing measured"}\n`);
          process.exitCode = 130;
          return;
        }
        throw new InputError(`${result.stoppedBy ?? "stopped"}${hasData ? " (partial profile written)" : ""}`);
      }
    });
}
