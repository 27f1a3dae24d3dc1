// The three phases of a model execution (Triton's compute input, infer and output), as indices into the
// per-phase tables, and the profile field each one is measured in (PHASE_KEYS[phase]).

export const ComputePhase = { Input: 0, Infer: 1, Output: 2 } as const;
export type ComputePhase = (typeof ComputePhase)[keyof typeof ComputePhase];
export const PHASE_KEYS = ["computeInputUs", "computeInferUs", "computeOutputUs"] as const;
