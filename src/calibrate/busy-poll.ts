// Keeps the client's event loop from sleeping in the kernel between responses: a chain of setImmediate
// callbacks, each re-arming the next, so libuv polls for I/O without blocking and the thread never waits
// to be woken. Phase TI measured servesim loadgen's own time per request growing by 200–650 µs with how
// long it waited for the response (docs/VALIDATION.md); `loadgen --busy-poll` spins one core to test
// whether a thread that never sleeps pays that. It does (phase BP): kept as a diagnostic.

/** Start spinning; the returned function stops it (idempotent). */
export function startBusyPoll(): () => void {
  let on = true;
  const spin = (): void => {
    if (on) setImmediate(spin);
  };
  setImmediate(spin);
  return () => {
    on = false;
  };
}
