// Phase EW's "late" requests (session 41), for scripts/exec-wake-check.mjs and scripts/batcher-notify.mjs: of one
// instance's executions ({ start, members: [queue arrival µs] } in start order, measured or simulated), the requests that
// reached the queue after execution k's payload had surely formed (more than the delay plus 100 µs after its oldest
// request) and before it started. Each either joined execution k or was left for a later one (looked for among the
// executions starting within 20 ms).

/** Execution k's late requests as { q: arrival µs, in: joined k }, by arrival. */
export function lateRequests(execs, k, delayUs) {
  const e = execs[k];
  const formedBy = Math.min(...e.members) + delayUs + 100;
  const late = [];
  for (const q of e.members) if (q > formedBy && q < e.start) late.push({ q, in: true });
  for (let j = k + 1; j < execs.length && execs[j].start - e.start < 20_000; j++) {
    for (const q of execs[j].members) if (q > formedBy && q < e.start) late.push({ q, in: false });
  }
  return late.sort((a, b) => a.q - b.q);
}
