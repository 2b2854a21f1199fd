import { MoltinClock } from '../moltin-clock.js';

/**
 * Clock that moves only when a test moves it, provided in place of `MoltinClock`.
 *
 * Token expiry and refresh margins are measured with this clock, so advancing it past a token's
 * lifetime makes the next `getAccessToken()` request a new token. Scheduled refresh timers still
 * run on real `setTimeout`, so a test that waits for a background refresh also needs Jest's fake
 * timers or a real wait.
 */
export class ManualClock extends MoltinClock {
  private currentMs: number;

  /**
   * @param startMs time to start at, in milliseconds since the epoch; the real time by default.
   */
  constructor(startMs: number = Date.now()) {
    super();
    this.currentMs = checkTime('ManualClock startMs', startMs);
  }

  now(): number {
    return this.currentMs;
  }

  /**
   * Moves the clock forward by `ms` milliseconds and returns the new time.
   *
   * @throws RangeError when `ms` is negative or not finite; use `set()` to move back.
   */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock.advance(ms) requires a finite, non-negative number of milliseconds; received ${String(ms)}. Use set() to move the clock back.`);
    }

    this.currentMs += ms;

    return this.currentMs;
  }

  /**
   * Sets the clock to `ms` milliseconds since the epoch, forward or back.
   *
   * @throws RangeError when `ms` is not a finite number.
   */
  set(ms: number): void {
    this.currentMs = checkTime('ManualClock.set(ms)', ms);
  }
}

function checkTime(name: string, ms: number): number {
  if (!Number.isFinite(ms)) {
    throw new RangeError(`${name} must be a finite number of milliseconds since the epoch; received ${String(ms)}`);
  }

  return ms;
}
