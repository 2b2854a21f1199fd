import { computeBackoffDelay, delay } from './backoff.util';

describe('computeBackoffDelay', () => {
  const settings = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the delay on each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => computeBackoffDelay(attempt, settings, () => 0.999999))).toEqual([100, 200, 400, 800]);
  });

  it('never goes below half the exponential delay', () => {
    expect([1, 2, 3].map((attempt) => computeBackoffDelay(attempt, settings, () => 0))).toEqual([50, 100, 200]);
  });

  it('caps the delay at the maximum', () => {
    expect(computeBackoffDelay(10, settings, () => 0.999999)).toBe(1_000);
    expect(computeBackoffDelay(60, settings, () => 0.5)).toBe(750);
  });
});

describe('delay', () => {
  it('rejects as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = delay(60_000, controller.signal);

    controller.abort(new Error('stopped'));

    await expect(waiting).rejects.toThrow('stopped');
  });

  it('rejects at once for an aborted signal', async () => {
    await expect(delay(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
