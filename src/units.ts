// Unit conversions: the only place that converts between µs, ms, s and ns.
// Time inside the simulator is always microseconds (a plain number, suffix `Us`).

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const NS_PER_US = 1_000;

export const msToUs = (ms: number): number => ms * US_PER_MS;
export const usToMs = (us: number): number => us / US_PER_MS;
export const sToUs = (s: number): number => s * US_PER_S;
export const usToS = (us: number): number => us / US_PER_S;
export const nsToUs = (ns: number): number => ns / NS_PER_US;
export const usToNs = (us: number): number => us * NS_PER_US;

/** Events per second over a span of microseconds (0 when the span is empty). */
export const perSecond = (count: number, spanUs: number): number =>
  spanUs > 0 ? (count * US_PER_S) / spanUs : 0;
