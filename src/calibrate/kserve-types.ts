// The KServe v2 messages as plain objects, in the shape the loader decodes them: Triton's snake_case
// names, 64-bit integers as numbers, enums as their names, absent sub-messages as null.
// Requests are what we send; responses are what we read (read-only, decoded with defaults).

export interface StatisticDuration {
  readonly count: number;
  readonly ns: number;
}

export interface InferStatistics {
  readonly success: StatisticDuration | null;
  readonly fail: StatisticDuration | null;
  readonly queue: StatisticDuration | null;
  readonly compute_input: StatisticDuration | null;
  readonly compute_infer: StatisticDuration | null;
  readonly compute_output: StatisticDuration | null;
  readonly cache_hit: StatisticDuration | null;
  readonly cache_miss: StatisticDuration | null;
}

export interface InferBatchStatistics {
  readonly batch_size: number;
  readonly compute_input: StatisticDuration | null;
  readonly compute_infer: StatisticDuration | null;
  readonly compute_output: StatisticDuration | null;
}

export interface ModelStatistics {
  readonly name: string;
  readonly version: string;
  readonly last_inference: number;
  readonly inference_count: number;
  readonly execution_count: number;
  readonly inference_stats: InferStatistics | null;
  readonly batch_stats: readonly InferBatchStatistics[];
}

export interface ModelStatisticsResponse {
  readonly model_stats: readonly ModelStatistics[];
}

export interface TensorMetadata {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
}

export interface ModelMetadataResponse {
  readonly name: string;
  readonly versions: readonly string[];
  readonly platform: string;
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];
}

export interface ServerMetadataResponse {
  readonly name: string;
  readonly version: string;
  readonly extensions: readonly string[];
}

export interface ModelQueuePolicy {
  readonly timeout_action: "REJECT" | "DELAY";
  readonly default_timeout_microseconds: number;
  readonly allow_timeout_override: boolean;
  readonly max_queue_size: number;
}

export interface ModelDynamicBatching {
  readonly preferred_batch_size: readonly number[];
  readonly max_queue_delay_microseconds: number;
  readonly preserve_ordering: boolean;
  readonly priority_levels: number;
  readonly default_priority_level: number;
  readonly default_queue_policy: ModelQueuePolicy | null;
  readonly priority_queue_policy: Readonly<Record<string, ModelQueuePolicy>>;
}

export type InstanceKind = "KIND_AUTO" | "KIND_GPU" | "KIND_CPU" | "KIND_MODEL";

export interface ModelInstanceGroup {
  readonly name: string;
  readonly count: number;
  readonly gpus: readonly number[];
  readonly kind: InstanceKind;
  readonly profile: readonly string[];
  readonly passive: boolean;
  readonly host_policy: string;
  readonly rate_limiter: unknown;
}

export interface ModelTensorConfig {
  readonly name: string;
  readonly data_type: string;
  readonly dims: readonly number[];
}

export interface ModelConfig {
  readonly name: string;
  readonly platform: string;
  readonly backend: string;
  readonly runtime: string;
  readonly max_batch_size: number;
  readonly input: readonly ModelTensorConfig[];
  readonly output: readonly ModelTensorConfig[];
  readonly instance_group: readonly ModelInstanceGroup[];
  /** Which scheduler block is set ("dynamic_batching", ...); absent for the default scheduler. */
  readonly scheduling_choice?: string;
  /** Members of the scheduling oneof are absent (undefined) unless set. */
  readonly dynamic_batching?: ModelDynamicBatching | null;
  readonly sequence_batching?: unknown;
  readonly ensemble_scheduling?: unknown;
  readonly parameters: Readonly<Record<string, { readonly string_value: string }>>;
  readonly model_transaction_policy: { readonly decoupled: boolean } | null;
  readonly response_cache: { readonly enable: boolean } | null;
}

export interface ModelConfigResponse {
  readonly config: ModelConfig | null;
}

/** One value of a request parameter map (InferParameter's oneof). */
export type InferParameter =
  | { readonly bool_param: boolean }
  | { readonly int64_param: number }
  | { readonly string_param: string }
  | { readonly double_param: number }
  | { readonly uint64_param: number };

export interface InferInputTensorMessage {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
}

export interface ModelInferRequestMessage {
  readonly model_name: string;
  readonly model_version: string;
  readonly id: string;
  readonly parameters: Readonly<Record<string, InferParameter>>;
  readonly inputs: readonly InferInputTensorMessage[];
  readonly outputs: readonly { readonly name: string }[];
  readonly raw_input_contents: readonly Uint8Array[];
}

export interface InferOutputTensorMessage {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
}

export interface ModelInferResponseMessage {
  readonly model_name: string;
  readonly model_version: string;
  readonly id: string;
  readonly outputs: readonly InferOutputTensorMessage[];
  readonly raw_output_contents: readonly Buffer[];
}
