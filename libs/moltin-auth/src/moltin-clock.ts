/**
 * Handle of a timer started by {@link MoltinClock.setTimer}.
 */
export type MoltinTimer = unknown;

/**
 * Source of the current time, in milliseconds since the epoch, and of timers that run by that
 * time. The module reads the time and schedules refreshes through this provider, so tests can move
 * the clock without waiting.
 */
export abstract class MoltinClock {
  abstract now(): number;

  /**
   * Runs `callback` once, `delayMs` milliseconds from now by this clock. The default timer is a
   * real `setTimeout` that does not keep the process alive.
   */
  setTimer(callback: () => void, delayMs: number): MoltinTimer {
    const timer = setTimeout(callback, delayMs);
    timer.unref();

    return timer;
  }

  /** Cancels a timer started by {@link setTimer}; cancelling one that has run is harmless. */
  clearTimer(timer: MoltinTimer): void {
    clearTimeout(timer as NodeJS.Timeout);
  }
}

/**
 * Clock backed by `Date.now()` and `setTimeout`, used unless a test replaces it.
 */
export class SystemClock extends MoltinClock {
  now(): number {
    return Date.now();
  }
}
