/**
 * Source of the current time in milliseconds since the epoch. The module reads the time through
 * this provider, so tests can move the clock without waiting.
 */
export abstract class MoltinClock {
  abstract now(): number;
}

/**
 * Clock backed by `Date.now()`, used unless a test replaces it.
 */
export class SystemClock extends MoltinClock {
  now(): number {
    return Date.now();
  }
}
