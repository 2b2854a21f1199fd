import { performance } from 'node:perf_hooks';

const WINDOW_MS = 1000;

/**
 * Sliding-window rate limiter: a request is admitted while fewer than `limit` requests were
 * admitted in the last 1000 ms. Rejected requests do not count toward the limit.
 */
export class RateLimiter {
  /** Admission times in `performance.now()` milliseconds, oldest first; at most `limit` entries. */
  private admitted: number[] = [];

  constructor(
    private limit: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Sets the requests allowed per second; undefined removes the limit. Clears the window. */
  setLimit(limit: number | undefined): void {
    this.limit = limit;
    this.admitted = [];
  }

  get limitPerSecond(): number | undefined {
    return this.limit;
  }

  /** Admits a request and records it, or returns false when the limit is reached. */
  tryAcquire(): boolean {
    if (this.limit === undefined) {
      return true;
    }

    const now = this.now();
    while (this.admitted.length > 0 && (this.admitted[0] as number) <= now - WINDOW_MS) {
      this.admitted.shift();
    }
    if (this.admitted.length >= this.limit) {
      return false;
    }
    this.admitted.push(now);
    return true;
  }
}
