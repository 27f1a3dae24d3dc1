// The simulator's view of the tool that measured a live run: the profile's entry for that tool (if any)
// gives its response gap and, when measured, its own batch-1 send, receive and network times, which
// replace the calibration probe's (rescaled over batch size), and its measured Network+Server spread the
// probe's; its extra output time per merged request (when fitted) goes to the server. Other tools: the profile
// as it is and an ideal client.
import type { ClientPauseParams } from "../server/client-pauses.js";
import type { NetworkDriftParams } from "../server/network-drift.js";
import type { LoadGenerator, Profile, RequestOverheadPoint, StatUs } from "./profile.js";

/** A load generator's own costs beyond the profile's request overheads: how far apart it takes one
 *  execution's responses, its loaded network wait (mean and shape) and how its network time drifts. */
export interface ToolCosts {
  /** For SimulationInput.responseGapUs. */
  readonly responseGapUs: number;
  /** For SimulationInput.loadedNetworkUs. */
  readonly loadedNetworkUs: number;
  /** For SimulationInput.loadedWaitShape (absent: exponential). */
  readonly loadedWaitShape?: number;
  /** For SimulationInput.loadedWaitWholeFrom (absent: the whole wait from one other in flight). */
  readonly loadedWaitWholeFrom?: number;
  /** For SimulationInput.networkDrift (absent: each request's network draw is its own). */
  readonly networkDrift?: NetworkDriftParams;
  /** For SimulationInput.outputPerRequestUs (absent: the profile's merged-request costs as they are). */
  readonly outputPerRequestUs?: number;
}

export interface ToolModel extends ToolCosts {
  readonly profile: Profile;
  /** For SimulationInput.clientPauses (absent: the tool never pauses). */
  readonly clientPauses?: ClientPauseParams;
}

/** Just the costs of a tool model (or of costs passed on), as SimulationInput takes them. */
export function toolCosts(t: ToolCosts): ToolCosts {
  return {
    responseGapUs: t.responseGapUs,
    loadedNetworkUs: t.loadedNetworkUs,
    ...(t.loadedWaitShape !== undefined ? { loadedWaitShape: t.loadedWaitShape } : {}),
    ...(t.loadedWaitWholeFrom !== undefined ? { loadedWaitWholeFrom: t.loadedWaitWholeFrom } : {}),
    ...(t.networkDrift !== undefined ? { networkDrift: t.networkDrift } : {}),
    ...(t.outputPerRequestUs !== undefined ? { outputPerRequestUs: t.outputPerRequestUs } : {}),
  };
}

/** `withPauses`: also simulate the pauses the entry recorded (servesim loadgen's garbage collection); off by
 *  default, since on one of the two starts that tested them they made its p99 worse (docs/VALIDATION.md). */
export function forTool(profile: Profile, tool: string, withPauses = false): ToolModel {
  const lg = (profile.loadGenerators ?? []).find((g) => g.tool === tool);
  if (lg === undefined) return { profile, responseGapUs: 0, loadedNetworkUs: 0 };
  const p = withPauses ? lg.pauses : undefined;
  const nd = lg.networkDrift;
  return {
    profile: withToolOverheads(profile, lg),
    responseGapUs: lg.responseGapUs,
    loadedNetworkUs: lg.loadedNetworkUs ?? 0,
    ...(lg.loadedWaitShape !== undefined ? { loadedWaitShape: lg.loadedWaitShape } : {}),
    ...(lg.loadedWaitWholeFrom !== undefined ? { loadedWaitWholeFrom: lg.loadedWaitWholeFrom } : {}),
    ...(nd !== undefined && nd.share > 0 ? { networkDrift: { share: nd.share, correlationUs: nd.correlationUs } } : {}),
    ...(lg.outputPerRequestUs !== undefined && lg.outputPerRequestUs !== 0 ? { outputPerRequestUs: lg.outputPerRequestUs } : {}),
    ...(p !== undefined && p.perRequest > 0 && p.meanUs > 0 ? { clientPauses: { perRequest: p.perRequest, meanUs: p.meanUs } } : {}),
  };
}

type OverheadKey = "clientSendUs" | "clientRecvUs" | "networkUs";

/** The profile's request overheads with batch 1 at the tool's measured times (the shape over batch size
 *  kept); any time the tool did not measure stays as the probe had it. */
export function withToolOverheads(profile: Profile, lg: LoadGenerator): Profile {
  const target: Record<OverheadKey, number | undefined> = { clientSendUs: lg.sendUs, clientRecvUs: lg.recvUs, networkUs: lg.networkUs };
  if (target.clientSendUs === undefined && target.clientRecvUs === undefined && target.networkUs === undefined) return profile;
  const at = (us: number): StatUs => ({ mean: us, sd: 0 });
  const ov = profile.requestOverheads;
  if (ov.length === 0) {
    return {
      ...profile,
      requestOverheads: [
        { batchSize: 1, clientSendUs: at(lg.sendUs ?? 0), clientRecvUs: at(lg.recvUs ?? 0), networkUs: { mean: lg.networkUs ?? 0, sd: lg.networkSdUs ?? 0 }, schedulingUs: at(0) },
      ],
    };
  }
  const first = [...ov].sort((a, b) => a.batchSize - b.batchSize)[0]!;
  const scale = (o: RequestOverheadPoint, key: OverheadKey): StatUs => {
    const want = target[key];
    if (want === undefined) return o[key];
    const ref = first[key].mean;
    if (ref <= 0) return at(want);
    const k = want / ref;
    // a measured spread replaces the probe's, scaled over batch size like the mean
    const sd = key === "networkUs" && lg.networkSdUs !== undefined ? o[key].mean * k * (lg.networkSdUs / want) : o[key].sd * k;
    return { mean: o[key].mean * k, sd: want > 0 ? sd : 0 };
  };
  return {
    ...profile,
    requestOverheads: ov.map((o) => ({ ...o, clientSendUs: scale(o, "clientSendUs"), clientRecvUs: scale(o, "clientRecvUs"), networkUs: scale(o, "networkUs") })),
  };
}

/** The profile with `lg` as its entry for lg.tool (replacing an earlier one). */
export function withLoadGenerator(profile: Profile, lg: LoadGenerator): Profile {
  return { ...profile, loadGenerators: [...(profile.loadGenerators ?? []).filter((g) => g.tool !== lg.tool), lg] };
}
