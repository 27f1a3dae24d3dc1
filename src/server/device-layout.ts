// Where model instances sit on the devices: each device's instances as one contiguous slice of `members`
// (start[d] .. start[d + 1]), the most instances on one device, and the order in which idle instances
// first take work (round-robin over the devices). Built once per simulation; InstanceSet and GpuTurns
// index their per-device state by it.

export class DeviceLayout {
  /** Number of devices (one more than the highest device index). */
  readonly devices: number;
  /** Instances of each device, flattened: members[start[d]] .. members[start[d + 1] - 1]. */
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** The most instances on one device. */
  readonly maxPer: number;

  /** `device[i]` is instance i's device index (0-based). */
  constructor(device: Int32Array) {
    const n = device.length;
    const per = instancesPerDevice(device);
    const devices = per.length;
    this.devices = devices;
    this.start = new Int32Array(devices + 1);
    for (let d = 0; d < devices; d++) this.start[d + 1] = this.start[d]! + per[d]!;
    this.members = new Int32Array(n);
    const fill = new Int32Array(devices);
    for (let i = 0; i < n; i++) {
      const d = device[i]!;
      this.members[this.start[d]! + fill[d]!++] = i;
    }
    this.maxPer = mostOf(per);
  }

  /** How many instances device d holds. */
  instancesOn(d: number): number {
    return this.start[d + 1]! - this.start[d]!;
  }

  /** Instance order for the idle queue at start: round-robin over devices. */
  interleavedOrder(): number[] {
    const out: number[] = [];
    const count = this.members.length;
    for (let round = 0; out.length < count; round++) {
      for (let d = 0; d < this.devices; d++) {
        const idx = this.start[d]! + round;
        if (idx < this.start[d + 1]!) out.push(this.members[idx]!);
      }
    }
    return out;
  }
}

/** How many instances each device holds: one count per device index, 0 to the highest. */
function instancesPerDevice(device: Int32Array): Int32Array {
  let devices = 0;
  for (const d of device) devices = Math.max(devices, d + 1);
  const per = new Int32Array(devices);
  for (const d of device) per[d]!++;
  return per;
}

const mostOf = (per: Int32Array): number => per.reduce((m, c) => Math.max(m, c), 0);

/** Largest number of instances on one device (DeviceLayout's maxPer, without building the layout). */
export function maxInstancesPerDevice(device: Int32Array): number {
  return mostOf(instancesPerDevice(device));
}
