// servesim's public surface: explicit exports only.
export * from "./units.js";
export * from "./validation.js";
export * from "./compute/profile.js";
export * from "./server/config.js";
export * from "./metrics/summary.js";
export * from "./metrics/percentile.js";
export * from "./metrics/csv.js";
