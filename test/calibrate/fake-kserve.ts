// A fake Triton for tests: a grpc-js KServe v2 server on 127.0.0.1 (ephemeral port) whose models run
// Triton's default scheduler — one FIFO, k instances, each request one execution — with a known service
// time per batch size, a contention factor per concurrent execution, and Triton-style cumulative stats.
import * as grpc from "@grpc/grpc-js";
import { kserveServiceDefinition } from "../../src/calibrate/kserve-loader.js";

export interface ServiceTimeUs {
  readonly inputUs: number;
  readonly inferUs: number;
  readonly outputUs: number;
}

export interface FakeModelSpec {
  readonly name: string;
  readonly maxBatchSize: number;
  readonly instances: number;
  readonly kind?: "KIND_GPU" | "KIND_CPU";
  /** Service time of one execution of batch b running alone. */
  readonly serviceUs: (batchSize: number) => ServiceTimeUs;
  /** Slow-down of an execution that starts while `running` executions (itself included) run. */
  readonly contention?: (running: number) => number;
  /** Added to the infer time of every execution of a multi-instance model: its instances take requests in
   *  turn, so each execution follows another instance's (a GPU switch). */
  readonly switchUs?: number;
  /** Relative per-execution jitter amplitude a: infer time × (1 + a·u), u uniform in [−1, 1] (seeded). */
  readonly jitter?: number;
  readonly ready?: boolean;
  readonly dynamicBatching?: boolean;
  /** Non-batch dims of the single INT32 input "input_ids" (−1 = variable). */
  readonly inputDims?: readonly number[];
  /** Make every ModelInfer fail with this status. */
  readonly failInfer?: { readonly code: grpc.status; readonly details: string };
  /** Fail ModelInfer with UNAVAILABLE once this many requests were accepted (mid-run failure). */
  readonly failAfter?: number;
  /** Never answer ModelInfer (for deadline tests). */
  readonly stallInfer?: boolean;
}

interface Dur {
  count: number;
  ns: number;
}
interface ModelState {
  readonly spec: FakeModelSpec;
  readonly queue: Pending[];
  running: number;
  idle: number;
  accepted: number;
  wallExecNs: number;
  wallExecCount: number;
  rng: number;
  inferenceCount: number;
  executionCount: number;
  lastInference: number;
  readonly stats: Record<"success" | "fail" | "queue" | "compute_input" | "compute_infer" | "compute_output", Dur>;
  readonly batch: Map<number, { input: Dur; infer: Dur; output: Dur }>;
}
interface Pending {
  readonly batch: number;
  readonly enqueuedNs: bigint;
  readonly startNs: bigint;
  readonly respond: (err: grpc.ServiceError | null, res?: unknown) => void;
  readonly request: { model_name: string; outputs: { name: string }[] };
}

export interface FakeServer {
  readonly url: string;
  readonly port: number;
  /** Cumulative wall-clock execution time as the fake really ran it (timers run late on a busy machine). */
  wallExec(model: string): { readonly count: number; readonly us: number };
  /** Executions per batch size so far, per model. */
  executions(model: string): ReadonlyMap<number, number>;
  close(): Promise<void>;
}

const now = (): bigint => process.hrtime.bigint();
const newDur = (): Dur => ({ count: 0, ns: 0 });

function statusError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

function unknownModel(name: string): grpc.ServiceError {
  return statusError(grpc.status.NOT_FOUND, `Request for unknown model: '${name}' is not found`);
}

function configOf(spec: FakeModelSpec): unknown {
  return {
    name: spec.name,
    platform: "",
    backend: "python",
    max_batch_size: spec.maxBatchSize,
    input: [{ name: "input_ids", data_type: "TYPE_INT32", dims: spec.inputDims ?? [8] }],
    output: [{ name: "logits", data_type: "TYPE_FP32", dims: [2] }],
    instance_group: [{ name: spec.name, count: spec.instances, gpus: [], kind: spec.kind ?? "KIND_GPU" }],
    ...(spec.dynamicBatching === true
      ? { dynamic_batching: { preferred_batch_size: [], max_queue_delay_microseconds: 0 } }
      : {}),
  };
}

