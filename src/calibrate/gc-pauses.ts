// The load generator's own garbage-collection pauses during a level: V8 stops the one thread that
// receives and timestamps every response for each, so a response that arrives during one is timed late
// (phase GC, docs/VALIDATION.md). A recorder watches Node's "gc" performance entries from the level's
// start and summarises them per level (client.gcPauses of the live JSON).
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";

export interface GcPauses {
  /** Pauses per second of the level. */
  readonly perS: number;
  /** Young-generation collections (scavenges) and the rest (mark-compact and others). */
  readonly minor: number;
  readonly major: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** Share of the level's wall time spent in pauses. */
  readonly fraction: number;
}

/** The collection's kind (perf_hooks constants NODE_PERFORMANCE_GC_MINOR, _MAJOR, …) of a "gc" entry. */
export function gcKind(e: PerformanceEntry): number | undefined {
  return ((e as { readonly detail?: unknown }).detail as { kind?: number } | null | undefined)?.kind;
}

/** Summarise the "gc" performance entries of a level that lasted `wallMs`. */
export function gcPausesOf(entries: readonly PerformanceEntry[], wallMs: number): GcPauses {
  let minor = 0;
  let totalMs = 0;
  let maxMs = 0;
  for (const e of entries) {
    if (gcKind(e) === perfConstants.NODE_PERFORMANCE_GC_MINOR) minor++;
    totalMs += e.duration;
    if (e.duration > maxMs) maxMs = e.duration;
  }
  const n = entries.length;
  return {
    perS: wallMs > 0 ? (1000 * n) / wallMs : 0,
    minor,
    major: n - minor,
    meanMs: n > 0 ? totalMs / n : 0,
    maxMs,
    fraction: wallMs > 0 ? totalMs / wallMs : 0,
  };
}

/** Watches the process's collections from construction; keeps those that start at or after from(). */
export class GcPauseRecorder {
  private readonly entries: PerformanceEntry[] = [];
  private fromMs = Number.POSITIVE_INFINITY;
  private readonly observer = new PerformanceObserver((list) => this.keep(list.getEntries()));

  constructor() {
    this.observer.observe({ entryTypes: ["gc"] });
  }

  /** Count collections that start at or after `ms` (performance.now() time). */
  from(ms: number): void {
    this.fromMs = ms;
  }

  /** Stop watching; the collections counted that started before `endMs`. */
  stop(endMs: number): PerformanceEntry[] {
    this.keep(this.observer.takeRecords());
    this.observer.disconnect();
    return this.entries.filter((e) => e.startTime < endMs);
  }

  private keep(list: readonly PerformanceEntry[]): void {
    for (const e of list) if (e.startTime >= this.fromMs) this.entries.push(e);
  }
}
