// Names of the profiles shipped in calibration/profiles/ and which one is the default.

/** The profile `simulate` and `plan` use when none is given. */
export const DEFAULT_PROFILE = "h100-bert-base-seq128-fp16";