export interface FakeServerOptions {
  /** Serve TLS with this key and certificate (PEM). */
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  /** Answer UNAUTHENTICATED unless every call carries this header. */
  readonly requireHeader?: readonly [string, string];
}

export async function startFakeServer(specs: readonly FakeModelSpec[], options: FakeServerOptions = {}): Promise<FakeServer> {
  const models = new Map<string, ModelState>();
  for (const spec of specs) {
    models.set(spec.name, {
      spec,
      queue: [],
      running: 0,
      idle: spec.instances,
      accepted: 0,
      wallExecNs: 0,
      wallExecCount: 0,
      rng: 12345,
      inferenceCount: 0,
      executionCount: 0,
      lastInference: 0,
      stats: {
        success: newDur(),
        fail: newDur(),
        queue: newDur(),
        compute_input: newDur(),
        compute_infer: newDur(),
        compute_output: newDur(),
      },
      batch: new Map(),
    });
  }

  const nextJitter = (m: ModelState): number => {
    m.rng = (m.rng * 1103515245 + 12345) % 2147483648;
    return (m.rng / 2147483648) * 2 - 1;
  };

  const dispatch = (m: ModelState): void => {
    while (m.idle > 0 && m.queue.length > 0) {
      const p = m.queue.shift() as Pending;
      m.idle -= 1;
      m.running += 1;
      const execStart = now();
      const base = m.spec.serviceUs(p.batch);
      const factor = m.spec.contention?.(m.running) ?? 1;
      const jitter = 1 + (m.spec.jitter ?? 0) * nextJitter(m);
      const inputUs = base.inputUs * factor;
      const inferUs = base.inferUs * factor * jitter + (m.spec.instances > 1 ? (m.spec.switchUs ?? 0) : 0);
      const outputUs = base.outputUs * factor;
      const totalMs = (inputUs + inferUs + outputUs) / 1000;
      const finish = (): void => {
        m.running -= 1;
        m.idle += 1;
        const end = now();
        m.wallExecNs += Number(end - execStart);
        m.wallExecCount += 1;
        const add = (d: Dur, ns: number): void => {
          d.count += 1;
          d.ns += Math.round(ns);
        };
        add(m.stats.queue, Number(execStart - p.enqueuedNs));
        add(m.stats.compute_input, inputUs * 1000);
        add(m.stats.compute_infer, inferUs * 1000);
        add(m.stats.compute_output, outputUs * 1000);
        add(m.stats.success, Number(end - p.startNs));
        m.inferenceCount += p.batch;
        m.executionCount += 1;
        m.lastInference = Date.now();
        const b = m.batch.get(p.batch) ?? { input: newDur(), infer: newDur(), output: newDur() };
        add(b.input, inputUs * 1000);
        add(b.infer, inferUs * 1000);
        add(b.output, outputUs * 1000);
        m.batch.set(p.batch, b);
        p.respond(null, {
          model_name: m.spec.name,
          model_version: "1",
          id: "",
          outputs: [{ name: "logits", datatype: "FP32", shape: [p.batch, 2] }],
          raw_output_contents: [Buffer.alloc(p.batch * 2 * 4)],
        });
        dispatch(m);
      };
      if (totalMs > 0) setTimeout(finish, totalMs);
      else setImmediate(finish);
    }
  };

  type Handler = (
    call: { request: Record<string, unknown>; metadata: grpc.Metadata },
    cb: (err: grpc.ServiceError | null, res?: unknown) => void,
  ) => void;
  const get = (name: unknown): ModelState | undefined => models.get(String(name));

  const impl: Record<string, Handler> = {
    ServerLive: (_c, cb) => cb(null, { live: true }),
    ServerReady: (_c, cb) => cb(null, { ready: true }),
    ServerMetadata: (_c, cb) => cb(null, { name: "triton", version: "2.51.0", extensions: ["statistics"] }),
    ModelReady: (c, cb) => {
      const m = get(c.request.name);
      cb(null, { ready: m !== undefined && m.spec.ready !== false });
    },
    ModelMetadata: (c, cb) => {
      const m = get(c.request.name);
      if (m === undefined) return cb(unknownModel(String(c.request.name)));
      const lead = m.spec.maxBatchSize > 0 ? [-1] : [];
      cb(null, {
        name: m.spec.name,
        versions: ["1"],
        platform: "python",
        inputs: [{ name: "input_ids", datatype: "INT32", shape: [...lead, ...(m.spec.inputDims ?? [8])] }],
        outputs: [{ name: "logits", datatype: "FP32", shape: [...lead, 2] }],
      });
    },
    ModelConfig: (c, cb) => {
      const m = get(c.request.name);
      if (m === undefined) return cb(unknownModel(String(c.request.name)));
      cb(null, { config: configOf(m.spec) });
    },
    ModelStatistics: (c, cb) => {
      const name = String(c.request.name);
      const list = name === "" ? [...models.values()] : [get(name)];
      if (list[0] === undefined) return cb(unknownModel(name));
      cb(null, {
        model_stats: (list as ModelState[]).map((m) => ({
          name: m.spec.name,
          version: "1",
          last_inference: m.lastInference,
          inference_count: m.inferenceCount,
          execution_count: m.executionCount,
          inference_stats: m.stats,
          batch_stats: [...m.batch.entries()].map(([batch_size, b]) => ({
            batch_size,
            compute_input: b.input,
            compute_infer: b.infer,
            compute_output: b.output,
          })),
        })),
      });
    },
    ModelInfer: (c, cb) => {
      const startNs = now();
      const req = c.request as unknown as Pending["request"] & { inputs: { shape: number[] }[] };
      const m = get(req.model_name);
      if (m === undefined) return cb(unknownModel(req.model_name));
      if (m.spec.ready === false) {
        return cb(statusError(grpc.status.UNAVAILABLE, `Request for unknown model: '${req.model_name}' is not ready`));
      }
      if (m.spec.failInfer !== undefined) return cb(statusError(m.spec.failInfer.code, m.spec.failInfer.details));
      if (m.spec.stallInfer === true) return;
      if (m.spec.failAfter !== undefined && m.accepted >= m.spec.failAfter) {
        return cb(statusError(grpc.status.UNAVAILABLE, "Server is shutting down"));
      }
      m.accepted += 1;
      const batch = m.spec.maxBatchSize > 0 ? Number(req.inputs[0]?.shape[0] ?? 1) : 1;
      if (m.spec.maxBatchSize > 0 && batch > m.spec.maxBatchSize) {
        return cb(
          statusError(
            grpc.status.INVALID_ARGUMENT,
            `inference request batch-size must be <= ${m.spec.maxBatchSize} for '${m.spec.name}'`,
          ),
        );
      }
      m.queue.push({ batch, enqueuedNs: now(), startNs, respond: cb, request: req });
      dispatch(m);
    },
  };

  const required = options.requireHeader;
  const guarded: Record<string, Handler> = {};
  for (const [name, handler] of Object.entries(impl)) {
    guarded[name] = (call, cb) => {
      if (required !== undefined && call.metadata.get(required[0])[0] !== required[1]) {
        return cb(statusError(grpc.status.UNAUTHENTICATED, `missing or wrong header '${required[0]}'`));
      }
      handler(call, cb);
    };
  }
  const server = new grpc.Server();
  server.addService(kserveServiceDefinition(), guarded as unknown as grpc.UntypedServiceImplementation);
  const creds =
    options.tls !== undefined
      ? grpc.ServerCredentials.createSsl(null, [{ private_key: options.tls.key, cert_chain: options.tls.cert }])
      : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", creds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    url: `127.0.0.1:${port}`,
    port,
    wallExec: (model) => {
      const m = models.get(model);
      return { count: m?.wallExecCount ?? 0, us: (m?.wallExecNs ?? 0) / 1000 };
    },
    executions: (model) => {
      const m = models.get(model);
      return new Map([...(m?.batch.entries() ?? [])].map(([b, d]) => [b, d.infer.count]));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 500).unref();
      }),
  };
}
