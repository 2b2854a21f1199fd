import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { MOLTIN_AUTH_SCHEDULER_REGISTRY } from '../moltin-auth.internal-constants.js';
import { MoltinClock, MoltinTimer } from '../moltin-clock.js';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Keeps one named refresh timeout per token in the `SchedulerRegistry`: the app's own registry
 * when it imports `ScheduleModule.forRoot()`, or a private one when it does not. Either way the
 * app's cron jobs are never registered or started a second time.
 *
 * Timers come from `MoltinClock`, so a test clock that is moved forward runs the refreshes that
 * fall due.
 */
@Injectable()
export class TokenRefreshScheduler {
  private readonly timers = new Map<string, MoltinTimer>();

  constructor(
    @Inject(MOLTIN_AUTH_SCHEDULER_REGISTRY) private readonly registry: SchedulerRegistry,
    private readonly clock: MoltinClock,
  ) {}

  /**
   * Runs `callback` after `delayMs`, replacing any timeout already scheduled under `name`. The
   * timer does not keep the process alive on its own.
   */
  schedule(name: string, delayMs: number, callback: () => void): void {
    this.cancel(name);

    const timer = this.clock.setTimer(() => {
      this.cancel(name);
      callback();
    }, Math.min(Math.max(0, delayMs), MAX_TIMEOUT_MS));

    this.registry.addTimeout(name, timer);
    this.timers.set(name, timer);
  }

  cancel(name: string): void {
    const timer = this.timers.get(name);

    if (timer !== undefined) {
      this.clock.clearTimer(timer);
      this.timers.delete(name);
    }

    // The app's ScheduleModule may already have cleared it during shutdown.
    if (this.registry.doesExist('timeout', name)) {
      this.registry.deleteTimeout(name);
    }
  }

  cancelAll(): void {
    for (const name of [...this.timers.keys()]) {
      this.cancel(name);
    }
  }

  isScheduled(name: string): boolean {
    return this.timers.has(name);
  }
}
