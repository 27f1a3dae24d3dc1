// Wall-clock waits for the live harness: a sleep that an AbortSignal cuts short (Ctrl-C ends a
// measurement window early instead of waiting it out).

/** Resolve after `ms`, or as soon as `signal` aborts. Never rejects. */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true || ms <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
