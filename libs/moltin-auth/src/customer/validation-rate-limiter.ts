import { MoltinClock } from '../moltin-clock.js';
import { delay } from '../utils/backoff.util.js';

/**
 * Spaces out the guard's `GET /v2/customers/{id}` calls so that they stay under a rate, with a
 * burst allowance, by the generic cell rate algorithm: each call is given the next free time slot.
 * A caller whose slot is further away than `maxWaitMs` is turned away at once, so a flood of new
 * tokens costs the store at most `ratePerSecond` calls per second and callers never queue for long.
 */
export class ValidationRateLimiter {
  private readonly intervalMs: number;
  private readonly burstToleranceMs: number;
  /** Theoretical arrival time of the next call, in epoch milliseconds. */
  private nextSlotMs = Number.NEGATIVE_INFINITY;

  constructor(
    ratePerSecond: number,
    burst: number,
    private readonly maxWaitMs: number,
    private readonly clock: MoltinClock,
  ) {
    this.intervalMs = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
    this.burstToleranceMs = (Math.max(1, burst) - 1) * this.intervalMs;
  }

  /**
   * Waits for a free slot.
   *
   * @returns `false`, without waiting, when the next free slot is more than `maxWaitMs` away.
   */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    if (this.intervalMs === 0) {
      return true;
    }

    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlotMs);
    const waitMs = slot - this.burstToleranceMs - now;

    if (waitMs > this.maxWaitMs) {
      return false;
    }

    this.nextSlotMs = slot + this.intervalMs;

    if (waitMs > 0) {
      await delay(waitMs, signal);
    }

    return true;
  }
}
