import type { EmulatorRoute } from './moltin-emulator.interfaces.js';

/** Route whose latency `setLatency` sets, or `all` for every request. */
export type LatencyTarget = EmulatorRoute | 'all';

/** Canned response for the next requests of a route. */
export interface ScheduledResponse {
  readonly status: number;
  /** Undefined means a JSON:API error body built for `status` when the response is sent. */
  readonly body: unknown;
}

interface QueueEntry extends ScheduledResponse {
  remaining: number;
}

/** Queues canned responses and added latency per route. */
export class FaultInjector {
  private readonly queues = new Map<EmulatorRoute, QueueEntry[]>();
  private readonly latencyMs = new Map<LatencyTarget, number>();

  /** Queues `response` for the next `count` requests of `route`, after any responses already queued. */
  schedule(route: EmulatorRoute, count: number, response: ScheduledResponse): void {
    const queue = this.queues.get(route) ?? [];
    queue.push({ ...response, remaining: count });
    this.queues.set(route, queue);
  }

  /** Takes the next queued response of `route`, if any. */
  takeNext(route: EmulatorRoute): ScheduledResponse | undefined {
    const queue = this.queues.get(route);
    const entry = queue?.[0];
    if (queue === undefined || entry === undefined) {
      return undefined;
    }

    entry.remaining -= 1;
    if (entry.remaining <= 0) {
      queue.shift();
    }
    return { status: entry.status, body: entry.body };
  }

  setLatency(target: LatencyTarget, ms: number): void {
    if (ms === 0) {
      this.latencyMs.delete(target);
    } else {
      this.latencyMs.set(target, ms);
    }
  }

  /** Returns the delay for a request: the larger of its route's latency and the `all` latency. */
  latencyFor(route: EmulatorRoute | undefined): number {
    const routeLatency = route === undefined ? 0 : (this.latencyMs.get(route) ?? 0);
    return Math.max(routeLatency, this.latencyMs.get('all') ?? 0);
  }

  /** Drops every queued response and latency. */
  clear(): void {
    this.queues.clear();
    this.latencyMs.clear();
  }
}
