import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { MOLTIN_AUTH_SCHEDULER_REGISTRY } from '../moltin-auth.internal-constants.js';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Keeps one named refresh timeout per token in the `SchedulerRegistry`: the app's own registry
 * when it imports `ScheduleModule.forRoot()`, or a private one when it does not. Either way the
 * app's cron jobs are never registered or started a second time.
 */
@Injectable()
export class TokenRefreshScheduler {
  private readonly names = new Set<string>();

  constructor(@Inject(MOLTIN_AUTH_SCHEDULER_REGISTRY) private readonly registry: SchedulerRegistry) {}

  /**
   * Runs `callback` after `delayMs`, replacing any timeout already scheduled under `name`. The
   * timer does not keep the process alive on its own.
   */
  schedule(name: string, delayMs: number, callback: () => void): void {
    this.cancel(name);

    const timer = setTimeout(() => {
      this.cancel(name);
      callback();
    }, Math.min(Math.max(0, delayMs), MAX_TIMEOUT_MS));
    timer.unref();

    this.registry.addTimeout(name, timer);
    this.names.add(name);
  }

  cancel(name: string): void {
    this.names.delete(name);

    // The app's ScheduleModule may already have cleared it during shutdown.
    if (this.registry.doesExist('timeout', name)) {
      this.registry.deleteTimeout(name);
    }
  }

  cancelAll(): void {
    for (const name of [...this.names]) {
      this.cancel(name);
    }
  }

  isScheduled(name: string): boolean {
    return this.names.has(name);
  }
}
