// perf_analyzer's latency breakdown: the seven per-request components in its CSV order, their labels
// in the figures and their fixed Okabe–Ito colours (server queue in vermillion, so queueing stands out).
import type { BreakdownUs } from "../metrics/summary.js";
import { OKABE_ITO } from "./style.js";

export interface BreakdownComponent {
  readonly key: keyof BreakdownUs;
  readonly label: string;
  readonly color: string;
}

/** Bottom of the stack first (the order a request meets them). */
export const BREAKDOWN_COMPONENTS: readonly BreakdownComponent[] = [
  { key: "clientSend", label: "client send", color: OKABE_ITO.skyBlue },
  { key: "networkServer", label: "network + server", color: OKABE_ITO.yellow },
  { key: "serverQueue", label: "server queue", color: OKABE_ITO.vermillion },
  { key: "computeInput", label: "compute input", color: OKABE_ITO.bluishGreen },
  { key: "computeInfer", label: "compute infer", color: OKABE_ITO.blue },
  { key: "computeOutput", label: "compute output", color: OKABE_ITO.reddishPurple },
  { key: "clientRecv", label: "client recv", color: OKABE_ITO.orange },
];
