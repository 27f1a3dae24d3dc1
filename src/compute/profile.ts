// Calibration profile: the versioned JSON schema (servesim.profile/v1) that calibration writes and the
// ComputeModel reads. Plain readonly data, validated at the edge with zod; every issue carries its path. The host's
// part of it (noise, turnaround, the batcher's timing) is in profile-host.ts, re-exported here.
import { z } from "zod";
import { BatcherLate, BatcherWake, ExecutionJitter, FrontEndStalls, HostEpisodes, IdlePoint, SlowStretches, Turnaround } from "./profile-host.js";

export * from "./profile-host.js";

export const PROFILE_SCHEMA_ID = "servesim.profile/v1";

/** Mean and standard deviation of a duration, both in microseconds. */
export const StatUs = z.strictObject({
  mean: z.number().finite().nonnegative(),
  sd: z.number().finite().nonnegative(),
});
export type StatUs = z.infer<typeof StatUs>;

const ZERO: StatUs = { mean: 0, sd: 0 };

/** One measured point: executions of `batchSize` samples while `concurrency` executions ran at once on one GPU. */
export const ComputePoint = z.strictObject({
  batchSize: z.number().int().positive(),
  /** Executions running at once on the same GPU (1 = alone; k = k instances kept busy). */
  concurrency: z.number().int().positive(),
  /** Requests the execution's samples came from (default 1: one request carrying all of them). Points
   *  with more requests measure what merging requests costs (e.g. a dynamic batcher's batches of
   *  single-sample requests). */
  requests: z.number().int().positive().optional(),
  computeInputUs: StatUs.default(ZERO),
  computeInferUs: StatUs,
  computeOutputUs: StatUs.default(ZERO),
  /** Number of executions the figures average over (informational). */
  executions: z.number().int().nonnegative().optional(),
});
export type ComputePoint = z.infer<typeof ComputePoint>;

/** Per-request costs outside the model execution, for requests carrying `batchSize` samples (client -b). */
export const RequestOverheadPoint = z.strictObject({
  batchSize: z.number().int().positive(),
  clientSendUs: StatUs.default(ZERO),
  clientRecvUs: StatUs.default(ZERO),
  /** Network both ways plus the server's frontend work outside queue and compute (perf_analyzer's
   *  "Network+Server Send/Recv"). Half is spent before the request reaches the queue, half after. */
  networkUs: StatUs.default(ZERO),
  /** Time from the request reaching the scheduler until the batcher can first see it (Triton's queue time
   *  that is not waiting for an instance). Added to the queue span. */
  schedulingUs: StatUs.default(ZERO),
});
export type RequestOverheadPoint = z.infer<typeof RequestOverheadPoint>;

export const ProfileMetadata = z
  .object({
    source: z.enum(["measured", "published", "synthetic", "inline"]),
    gpu: z.string().optional(),
    driver: z.string().optional(),
    cuda: z.string().optional(),
    tritonVersion: z.string().optional(),
    backend: z.string().optional(),
    model: z.string().optional(),
    precision: z.string().optional(),
    sequenceLength: z.number().int().positive().optional(),
    date: z.string().optional(),
    command: z.string().optional(),
    notes: z.string().optional(),
  })
  .loose();
export type ProfileMetadata = z.infer<typeof ProfileMetadata>;

/** A load generator as far as it shapes what it measures, one entry per tool, applied only when
 *  simulating runs measured by that tool. `responseGapUs`: the responses of one execution reach it
 *  together but are handled one after another, so the j-th is seen j × gap later. `sendUs`, `recvUs`,
 *  `networkUs`: its own client send, receive and Network+Server times for one request of batch 1,
 *  measured on a calibration-only model, in place of the calibration probe's (the probe is servesim's
 *  own client; another tool has other costs); `networkSdUs` the spread of that Network+Server time. */
