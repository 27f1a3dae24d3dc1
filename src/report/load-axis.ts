// How a load level is named on an axis: concurrency, request rate or trace speed-up, with its unit.
export type LoadModeName = "concurrency" | "rate" | "trace";

export function loadAxisTitle(mode: LoadModeName): string {
  if (mode === "concurrency") return "concurrency (requests in flight)";
  if (mode === "rate") return "request rate (requests/s)";
  return "trace speed-up (×)";
}
