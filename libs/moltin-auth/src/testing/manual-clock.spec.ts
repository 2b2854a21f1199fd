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

  describe('timers', () => {
    it('runs due timers in order, each at its due time', () => {
      const clock = new ManualClock(1_000);
      const seen: Array<[string, number]> = [];

      clock.setTimer(() => seen.push(['late', clock.now()]), 300);
      clock.setTimer(() => seen.push(['early', clock.now()]), 100);
      clock.advance(250);

      expect(seen).toEqual([['early', 1_100]]);
      expect(clock.now()).toBe(1_250);
      expect(clock.pendingTimers).toBe(1);
    });

    it('runs timers that come due when set forward', () => {
      const clock = new ManualClock(1_000);
      let runs = 0;
      clock.setTimer(() => runs++, 500);

      clock.set(900);
      const afterMovingBack = runs;
      clock.set(1_600);

      expect(afterMovingBack).toBe(0);
      expect(runs).toBe(1);
    });

    it('runs a timer set by a running timer when it falls due', () => {
      const clock = new ManualClock(0);
      const seen: number[] = [];
      clock.setTimer(() => {
        seen.push(clock.now());
        clock.setTimer(() => seen.push(clock.now()), 50);
      }, 50);

      clock.advance(200);

      expect(seen).toEqual([50, 100]);
      expect(clock.now()).toBe(200);
    });

    it('never runs a cleared timer', () => {
      const clock = new ManualClock(0);
      let runs = 0;
      const timer = clock.setTimer(() => runs++, 10);

      clock.clearTimer(timer);
      clock.advance(100);

      expect(runs).toBe(0);
      expect(clock.pendingTimers).toBe(0);
    });
  });

  it.each([
    ['set beyond the Date range', (clock: ManualClock) => clock.set(8.64e15 + 1)],
    ['advance beyond the Date range', (clock: ManualClock) => clock.advance(1e300)],
  ])('rejects a time %s', (_case, move) => {
    const clock = new ManualClock(0);

    expect(() => move(clock)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });
});