export const LoadGenerator = z.strictObject({
  tool: z.enum(["servesim-loadgen", "perf_analyzer"]),
  responseGapUs: z.number().nonnegative().default(0),
  sendUs: z.number().nonnegative().optional(),
  recvUs: z.number().nonnegative().optional(),
  networkUs: z.number().nonnegative().optional(),
  /** Standard deviation of networkUs at batch 1 (per request), when measured for this tool. */
  networkSdUs: z.number().nonnegative().optional(),
  /** How much more Network+Server time, on average, a request takes when the tool sends it with others
   *  in flight (its concurrency-1 networkUs has none in flight): a wait on the way back, simulated as one
   *  draw with this mean per execution, shared by its responses; fitted with the response gap
   *  on its loaded levels. */
  loadedNetworkUs: z.number().nonnegative().optional(),
  /** The shape of the gamma distribution that loaded wait is drawn from, its mean loadedNetworkUs (1, the
   *  default: exponential; larger: less spread between executions). A prior chosen on traced
   *  calibration-only levels (scripts/loaded-wait-shape.mjs); the fit of loadedNetworkUs uses it. */
  loadedWaitShape: z.number().positive().optional(),
  /** In the tool's closed loop (perf_analyzer's concurrency mode), how many others in flight give a request the whole
   *  loaded wait: one sent with k < loadedWaitWholeFrom others waits k / loadedWaitWholeFrom of its execution's
   *  draw (none when sent alone). The fit sets it to its tool run's lightest loaded level less one (the levels between that and one
   *  client are not measured there; phases F4 and OL measured the wait growing over them). The open loop, which no
   *  calibration run measures, keeps the whole wait from the first other in flight, as does a profile without it. */
  loadedWaitWholeFrom: z.number().int().positive().optional(),
  /** How much more output time (µs) each request beyond the first of an execution costs the server when this tool
   *  sent the requests. The merged-request costs come from servesim loadgen's composition run; under perf_analyzer
   *  Triton's Server Compute Output grows faster with the requests an execution answers. Fitted on the tool run's
   *  loaded levels (Server Compute Output, measured less simulated; calibrate/tool-output.ts); may be negative. */
  outputPerRequestUs: z.number().optional(),
  /** How much of the tool's Network+Server draw is shared in time rather than the request's own: a
   *  request's standard normal deviate is sqrt(share) × a host-wide Ornstein–Uhlenbeck process of this
   *  correlation time plus sqrt(1 − share) × its own, so the one-client spread stays as fitted while
   *  requests sent close together come back close together (server/network-drift.ts); measured on
   *  one-client traces of calibration-only models (calibration/server/network_drift.py). */
  networkDrift: z
    .strictObject({
      share: z.number().min(0).max(1),
      correlationUs: z.number().positive(),
      measuredFrom: z.string().optional(),
    })
    .optional(),
  /** The tool's own pauses (a garbage collector stopping its one thread): handling a response makes one
   *  due with probability perRequest, lasting an exponential time of mean meanUs; a response that reaches
   *  the tool meanwhile is timed when the pause ends. Measured by servesim loadgen itself (client.gcPauses,
   *  from the composition run); simulated only when asked (validate --tool-pauses). */
  pauses: z
    .strictObject({
      perRequest: z.number().min(0).max(1),
      meanUs: z.number().nonnegative(),
      measuredFrom: z.string().optional(),
    })
    .optional(),
  measuredFrom: z.string().optional(),
});
export type LoadGenerator = z.infer<typeof LoadGenerator>;


/** How co-located instances share a GPU. "shared": all executions on a device progress at once, each
 *  slowed by the measured concurrency-k factor (processor sharing: one process driving several streams).
 *  "turns": the GPU runs one execution at a time (instances in separate processes, each its own CUDA
 *  context, as in Triton's Python backend); the rest of each execution's infer overlaps others' turns, and
 *  an execution that takes over the GPU from another instance pays switchUs first. switchUs is measured
 *  from single-client probes: Triton alternates a k-instance model's instances request by request, so each
 *  execution follows another instance's; it is the median, over batch sizes and k, of the probe's infer
 *  time less that of the one-instance model, and byInstances the median at each k. */
