import { MoltinClock, MoltinTimer } from '../moltin-clock.js';

interface ManualTimer {
  dueMs: number;
  callback: () => void;
}

/**
 * Clock that moves only when a test moves it, provided in place of `MoltinClock`.
 *
 * Token expiry, refresh margins and the guard's cache are measured with this clock, and scheduled
 * refreshes run on its timers: advancing it past a refresh time starts that refresh, as the real
 * clock would. The refresh itself is an HTTP request, so it completes asynchronously after
 * `advance()` returns.
 *
 * NOTE: a refresh started during one `advance()` is measured as taking the rest of that jump. A
 * jump longer than a token's lifetime past the refresh time (about an hour) therefore makes the
 * new token arrive expired, and the next caller requests another. To move across several token
 * lifetimes, advance in steps and wait for each refresh in between.
 */
export class ManualClock extends MoltinClock {
  private currentMs: number;
  private readonly timers = new Set<ManualTimer>();

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

    this.runTimersUntil(checkTime('ManualClock.advance(ms) result', this.currentMs + ms));

    return this.currentMs;
  }

  /**
   * Sets the clock to `ms` milliseconds since the epoch, forward or back.
   *
   * @throws RangeError when `ms` is not a finite number.
   */
  set(ms: number): void {
    const target = checkTime('ManualClock.set(ms)', ms);

    if (target > this.currentMs) {
      this.runTimersUntil(target);
    } else {
      this.currentMs = target;
    }
  }

  /** Number of timers waiting to run. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  override setTimer(callback: () => void, delayMs: number): MoltinTimer {
    const timer: ManualTimer = { dueMs: this.currentMs + Math.max(0, delayMs), callback };
    this.timers.add(timer);

    return timer;
  }

  override clearTimer(timer: MoltinTimer): void {
    this.timers.delete(timer as ManualTimer);
  }

  /**
   * Moves the clock to `targetMs`, stopping at each timer that falls due on the way, in due order,
   * so each callback reads the time it was scheduled for.
   */
  private runTimersUntil(targetMs: number): void {
    for (let timer = this.nextDue(targetMs); timer; timer = this.nextDue(targetMs)) {
      this.timers.delete(timer);
      this.currentMs = Math.max(this.currentMs, timer.dueMs);
      timer.callback();
    }

    this.currentMs = targetMs;
  }

  private nextDue(targetMs: number): ManualTimer | undefined {
    let next: ManualTimer | undefined;

    for (const timer of this.timers) {
      if (timer.dueMs <= targetMs && (!next || timer.dueMs < next.dueMs)) {
        next = timer;
      }
    }

    return next;
  }
}

// The range of a JavaScript Date, in milliseconds either side of the epoch.
const MAX_TIME_MS = 8.64e15;

function checkTime(name: string, ms: number): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) {
    throw new RangeError(`${name} must be a finite number of milliseconds since the epoch within the Date range (±${MAX_TIME_MS}); received ${String(ms)}`);
  }

  return ms;
}
