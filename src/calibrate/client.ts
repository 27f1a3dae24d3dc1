// KServeClient: a typed KServe v2 gRPC client on @grpc/grpc-js for Triton — health, metadata, config,
// statistics and ModelInfer with raw tensor bytes. Every call has a deadline and fails with a one-line
// KServeError naming the server and model. ModelInfer reports its client-side send/receive cost.
import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";
import type { Endpoint } from "./endpoint.js";
import { KServeError, toKServeError } from "./kserve-error.js";
import { kserveCodecs, type KServeMethod, type MethodCodec } from "./kserve-loader.js";
import type {
  InferParameter,
  ModelConfig,
  ModelConfigResponse,
  ModelInferRequestMessage,
  ModelInferResponseMessage,
  ModelMetadataResponse,
  ModelStatistics,
  ModelStatisticsResponse,
  ServerMetadataResponse,
} from "./kserve-types.js";

/** Deadline for health, metadata, config and statistics calls. */
export const DEFAULT_CONTROL_DEADLINE_MS = 10_000;
/** Deadline for one inference request. */
export const DEFAULT_INFER_DEADLINE_MS = 60_000;

export interface ClientOptions extends Endpoint {
  readonly controlDeadlineMs?: number | undefined;
  readonly inferDeadlineMs?: number | undefined;
}

/** One input tensor given as raw little-endian bytes (BYTES: 4-byte length prefix per element). */
export interface InferInput {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

export interface InferRequest {
  readonly model: string;
  readonly version?: string | undefined;
  readonly id?: string | undefined;
  readonly inputs: readonly InferInput[];
  /** Outputs to return (all when absent). */
  readonly outputs?: readonly string[] | undefined;
  /** Request priority (1 = highest); sent as the "priority" parameter. */
  readonly priority?: number | undefined;
  /** Queue timeout in µs; sent as the "timeout" parameter. */
  readonly timeoutUs?: number | undefined;
}

/** Client-side cost of one ModelInfer call, µs (perf_analyzer's send / recv and end-to-end latency). */
export interface InferTiming {
  /** Building, encoding and handing the request to the transport (synchronous part of the call). */
  readonly sendUs: number;
  /** Decoding the response. */
  readonly recvUs: number;
  /** From just before the send to the response callback. */
  readonly latencyUs: number;
  /** performance.now() at the send and at the response, ms (for windowing). */
  readonly startMs: number;
  readonly endMs: number;
}

export interface InferResult {
  readonly response: ModelInferResponseMessage;
  readonly timing: InferTiming;
}

/** A request already turned into a protobuf message (reuse it to send the same request many times). */
export interface PreparedInfer {
  readonly model: string;
  readonly message: ModelInferRequestMessage;
}

interface Decoded<T> {
  readonly value: T;
  readonly recvUs: number;
}

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  "grpc.max_receive_message_length": -1,
  "grpc.max_send_message_length": -1,
  // Fail fast and retry connecting soon after a refused connection.
  "grpc.initial_reconnect_backoff_ms": 250,
  "grpc.max_reconnect_backoff_ms": 2_000,
};

export class KServeClient {
  readonly url: string;
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;
  private readonly codecs: Readonly<Record<KServeMethod, MethodCodec>>;
  private readonly controlDeadlineMs: number;
  private readonly inferDeadlineMs: number;
  private closed = false;

  constructor(options: ClientOptions) {
    this.url = options.url;
    this.codecs = kserveCodecs();
    const creds = options.ssl
      ? grpc.credentials.createSsl(options.rootCerts !== undefined ? Buffer.from(options.rootCerts) : null)
      : grpc.credentials.createInsecure();
    this.client = new grpc.Client(options.url, creds, CHANNEL_OPTIONS);
    this.metadata = new grpc.Metadata();
    for (const [name, value] of options.headers) this.metadata.add(name, value);
    this.controlDeadlineMs = options.controlDeadlineMs ?? DEFAULT_CONTROL_DEADLINE_MS;
    this.inferDeadlineMs = options.inferDeadlineMs ?? DEFAULT_INFER_DEADLINE_MS;
  }

  /** Unary call with a deadline; resolves to the decoded response and its decode time. */
  private call<T>(method: KServeMethod, request: unknown, model: string | undefined, deadlineMs: number): Promise<T> {
    return this.callTimed<T>(method, request, model, deadlineMs).then((d) => d.value);
  }