export const GpuSharingMode = z.enum(["shared", "turns"]);
export type GpuSharingMode = z.infer<typeof GpuSharingMode>;
export const GpuSharing = z
  .strictObject({
    mode: GpuSharingMode,
    switchUs: z.number().nonnegative().default(0),
    /** The switch cost by the number of instances on the GPU, when measured per count (the probes show it
     *  growing with the instances that take turns): a device with k instances pays the entry's switchUs,
     *  linear between entries and the nearest entry's outside them; switchUs is then the median over all. */
    byInstances: z
      .array(z.strictObject({ instances: z.number().int().min(2), switchUs: z.number().nonnegative() }))
      .min(1)
      .optional(),
    measuredFrom: z.string().optional(),
    /** The GPU's time slice under turns: a turn longer than `us` is cut after each `us`, and while another
     *  instance waits for the GPU the rest of the turn queues behind it (the GPU time-slices the instances'
     *  contexts). Measured from the two-instance calibration sweeps' execution logs, where turns up to a
     *  length alternate whole and longer ones interleave (calibration/server/exec_slices.py). Absent: turns
     *  are never cut. */
    slice: z.strictObject({ us: z.number().positive(), measuredFrom: z.string().optional() }).optional(),
    /** Short executions overtake a long one on a GPU of fromInstances or more instances: when one asks for the GPU
     *  while a long turn holds it and only short ones wait, that turn is cut (once): the longest-waiting execution
     *  runs its turn and the cut one resumes right after it. A batch size's turn is short when it is at most
     *  shortTurnRatio times a single request's (each the k-way contended execution over k, at the device's
     *  instance count). Measured on calibration-only models with clients of mixed sizes (phases OV to OV4):
     *  on two instances nothing is overtaken, on three and four BERT-Base's batch 3 and longer and
     *  BERT-Large's batch 2 and longer are, once each in the open loop. Absent: turns are first come, first
     *  served (cut only by the slice). */
    overtake: z
      .strictObject({ fromInstances: z.number().int().min(2), shortTurnRatio: z.number().min(1), measuredFrom: z.string().optional() })
      .optional(),
  })
  .superRefine((g, ctx) => {
    (g.byInstances ?? []).forEach((e, i, all) => {
      if (i > 0 && e.instances <= all[i - 1]!.instances) {
        ctx.addIssue({ code: "custom", path: ["byInstances", i, "instances"], message: "entries must be in increasing instances" });
      }
    });
  });
export type GpuSharing = z.infer<typeof GpuSharing>;

export const Profile = z
  .strictObject({
    schema: z.literal(PROFILE_SCHEMA_ID),
    name: z.string().min(1),
    description: z.string().optional(),
    metadata: ProfileMetadata,
    compute: z.array(ComputePoint).min(1),
    requestOverheads: z.array(RequestOverheadPoint).default([]),
    idle: z.array(IdlePoint).optional(),
    slowStretches: SlowStretches.optional(),
    frontEndStalls: FrontEndStalls.optional(),
    batcherLate: BatcherLate.optional(),
    batcherWake: BatcherWake.optional(),
    hostEpisodes: HostEpisodes.optional(),
    executionJitter: ExecutionJitter.optional(),
    turnaround: Turnaround.optional(),
    gpuSharing: GpuSharing.optional(),
    loadGenerators: z.array(LoadGenerator).optional(),
  })
  .superRefine((p, ctx) => {
    const tools = new Set<string>();
    (p.loadGenerators ?? []).forEach((g, i) => {
      if (tools.has(g.tool)) ctx.addIssue({ code: "custom", path: ["loadGenerators", i, "tool"], message: `duplicate tool ${g.tool}` });
      tools.add(g.tool);
    });
    (p.idle ?? []).forEach((q, i, all) => {
      if (i > 0 && q.idleUs <= all[i - 1]!.idleUs) {
        ctx.addIssue({ code: "custom", path: ["idle", i, "idleUs"], message: "idle points must be in increasing idleUs" });
      }
    });
    if (!p.compute.some((c) => c.concurrency === 1 && (c.requests ?? 1) === 1)) {
      ctx.addIssue({ code: "custom", path: ["compute"], message: "needs at least one point with concurrency 1 and a single request" });
    }
    p.compute.forEach((c, i) => {
      if ((c.requests ?? 1) > c.batchSize) {
        ctx.addIssue({ code: "custom", path: ["compute", i, "requests"], message: `cannot exceed batchSize (${c.batchSize})` });
      }
    });
    const seen = new Set<string>();
    p.compute.forEach((c, i) => {
      const key = `${c.batchSize}/${c.concurrency}/${c.requests ?? 1}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["compute", i],
          message: `duplicate point for batchSize ${c.batchSize}, concurrency ${c.concurrency}, requests ${c.requests ?? 1}`,
        });
      }
      seen.add(key);
    });
    const seenB = new Set<number>();
    p.requestOverheads.forEach((o, i) => {
      if (seenB.has(o.batchSize)) {
        ctx.addIssue({ code: "custom", path: ["requestOverheads", i], message: `duplicate batchSize ${o.batchSize}` });
      }
      seenB.add(o.batchSize);
    });
  });
export type Profile = z.infer<typeof Profile>;
export type ProfileInput = z.input<typeof Profile>;
