import { MoltinClock } from '../moltin-clock.js';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('starts at the given time', () => {
    const clock = new ManualClock(1_000);

    expect(clock.now()).toBe(1_000);
    expect(clock).toBeInstanceOf(MoltinClock);
  });

  it('starts near the real time by default', () => {
    const before = Date.now();
    const clock = new ManualClock();

    expect(clock.now()).toBeGreaterThanOrEqual(before);
    expect(clock.now()).toBeLessThanOrEqual(Date.now());
  });

  it('stays put until moved', async () => {
    const clock = new ManualClock(5_000);

    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(clock.now()).toBe(5_000);
  });

  it('advances and returns the new time', () => {
    const clock = new ManualClock(1_000);

    expect(clock.advance(250)).toBe(1_250);
    expect(clock.advance(0)).toBe(1_250);
    expect(clock.now()).toBe(1_250);
  });

  it('sets the time forward and back', () => {
    const clock = new ManualClock(1_000);

    clock.set(10_000);
    expect(clock.now()).toBe(10_000);

    clock.set(500);
    expect(clock.now()).toBe(500);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('advance rejects %p', (ms) => {
    const clock = new ManualClock(1_000);

    expect(() => clock.advance(ms)).toThrow(RangeError);
    expect(clock.now()).toBe(1_000);
  });

  it.each([Number.NaN, Number.NEGATIVE_INFINITY])('set rejects %p', (ms) => {
    const clock = new ManualClock(1_000);

    expect(() => clock.set(ms)).toThrow(/finite number of milliseconds/);
    expect(clock.now()).toBe(1_000);
  });

  it('constructor rejects a non-finite start', () => {
    expect(() => new ManualClock(Number.NaN)).toThrow(/ManualClock startMs/);
  });
});
