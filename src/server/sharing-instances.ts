// Model instances that share their GPU by processor sharing (profile gpuSharing "shared", the default):
// with k executions running on a device, a phase of a batch of b samples progresses at
// 1 / slowdown(phase, k, b), the rates of every execution there changing whenever one joins or leaves the
// device. Host work (before and after the device phases) runs at full speed, outside the sharing.
// Everything else is InstanceSet's.
import type { ComputePhase } from "../compute/compute-model.js";
import { HOST, HOST_OUTPUT, InstanceSet, type InstanceKind } from "./instances.js";

export class SharingInstanceSet extends InstanceSet {
  protected override kind(): InstanceKind {
    return "sharing";
  }

  protected override joinDevice(_i: number, d: number, nowUs: number): void {
    this.settle(d, nowUs);
    this.active[d]!++;
    this.reschedule(d, nowUs);
  }

  protected override nextPhaseRate(i: number, phase: ComputePhase): void {
    this.rate[i] = 1 / this.compute.slowdown(phase, this.active[this.device[i]!]!, this.batch[i]!);
  }

  protected override leaveDevice(i: number, nowUs: number): void {
    const d = this.device[i]!;
    this.settle(d, nowUs);
    super.leaveDevice(i, nowUs);
    this.reschedule(d, nowUs);
  }

  /** Whether instance i runs a device phase now (not idle, not in its host work before or after). */
  private onDevice(i: number): boolean {
    return this.payload[i]! >= 0 && this.phase[i] !== HOST && this.phase[i] !== HOST_OUTPUT;
  }

  /** Bring every running execution on device d up to now at its current rate. */
  private settle(d: number, nowUs: number): void {
    for (let j = this.devStart[d]!; j < this.devStart[d + 1]!; j++) {
      const i = this.devMembers[j]!;
      if (!this.onDevice(i)) continue;
      this.remaining[i] = Math.max(0, this.remaining[i]! - (nowUs - this.lastUs[i]!) * this.rate[i]!);
      this.lastUs[i] = nowUs;
    }
  }

  /** New rates for device d's running executions after its count changed; new phase-end events. */
  private reschedule(d: number, nowUs: number): void {
    const k = this.active[d]!;
    for (let j = this.devStart[d]!; j < this.devStart[d + 1]!; j++) {
      const i = this.devMembers[j]!;
      if (!this.onDevice(i)) continue;
      this.rate[i] = 1 / this.compute.slowdown(this.phase[i] as ComputePhase, k, this.batch[i]!);
      this.schedulePhaseEnd(i, nowUs);
    }
  }
}
