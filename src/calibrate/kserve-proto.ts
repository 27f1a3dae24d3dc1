// The text of kserve.proto embedded as a string, so the compiled CLI and the single-file bundle need no
// .proto file beside them at run time. Regenerate after editing kserve.proto (see src/calibrate/README.md);
// test/calibrate/proto.test.ts fails while the two differ.
export const KSERVE_PROTO_TEXT = `// KServe v2 inference protocol as served by Triton's gRPC endpoint: the subset servesim's calibration
// client and load generator use. Written from the field numbers of Triton's grpc_service.proto and
// model_config.proto; fields we do not declare are skipped on decode. Keep in sync with kserve-proto.ts
// (test/calibrate/proto.test.ts checks the two are identical).
syntax = "proto3";

package inference;

service GRPCInferenceService {
  rpc ServerLive(ServerLiveRequest) returns (ServerLiveResponse) {}
  rpc ServerReady(ServerReadyRequest) returns (ServerReadyResponse) {}
  rpc ModelReady(ModelReadyRequest) returns (ModelReadyResponse) {}
  rpc ServerMetadata(ServerMetadataRequest) returns (ServerMetadataResponse) {}
  rpc ModelMetadata(ModelMetadataRequest) returns (ModelMetadataResponse) {}
  rpc ModelInfer(ModelInferRequest) returns (ModelInferResponse) {}
  rpc ModelConfig(ModelConfigRequest) returns (ModelConfigResponse) {}
  rpc ModelStatistics(ModelStatisticsRequest) returns (ModelStatisticsResponse) {}
}

// ---- health and metadata -------------------------------------------------------------------------

message ServerLiveRequest {}
message ServerLiveResponse { bool live = 1; }

message ServerReadyRequest {}
message ServerReadyResponse { bool ready = 1; }

message ModelReadyRequest {
  string name = 1;
  string version = 2;
}
message ModelReadyResponse { bool ready = 1; }

message ServerMetadataRequest {}
message ServerMetadataResponse {
  string name = 1;
  string version = 2;
  repeated string extensions = 3;
}

message ModelMetadataRequest {
  string name = 1;
  string version = 2;
}
message ModelMetadataResponse {
  message TensorMetadata {
    string name = 1;
    string datatype = 2;
    repeated int64 shape = 3;   // -1 marks a variable dimension (the batch dimension first when batching)
  }
  string name = 1;
  repeated string versions = 2;
  string platform = 3;
  repeated TensorMetadata inputs = 4;
  repeated TensorMetadata outputs = 5;
}

// ---- inference -----------------------------------------------------------------------------------

message InferParameter {
  oneof parameter_choice {
    bool bool_param = 1;
    int64 int64_param = 2;
    string string_param = 3;
    double double_param = 4;
    uint64 uint64_param = 5;
  }
}

message InferTensorContents {
  repeated bool bool_contents = 1;
  repeated int32 int_contents = 2;
  repeated int64 int64_contents = 3;
  repeated uint32 uint_contents = 4;
  repeated uint64 uint64_contents = 5;
  repeated float fp32_contents = 6;
  repeated double fp64_contents = 7;
  repeated bytes bytes_contents = 8;
}

message ModelInferRequest {
  message InferInputTensor {
    string name = 1;
    string datatype = 2;
    repeated int64 shape = 3;
    map<string, InferParameter> parameters = 4;
    InferTensorContents contents = 5;
  }
  message InferRequestedOutputTensor {
    string name = 1;
    map<string, InferParameter> parameters = 2;
  }
  string model_name = 1;
  string model_version = 2;
  string id = 3;
  map<string, InferParameter> parameters = 4;   // "priority" (uint64), "timeout" (µs, uint64)
  repeated InferInputTensor inputs = 5;
  repeated InferRequestedOutputTensor outputs = 6;
  repeated bytes raw_input_contents = 7;        // one entry per input, in order, when used
}

message ModelInferResponse {
  message InferOutputTensor {
    string name = 1;
    string datatype = 2;
    repeated int64 shape = 3;
    map<string, InferParameter> parameters = 4;
    InferTensorContents contents = 5;
  }
  string model_name = 1;
  string model_version = 2;
  string id = 3;
  map<string, InferParameter> parameters = 4;
  repeated InferOutputTensor outputs = 5;
  repeated bytes raw_output_contents = 6;
}

// ---- model configuration (model_config.proto, the fields servesim reads) ---------------------------

enum DataType {
  TYPE_INVALID = 0;
  TYPE_BOOL = 1;
  TYPE_UINT8 = 2;
  TYPE_UINT16 = 3;
  TYPE_UINT32 = 4;
  TYPE_UINT64 = 5;
  TYPE_INT8 = 6;
  TYPE_INT16 = 7;
  TYPE_INT32 = 8;
  TYPE_INT64 = 9;
  TYPE_FP16 = 10;
  TYPE_FP32 = 11;
  TYPE_FP64 = 12;
  TYPE_STRING = 13;
  TYPE_BF16 = 14;
}

message ModelRateLimiter {
  message Resource {
    string name = 1;
    bool global = 2;
    uint32 count = 3;
  }
  repeated Resource resources = 1;
  uint32 priority = 2;
}

message ModelInstanceGroup {
  enum Kind {
    KIND_AUTO = 0;
    KIND_GPU = 1;
    KIND_CPU = 2;
    KIND_MODEL = 3;
  }
  string name = 1;
  int32 count = 2;
  repeated int32 gpus = 3;
  Kind kind = 4;
  repeated string profile = 5;
  ModelRateLimiter rate_limiter = 6;
  bool passive = 7;
  string host_policy = 9;
}

message ModelTensorReshape { repeated int64 shape = 1; }

message ModelInput {
  string name = 1;
  DataType data_type = 2;
  repeated int64 dims = 4;
  ModelTensorReshape reshape = 5;
  bool is_shape_tensor = 6;
  bool allow_ragged_batch = 7;
  bool optional = 8;
}

message ModelOutput {
  string name = 1;
  DataType data_type = 2;
  repeated int64 dims = 3;
  ModelTensorReshape reshape = 5;
  bool is_shape_tensor = 6;
}

message ModelQueuePolicy {
  enum TimeoutAction {
    REJECT = 0;
    DELAY = 1;
  }
  TimeoutAction timeout_action = 1;
  uint64 default_timeout_microseconds = 2;
  bool allow_timeout_override = 3;
  uint32 max_queue_size = 4;
}

message ModelDynamicBatching {
  repeated int32 preferred_batch_size = 1;
  uint64 max_queue_delay_microseconds = 2;
  bool preserve_ordering = 3;
  uint64 priority_levels = 4;
  uint64 default_priority_level = 5;
  ModelQueuePolicy default_queue_policy = 6;
  map<uint64, ModelQueuePolicy> priority_queue_policy = 7;
}

// Only presence matters to servesim (a sequence batcher or an ensemble is not the default scheduler).
message ModelSequenceBatching {
  uint64 max_sequence_idle_microseconds = 1;
}
message ModelEnsembling {
  message Step {
    string model_name = 1;
    int64 model_version = 2;
  }
  repeated Step step = 1;
}

message ModelParameter { string string_value = 1; }

message ModelTransactionPolicy { bool decoupled = 1; }

message ModelResponseCache { bool enable = 1; }

message ModelConfig {
  string name = 1;
  string platform = 2;
  string backend = 17;
  string runtime = 25;
  int32 max_batch_size = 4;
  repeated ModelInput input = 5;
  repeated ModelOutput output = 6;
  repeated ModelInstanceGroup instance_group = 7;
  oneof scheduling_choice {
    ModelDynamicBatching dynamic_batching = 11;
    ModelSequenceBatching sequence_batching = 13;
    ModelEnsembling ensemble_scheduling = 15;
  }
  map<string, ModelParameter> parameters = 14;
  ModelTransactionPolicy model_transaction_policy = 19;
  ModelResponseCache response_cache = 24;
}

message ModelConfigRequest {
  string name = 1;
  string version = 2;
}
message ModelConfigResponse { ModelConfig config = 1; }

// ---- statistics (all durations cumulative, in nanoseconds) -----------------------------------------

message ModelStatisticsRequest {
  string name = 1;      // empty: every model
  string version = 2;   // empty: every version
}

message StatisticDuration {
  uint64 count = 1;
  uint64 ns = 2;
}

message InferStatistics {
  StatisticDuration success = 1;
  StatisticDuration fail = 2;
  StatisticDuration queue = 3;
  StatisticDuration compute_input = 4;
  StatisticDuration compute_infer = 5;
  StatisticDuration compute_output = 6;
  StatisticDuration cache_hit = 7;
  StatisticDuration cache_miss = 8;
}

message InferBatchStatistics {
  uint64 batch_size = 1;
  StatisticDuration compute_input = 2;
  StatisticDuration compute_infer = 3;
  StatisticDuration compute_output = 4;
}

message MemoryUsage {
  string type = 1;
  int64 id = 2;
  uint64 byte_size = 3;
}

message ModelStatistics {
  string name = 1;
  string version = 2;
  uint64 last_inference = 3;   // ms since the epoch
  uint64 inference_count = 4;
  uint64 execution_count = 5;
  InferStatistics inference_stats = 6;
  repeated InferBatchStatistics batch_stats = 7;
  repeated MemoryUsage memory_usage = 8;
}

message ModelStatisticsResponse { repeated ModelStatistics model_stats = 1; }
`;
