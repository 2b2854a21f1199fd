import { MoltinClock } from '../moltin-clock.js';

const WINDOW_MS = 1_000;

// Timers fire a little late under load, which would let a late call and an on-time one share a
// window. Spacing reservations by this much more than a second keeps the bound under such lag.
const TIMER_LAG_ALLOWANCE_MS = 50;

/**
 * Keeps the guard's `GET /v2/customers/{id}` calls to at most `ratePerSecond` in any one-second
 * window. Each call reserves the earliest start time that keeps that bound, and a caller whose
 * start time is more than `maxWaitMs` away is turned away at once, so callers never queue for long.
 */
export class ValidationRateLimiter {
  /** Reserved start times of the calls in the current window and later ones, in ascending order. */
  private readonly reserved: number[] = [];

  constructor(
    private readonly ratePerSecond: number,
    private readonly maxWaitMs: number,
    private readonly clock: MoltinClock,
  ) {}

  /**
   * Waits for a free slot.
   *
   * @returns `false`, without waiting, when the next free slot is more than `maxWaitMs` away.
   */
  async acquire(): Promise<boolean> {
    if (this.ratePerSecond <= 0) {
      return true;
    }

    const now = this.clock.now();
    this.forgetBefore(now - WINDOW_MS - TIMER_LAG_ALLOWANCE_MS);

    const startMs = this.nextStart(now);
    const waitMs = startMs - now;

    if (waitMs > this.maxWaitMs) {
      return false;
    }

    this.reserved.push(startMs);

    if (waitMs > 0) {
      await new Promise<void>((resolve) => this.clock.setTimer(resolve, waitMs));
    }

    return true;
  }

  /** Returns the earliest start that leaves at most `ratePerSecond` starts in any window. */
  private nextStart(now: number): number {
    const count = this.reserved.length;
    const latest = count > 0 ? this.reserved[count - 1]! : now;
    const windowOpener = count >= this.ratePerSecond ? this.reserved[count - this.ratePerSecond]! + WINDOW_MS + TIMER_LAG_ALLOWANCE_MS : now;

    return Math.max(now, latest, windowOpener);
  }

  private forgetBefore(cutoffMs: number): void {
    let expired = 0;

    while (expired < this.reserved.length && this.reserved[expired]! <= cutoffMs) {
      expired += 1;
    }

    this.reserved.splice(0, expired);
  }
}
