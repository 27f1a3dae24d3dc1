// The embedded protocol text must equal kserve.proto, and it must declare every RPC the client uses.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KSERVE_PROTO_TEXT } from "../../src/calibrate/kserve-proto.js";
import { KSERVE_METHODS, kserveCodecs } from "../../src/calibrate/kserve-loader.js";

describe("kserve.proto", () => {
  it("is embedded verbatim in kserve-proto.ts (regenerate it after editing the .proto)", () => {
    const file = readFileSync(new URL("../../src/calibrate/kserve.proto", import.meta.url), "utf8");
    expect(KSERVE_PROTO_TEXT).toBe(file);
  });

  it("round-trips a ModelInfer request with raw inputs and int64 parameters", () => {
    const codec = kserveCodecs().ModelInfer;
    expect(codec.path).toBe("/inference.GRPCInferenceService/ModelInfer");
    const bytes = codec.serializeRequest({
      model_name: "m",
      parameters: { priority: { int64_param: 2 }, timeout: { int64_param: 5000 } },
      inputs: [{ name: "x", datatype: "INT32", shape: [4, 8] }],
      raw_input_contents: [Buffer.alloc(128, 1)],
    });
    const back = codec.deserializeRequest(bytes) as {
      parameters: Record<string, { int64_param: number }>;
      inputs: { shape: number[] }[];
      raw_input_contents: Buffer[];
    };
    expect(back.parameters.priority?.int64_param).toBe(2);
    expect(back.parameters.timeout?.int64_param).toBe(5000);
    expect(back.inputs[0]?.shape).toEqual([4, 8]);
    expect(back.raw_input_contents[0]?.length).toBe(128);
  });

  it("declares every method the client calls", () => {
    expect(Object.keys(kserveCodecs()).sort()).toEqual([...KSERVE_METHODS].sort());
  });
});
