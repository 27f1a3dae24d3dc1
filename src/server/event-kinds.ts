// The kinds of event the simulation puts on its heap (the open-loop send clock is kept out of the heap).
// One table so the run loop's switch and the modules that push events agree.
export const EventKind = { Arrive: 1, PhaseEnd: 2, Timer: 3, InstanceFree: 4, Wake: 5 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