  private callTimed<T>(
    method: KServeMethod,
    request: unknown,
    model: string | undefined,
    deadlineMs: number,
  ): Promise<Decoded<T>> {
    const codec = this.codecs[method];
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new KServeError(`${method} on server ${this.url}: client already closed`, "cancelled", -1));
        return;
      }
      const deserialize = (bytes: Buffer): Decoded<T> => {
        const t0 = performance.now();
        const value = codec.deserializeResponse(bytes) as T;
        return { value, recvUs: (performance.now() - t0) * 1000 };
      };
      this.client.makeUnaryRequest<unknown, Decoded<T>>(
        codec.path,
        codec.serializeRequest,
        deserialize,
        request,
        this.metadata.clone(),
        { deadline: Date.now() + deadlineMs },
        (err, res) => {
          if (err !== null || res === undefined) {
            reject(toKServeError(err, { url: this.url, method, model, deadlineMs }));
          } else {
            resolve(res);
          }
        },
      );
    });
  }

  async serverLive(deadlineMs = this.controlDeadlineMs): Promise<boolean> {
    return (await this.call<{ live: boolean }>("ServerLive", {}, undefined, deadlineMs)).live;
  }

  async serverReady(deadlineMs = this.controlDeadlineMs): Promise<boolean> {
    return (await this.call<{ ready: boolean }>("ServerReady", {}, undefined, deadlineMs)).ready;
  }

  async modelReady(model: string, version = "", deadlineMs = this.controlDeadlineMs): Promise<boolean> {
    return (await this.call<{ ready: boolean }>("ModelReady", { name: model, version }, model, deadlineMs)).ready;
  }

  serverMetadata(deadlineMs = this.controlDeadlineMs): Promise<ServerMetadataResponse> {
    return this.call<ServerMetadataResponse>("ServerMetadata", {}, undefined, deadlineMs);
  }

  modelMetadata(model: string, version = "", deadlineMs = this.controlDeadlineMs): Promise<ModelMetadataResponse> {
    return this.call<ModelMetadataResponse>("ModelMetadata", { name: model, version }, model, deadlineMs);
  }

  async modelConfig(model: string, version = "", deadlineMs = this.controlDeadlineMs): Promise<ModelConfig> {
    const res = await this.call<ModelConfigResponse>("ModelConfig", { name: model, version }, model, deadlineMs);
    if (res.config === null) {
      throw new KServeError(`ModelConfig for model "${model}" on server ${this.url}: empty response`, "other", -1);
    }
    return res.config;
  }

  /** Cumulative statistics of every version of `model` (all models when empty). */
  async modelStatistics(model = "", version = "", deadlineMs = this.controlDeadlineMs): Promise<readonly ModelStatistics[]> {
    const res = await this.call<ModelStatisticsResponse>(
      "ModelStatistics",
      { name: model, version },
      model === "" ? undefined : model,
      deadlineMs,
    );
    return res.model_stats;
  }

  /** Build the protobuf message once; send it many times with `infer`. */
  prepareInfer(req: InferRequest): PreparedInfer {
    const parameters: Record<string, InferParameter> = {};
    if (req.priority !== undefined) parameters.priority = { int64_param: req.priority };
    if (req.timeoutUs !== undefined) parameters.timeout = { int64_param: req.timeoutUs };
    const message: ModelInferRequestMessage = {
      model_name: req.model,
      model_version: req.version ?? "",
      id: req.id ?? "",
      parameters,
      inputs: req.inputs.map((t) => ({ name: t.name, datatype: t.datatype, shape: [...t.shape] })),
      outputs: (req.outputs ?? []).map((name) => ({ name })),
      raw_input_contents: req.inputs.map((t) => (Buffer.isBuffer(t.data) ? t.data : Buffer.from(t.data))),
    };
    return { model: req.model, message };
  }

  /** ModelInfer; the request is encoded on every call (as perf_analyzer does), and timed. */
  infer(req: InferRequest | PreparedInfer, deadlineMs = this.inferDeadlineMs): Promise<InferResult> {
    const prepared = "message" in req ? req : this.prepareInfer(req);
    const startMs = performance.now();
    const p = this.callTimed<ModelInferResponseMessage>("ModelInfer", prepared.message, prepared.model, deadlineMs);
    const sendUs = (performance.now() - startMs) * 1000;
    return p.then((d) => {
      const endMs = performance.now();
      return {
        response: d.value,
        timing: { sendUs, recvUs: d.recvUs, latencyUs: (endMs - startMs) * 1000, startMs, endMs },
      };
    });
  }

  /** Release the channel (pending calls fail as cancelled). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
  }
}
