/**
 * Exponential backoff settings, in milliseconds.
 */
export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Computes the delay before retry number `attempt` (1 for the first retry): the exponential delay
 * `baseDelayMs * 2^(attempt - 1)`, capped at `maxDelayMs`, with "equal jitter" so that the result
 * lies between half of that delay and all of it. `random` returns a number in [0, 1).
 */
export function computeBackoffDelay(
  attempt: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const exponential = settings.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(settings.maxDelayMs, exponential);
  const half = capped / 2;

  return Math.round(half + random() * half);
}

/**
 * Resolves after `ms` milliseconds, or rejects as soon as `signal` aborts.
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);

    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
