import type { EmulatorRoute, RecordedRequest } from './moltin-emulator.interfaces.js';

/** Requests kept per route; older ones are dropped first. */
export const MAX_RECORDED_REQUESTS_PER_ROUTE = 500;

/** Request counts and the latest recorded requests, per route. */
export class RequestLog {
  private readonly counts = new Map<EmulatorRoute, number>();
  private readonly recorded = new Map<EmulatorRoute, RecordedRequest[]>();

  increment(route: EmulatorRoute): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
  }

  /** Stores a request, dropping the oldest once the route has the maximum number recorded. */
  record(route: EmulatorRoute, request: RecordedRequest): void {
    const list = this.recorded.get(route) ?? [];
    list.push(request);
    if (list.length > MAX_RECORDED_REQUESTS_PER_ROUTE) {
      list.shift();
    }
    this.recorded.set(route, list);
  }

  count(route: EmulatorRoute): number {
    return this.counts.get(route) ?? 0;
  }

  /** Returns a copy of the requests recorded for `route`, oldest first. */
  requests(route: EmulatorRoute): RecordedRequest[] {
    return [...(this.recorded.get(route) ?? [])];
  }

  clear(): void {
    this.counts.clear();
    this.recorded.clear();
  }
}
