import { ManualClock } from '../testing/manual-clock';
import { ValidationRateLimiter } from './validation-rate-limiter';

describe('ValidationRateLimiter', () => {
  it('admits the rate at once, then turns callers away', async () => {
    const limiter = new ValidationRateLimiter(3, 0, new ManualClock(1_000_000));

    const admitted = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));

    expect(admitted).toEqual([true, true, true, false, false]);
  });

  it('frees slots only when a full window has passed', async () => {
    const clock = new ManualClock(1_000_000);
    const limiter = new ValidationRateLimiter(2, 0, clock);

    const first = [await limiter.acquire(), await limiter.acquire()];
    clock.advance(999);
    const tooSoon = await limiter.acquire();
    clock.advance(51);
    const onTime = await limiter.acquire();

    expect(first).toEqual([true, true]);
    expect(tooSoon).toBe(false);
    expect(onTime).toBe(true);
  });

  it('never starts more than the rate in any window', async () => {
    const clock = new ManualClock(1_000_000);
    const limiter = new ValidationRateLimiter(4, 10_000, clock);
    const starts: number[] = [];

    const acquired = Array.from({ length: 12 }, () => limiter.acquire().then(() => starts.push(clock.now())));
    for (let step = 0; step < 400; step++) {
      await Promise.resolve();
      clock.advance(10);
    }
    await Promise.all(acquired);

    expect(starts).toHaveLength(12);
    for (let i = 4; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 4]!).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('admits everything when the rate is 0', async () => {
    const limiter = new ValidationRateLimiter(0, 0, new ManualClock(1_000_000));

    const admitted = await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));

    expect(admitted.every(Boolean)).toBe(true);
  });
});
