import { MoltinGrantType } from '../moltin-auth.constants.js';
import type { MoltinEmulator } from './emulator/index.js';
import { ManualClock } from './manual-clock.js';

/**
 * Request counts and clock for assertions in a test built with
 * `MoltinAuthTestingModule.forEmulator()`. Inject it, or get it with
 * `moduleRef.get(MoltinAuthTestHarness)`.
 *
 * NOTE: counts of one grant or one customer are taken from the emulator's request log, which keeps
 * only the last 500 requests of each route (`MAX_RECORDED_REQUESTS_PER_ROUTE`). Past that they
 * stop growing. The totals have no such limit.
 */
export class MoltinAuthTestHarness {
  constructor(
    /** Emulator the module sends its requests to. */
    readonly emulator: MoltinEmulator,
    /** Clock provided in place of `MoltinClock`. */
    readonly clock: ManualClock,
  ) {}

  /**
   * Counts the `POST /oauth/access_token` requests since the emulator's counters were last reset,
   * of one grant when `grant` is given. Rejected requests count too.
   */
  tokenRequestCount(grant?: MoltinGrantType): number {
    if (grant === undefined) {
      return this.emulator.requestCount('token');
    }

    return this.emulator.requests('token').filter((request) => readGrantType(request.body) === grant).length;
  }

  /**
   * Counts the `GET /v2/customers/:id` requests since the emulator's counters were last reset, of
   * one customer when `customerId` is given. `CustomerAuthGuard` confirms a customer token with
   * this request, so the count shows how many validations reached the API rather than its cache.
   * Calls that the app itself makes to that path count too.
   */
  customerValidationCount(customerId?: string): number {
    if (customerId === undefined) {
      return this.emulator.requestCount('getCustomer');
    }

    return this.emulator.requests('getCustomer').filter((request) => readCustomerId(request.path) === customerId).length;
  }

  /** Sets the request counts back to zero, keeping the emulator's customers and tokens. */
  resetCounts(): void {
    this.emulator.resetCounters();
  }
}

const CUSTOMER_PATH_PREFIX = '/v2/customers/';

/** Returns the decoded `:id` of a `/v2/customers/:id` path, or undefined when it is malformed. */
function readCustomerId(path: string): string | undefined {
  try {
    return decodeURIComponent(path.slice(CUSTOMER_PATH_PREFIX.length));
  } catch {
    return undefined;
  }
}

function readGrantType(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>).grant_type : undefined;
}
