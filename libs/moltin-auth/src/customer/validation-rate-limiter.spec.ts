import { ManualClock } from '../testing/manual-clock';
import { ValidationRateLimiter } from './validation-rate-limiter';

describe('ValidationRateLimiter', () => {
  it('admits a burst at once, then turns callers away', async () => {
    const limiter = new ValidationRateLimiter(5, 3, 0, new ManualClock(1_000_000));

    const admitted = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));

    expect(admitted).toEqual([true, true, true, false, false]);
  });

  it('frees one slot per interval', async () => {
    const clock = new ManualClock(1_000_000);
    const limiter = new ValidationRateLimiter(5, 1, 0, clock);

    const first = await limiter.acquire();
    const tooSoon = await limiter.acquire();
    clock.advance(199);
    const stillTooSoon = await limiter.acquire();
    clock.advance(1);
    const onTime = await limiter.acquire();

    expect([first, tooSoon, stillTooSoon, onTime]).toEqual([true, false, false, true]);
  });

  it('makes callers wait up to the maximum wait', async () => {
    const limiter = new ValidationRateLimiter(20, 1, 100, new ManualClock(1_000_000));
    const started = Date.now();

    const admitted = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));

    // Slots are 50 ms apart: 0, 50 and 100 ms are within the 100 ms wait, 150 ms is not.
    expect(admitted).toEqual([true, true, true, false]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('admits everything when the rate is 0', async () => {
    const limiter = new ValidationRateLimiter(0, 1, 0, new ManualClock(1_000_000));

    const admitted = await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));

    expect(admitted.every(Boolean)).toBe(true);
  });
});
