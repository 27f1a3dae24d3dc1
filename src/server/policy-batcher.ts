// Runs a research BatchingPolicy inside the simulated server: whenever an instance is idle and requests
// wait, the policy is asked; a dispatch forms a payload from the head of the queue (never more than
// max_batch_size samples) which an idle instance takes at once. No prefetching: batches form only for
// free instances. Implements the same seam as Triton's DynamicBatcher.
import type { ComputeTables } from "../compute/compute-model.js";
import type { BatcherHost, QueueScheduler } from "./dynamic-batcher.js";
import type { IntFifo, PayloadPool } from "./payloads.js";
import { PayloadState } from "./payloads.js";
import type { BatchDecision, BatchingPolicy, PolicyContext, QueueView } from "./policy.js";
import type { PriorityQueue } from "./priority-queue.js";
import type { RequestPool } from "./request-pool.js";

class PriorityQueueView implements QueueView {
  private node = -1;
  constructor(
    private readonly queue: PriorityQueue,
    private readonly pool: RequestPool,
    private nowUs = 0,
  ) {}
  at(nowUs: number): this {
    this.nowUs = nowUs;
    return this;
  }
  get count(): number {
    return this.queue.size;
  }
  get samples(): number {
    return this.queue.samples;
  }
  first(): boolean {
    this.queue.cursorReset();
    this.node = this.queue.cursorApplyPolicy(this.nowUs);
    return this.node !== -1;
  }
  next(): boolean {
    if (this.node === -1) return false;
    this.queue.cursorAdvance();
    this.node = this.queue.cursorApplyPolicy(this.nowUs);
    return this.node !== -1;
  }
  samplesHere(): number {
    return this.pool.samples[this.node]!;
  }
  arrivalUsHere(): number {
    return this.pool.batcherStartUs[this.node]!;
  }
}

export class PolicyBatcher implements QueueScheduler {
  readonly prefetch = false;
  readonly wakesOnInstanceIdle = true;
  private readonly view: PriorityQueueView;
  private readonly decision: BatchDecision = { dispatch: 0, waitUntilUs: 0 };
  private readonly ctx: PolicyContext;
  private readonly maxBatch: number;

  constructor(
    private readonly policy: BatchingPolicy,
    maxBatchSize: number,
    instanceCount: number,
    tables: ComputeTables,
    private readonly pool: RequestPool,
    private readonly queue: PriorityQueue,
    private readonly payloads: PayloadPool,
    private readonly fifo: IntFifo,
    private readonly host: BatcherHost,
  ) {
    this.maxBatch = Math.max(1, maxBatchSize);
    this.view = new PriorityQueueView(queue, pool);
    this.ctx = { maxBatchSize: this.maxBatch, instances: instanceCount, serviceUs: (b) => tables.executionUs(b) };
  }

  wakesOnEnqueue(): boolean {
    return true;
  }

  forget(): void {}

  observe(batchSize: number, oldestLatencyUs: number, nowUs: number, executionUs: number): void {
    this.policy.observe?.(batchSize, oldestLatencyUs, nowUs, executionUs);
  }

  run(nowUs: number): void {
    const d = this.decision;
    while (this.host.idleInstances() > this.fifo.length && this.queue.size > 0) {
      d.dispatch = 0;
      d.waitUntilUs = 0;
      this.policy.decide(this.view.at(nowUs), nowUs, this.ctx, d);
      if (d.dispatch > 0) {
        const p = this.payloads.alloc();
        let taken = 0;
        while (taken < d.dispatch && this.queue.size > 0) {
          this.queue.cursorReset();
          const head = this.queue.cursorApplyPolicy(nowUs); // applies timeouts at the head first
          if (head === -1) break;
          if (taken > 0 && this.payloads.size[p]! + this.pool.samples[head]! > this.maxBatch) break;
          this.payloads.add(p, this.queue.dequeue());
          taken++;
        }
        if (taken === 0) {
          this.payloads.release(p);
          return;
        }
        this.payloads.state[p] = PayloadState.Queued;
        this.fifo.push(p);
        this.host.dispatch(nowUs);
        continue;
      }
      if (d.waitUntilUs > nowUs) this.host.wakeAt(d.waitUntilUs, nowUs);
      return;
    }
  }
}
