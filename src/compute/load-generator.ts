// The simulator's view of the tool that measured a live run. A profile's request overheads come from the
// calibration probe (one request at a time, statistics read after each); a run measured by the tool the
// profile's `loadGenerator` describes is simulated with that tool's own send, receive and fixed network
// times and its single-threaded CPU per request instead. Any other tool keeps the probe's overheads and
// an ideal client.
import type { LoadGenerator, Profile, RequestOverheadPoint, StatUs } from "./profile.js";

export interface ToolModel {
  readonly profile: Profile;
  /** For SimulationInput.clientCpuUs. */
  readonly clientCpuUs: number;
}

export function forTool(profile: Profile, tool: string): ToolModel {
  const lg = profile.loadGenerator;
  if (lg === undefined || lg.tool !== tool) return { profile, clientCpuUs: 0 };
  return { profile: withToolOverheads(profile, lg), clientCpuUs: lg.cpuUsPerRequest };
}

type OverheadKey = "clientSendUs" | "clientRecvUs" | "networkUs";

/** The profile's request overheads rescaled so that batch 1 takes the tool's send, receive and network
 *  times (the shape over batch size is kept; a profile without overheads gets them at every size). */
export function withToolOverheads(profile: Profile, lg: Pick<LoadGenerator, "sendUs" | "recvUs" | "networkUs">): Profile {
  const target: Record<OverheadKey, number> = { clientSendUs: lg.sendUs, clientRecvUs: lg.recvUs, networkUs: lg.networkUs };
  const at = (us: number): StatUs => ({ mean: us, sd: 0 });
  const ov = profile.requestOverheads;
  if (ov.length === 0) {
    return {
      ...profile,
      requestOverheads: [{ batchSize: 1, clientSendUs: at(lg.sendUs), clientRecvUs: at(lg.recvUs), networkUs: at(lg.networkUs), schedulingUs: at(0) }],
    };
  }
  const first = [...ov].sort((a, b) => a.batchSize - b.batchSize)[0]!;
  const scale = (o: RequestOverheadPoint, key: OverheadKey): StatUs => {
    const ref = first[key].mean;
    if (ref <= 0) return at(target[key]);
    const k = target[key] / ref;
    return { mean: o[key].mean * k, sd: o[key].sd * k };
  };
  return {
    ...profile,
    requestOverheads: ov.map((o) => ({ ...o, clientSendUs: scale(o, "clientSendUs"), clientRecvUs: scale(o, "clientRecvUs"), networkUs: scale(o, "networkUs") })),
  };
}
