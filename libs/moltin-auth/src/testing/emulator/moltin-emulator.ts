import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  resolveEmulatorOptions,
  validateClockOffset,
  validateErrorStatusFormat,
  validateLifetime,
  validateRateLimit,
  validateTokenResponseShape,
  type ResolvedEmulatorOptions,
} from './emulator-options.js';
import { EMULATOR_ROUTES, isEmulatorRoute } from './emulator-router.js';
import { EmulatorState, initialSettings } from './emulator-state.js';
import { FaultInjector, type LatencyTarget } from './fault-injector.js';
import type {
  AccessTokenGrant,
  CustomerSeed,
  EmulatorCustomer,
  EmulatorProduct,
  EmulatorRoute,
  ErrorStatusFormat,
  IssueAccessTokenOptions,
  IssueCustomerTokenOptions,
  IssuedAccessToken,
  IssuedCustomerToken,
  MoltinEmulatorOptions,
  OidcAuthorizationCodeSeed,
  ProductSeed,
  RecordedRequest,
  TokenResponseShape,
} from './moltin-emulator.interfaces.js';
import { RateLimiter } from './rate-limiter.js';
import { PendingDelays, RequestPipeline } from './request-pipeline.js';
import { RequestLog } from './request-log.js';

/** Maximum delay that `setTimeout` supports, in milliseconds. */
const MAX_LATENCY_MS = 2 ** 31 - 1;

/**
 * HTTP emulator of the Elastic Path Commerce Cloud (Moltin) authentication API, for tests and
 * local development. It serves `POST /oauth/access_token`, `POST /v2/customers/tokens`,
 * `GET /v2/customers/:id` and `GET /v2/products` on a loopback address, with the API's
 * quirks, and lets tests count requests, inject faults and revoke tokens.
 *
 * @example
 * const emulator = await MoltinEmulator.start();
 * // point the client at emulator.url with emulator.clientId and emulator.clientSecret
 * await emulator.stop();
 */
export class MoltinEmulator {
  private readonly state: EmulatorState;
  private readonly requestLog = new RequestLog();
  private readonly faults = new FaultInjector();
  private readonly rateLimiter: RateLimiter;
  private readonly delays = new PendingDelays();
  private readonly server: Server;
  private stopped = false;
  private stopPromise: Promise<void> | undefined;
  private baseUrl = '';

  private constructor(private readonly options: ResolvedEmulatorOptions) {
    this.state = new EmulatorState(options);
    this.rateLimiter = new RateLimiter(options.rateLimitPerSecond);

    const pipeline = new RequestPipeline({
      state: this.state,
      requestLog: this.requestLog,
      faults: this.faults,
      rateLimiter: this.rateLimiter,
      delays: this.delays,
      logger: options.logger,
      isStopped: () => this.stopped,
    });
    this.server = createServer(pipeline.listener);
  }

  /** Validates `options`, then starts an emulator listening on a loopback address. */
  static async start(options?: MoltinEmulatorOptions): Promise<MoltinEmulator> {
    const emulator = new MoltinEmulator(resolveEmulatorOptions(options));
    await emulator.listen();
    return emulator;
  }

  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return this.baseUrl;
  }

  /** Port the emulator listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  get clientId(): string {
    return this.state.clientId;
  }

  get clientSecret(): string {
    return this.state.clientSecret;
  }

  /** HS256 secret that signs customer tokens, for tests that forge or check tokens themselves. */
  get customerTokenSecret(): string {
    return this.options.customerTokenSecret;
  }

  /** Closes the server and every open connection, cancelling delayed responses. Safe to call twice. */
  stop(): Promise<void> {
    this.stopPromise ??= new Promise<void>((resolve) => {
      this.stopped = true;
      this.delays.cancelAll();
      // The callback gets an error only when the server was not listening. Nothing is left to
      // close then, so stop() ignores it.
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.stopPromise;
  }

  /** Creates a customer that can log in with its email and password; the id is a UUID unless given. */
  addCustomer(seed: CustomerSeed): EmulatorCustomer {
    return this.state.customers.add(seed);
  }

  /** Returns the customer with `id`, or undefined. */
  findCustomer(id: string): EmulatorCustomer | undefined {
    return this.state.customers.findById(id);
  }

  /** Returns the customer with `email`, compared without case, or undefined. */
  findCustomerByEmail(email: string): EmulatorCustomer | undefined {
    return this.state.customers.findByEmail(email);
  }

  /** Lists every customer, seeded and added. */
  listCustomers(): EmulatorCustomer[] {
    return this.state.customers.list();
  }

  /** Adds a product to the catalog; the id is a UUID unless given and the status defaults to `live`. */
  addProduct(seed: ProductSeed): EmulatorProduct {
    return this.state.products.add(seed);
  }

  /** Registers a single-use authorization code for the OIDC login of an existing customer. */
  addOidcAuthorizationCode(seed: OidcAuthorizationCodeSeed): void {
    for (const field of ['code', 'customerId', 'redirectUri'] as const) {
      if (typeof seed?.[field] !== 'string' || seed[field] === '') {
        throw new TypeError(`MoltinEmulator addOidcAuthorizationCode: ${field} must be a non-empty string.`);
      }
    }
    for (const field of ['codeChallenge', 'codeVerifier'] as const) {
      if (seed[field] !== undefined && (typeof seed[field] !== 'string' || seed[field] === '')) {
        throw new TypeError(`MoltinEmulator addOidcAuthorizationCode: ${field} must be a non-empty string when given.`);
      }
    }
    if (this.state.customers.findById(seed.customerId) === undefined) {
      throw new Error(`MoltinEmulator addOidcAuthorizationCode: no customer has id "${seed.customerId}"; add it first.`);
    }
    this.state.oidcCodes.add(seed);
  }

  /** Signs a customer token as `POST /v2/customers/tokens` would, without a login request. */
  issueCustomerToken(customerId: string, options: IssueCustomerTokenOptions = {}): IssuedCustomerToken {
    const customer = this.state.customers.findById(customerId);
    if (customer === undefined) {
      throw new Error(`MoltinEmulator issueCustomerToken: no customer has id "${customerId}".`);
    }

    const lifetimeSeconds = options.lifetimeSeconds ?? this.state.settings.customerTokenLifetimeSeconds;
    if (!Number.isSafeInteger(lifetimeSeconds)) {
      throw new TypeError(`MoltinEmulator issueCustomerToken: lifetimeSeconds must be an integer; received ${String(lifetimeSeconds)}.`);
    }
    return this.state.customerTokens.issue(customer, lifetimeSeconds, this.state.serverNowMs());
  }

  /** Issues an access token as `POST /oauth/access_token` would, without a request. */
  issueAccessToken(grant: AccessTokenGrant = 'client_credentials', options: IssueAccessTokenOptions = {}): IssuedAccessToken {
    if (grant !== 'client_credentials' && grant !== 'implicit') {
      throw new TypeError(`MoltinEmulator issueAccessToken: grant must be "client_credentials" or "implicit"; received ${String(grant)}.`);
    }
    const lifetimeSeconds =
      options.lifetimeSeconds === undefined
        ? this.state.settings.tokenLifetimeSeconds
        : validateLifetime('issueAccessToken lifetimeSeconds', options.lifetimeSeconds);
    return this.state.issueAccessToken(grant, lifetimeSeconds);
  }

  /** Tells whether an access token is known, unexpired and not revoked. */
  isAccessTokenValid(token: string): boolean {
    return this.state.accessTokens.find(token, Date.now()) !== undefined;
  }

  /** Returns the grant of a valid access token, or undefined for an invalid one. */
  accessTokenGrant(token: string): AccessTokenGrant | undefined {
    return this.state.accessTokens.find(token, Date.now())?.grant;
  }

  /** Counts the requests that reached `route` since the last reset, including rejected ones. */
  requestCount(route: EmulatorRoute): number {
    return this.requestLog.count(assertRoute('requestCount', route));
  }

  /** Returns the last 500 requests of `route` at most, oldest first. */
  requests(route: EmulatorRoute): RecordedRequest[] {
    return this.requestLog.requests(assertRoute('requests', route));
  }

  /** Clears request counts and recorded requests. */
  resetCounters(): void {
    this.requestLog.clear();
  }

  /**
   * Fails the next `count` requests of `route` with `status` (400 to 599) and `body`, or a
   * JSON:API error for that status when `body` is undefined. Faults queue in call order.
   */
  failNext(route: EmulatorRoute, count: number, status: number, body?: unknown): void {
    assertRoute('failNext', route);
    assertCount('failNext', count);
    assertStatus('failNext', status, 400);
    this.faults.schedule(route, count, { status, body });
  }

  /**
   * Sends `status` (200 to 599) and `body` as the response to the next `count` requests of
   * `route`. The body is sent as JSON, or verbatim when it is a string or Buffer, and an
   * undefined body sends none. Faults queue in call order.
   */
  respondNext(route: EmulatorRoute, count: number, status: number, body: unknown): void {
    assertRoute('respondNext', route);
    assertCount('respondNext', count);
    assertStatus('respondNext', status, 200);
    this.faults.schedule(route, count, { status, body: body ?? '' });
  }

  /**
   * Delays every response of `target` by `ms` milliseconds; 0 removes the delay. A request waits
   * for the larger of its route's latency and the `all` latency.
   */
  setLatency(target: LatencyTarget, ms: number): void {
    if (target !== 'all') {
      assertRoute('setLatency', target);
    }
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
      throw new TypeError(`MoltinEmulator setLatency: ms must be an integer from 0 to ${MAX_LATENCY_MS}; received ${String(ms)}.`);
    }
    this.faults.setLatency(target, ms);
  }

  /**
   * Limits all routes together to `perSecond` requests in any rolling second; undefined removes
   * the limit. Requests over the limit get 429 without Retry-After or rate-limit headers, as on
   * the API.
   */
  setRateLimit(perSecond: number | undefined): void {
    this.rateLimiter.setLimit(validateRateLimit(perSecond));
  }

  /** Revokes an access token; returns whether it was valid. */
  revokeAccessToken(token: string): boolean {
    return this.state.accessTokens.revoke(token);
  }

  /** Revokes every access token; returns how many were stored. */
  revokeAllAccessTokens(): number {
    return this.state.accessTokens.revokeAll();
  }

  /** Revokes a customer token by its `jti` claim; returns false if the token cannot be decoded. */
  revokeCustomerToken(token: string): boolean {
    return this.state.customerTokens.revoke(token);
  }

  /** Sets the lifetime in seconds of access tokens issued from now on. */
  setTokenLifetime(seconds: number): void {
    this.state.settings.tokenLifetimeSeconds = validateLifetime('setTokenLifetime seconds', seconds);
  }

  /** Sets the lifetime in seconds of customer tokens issued from now on. */
  setCustomerTokenLifetime(seconds: number): void {
    this.state.settings.customerTokenLifetimeSeconds = validateLifetime('setCustomerTokenLifetime seconds', seconds);
  }

  /** Sets whether token responses are flat or wrapped in `data`. */
  setTokenResponseShape(shape: TokenResponseShape): void {
    this.state.settings.tokenResponseShape = validateTokenResponseShape(shape);
  }

  /** Sets whether `errors[].status` is a string or a number. */
  setErrorStatusFormat(format: ErrorStatusFormat): void {
    this.state.settings.errorStatusFormat = validateErrorStatusFormat(format);
  }

  /** Sets how many seconds the emulator's clock runs ahead of (positive) or behind the real clock. */
  setClockOffset(seconds: number): void {
    this.state.settings.clockOffsetSeconds = validateClockOffset(seconds);
  }

  /**
   * Clears injected faults, latency, request counts and recorded requests, and restores the rate
   * limit, token lifetimes, response shape, status format and clock offset to the start options.
   * Customers, products and issued tokens are kept.
   */
  reset(): void {
    this.faults.clear();
    this.requestLog.clear();
    this.rateLimiter.setLimit(this.options.rateLimitPerSecond);
    Object.assign(this.state.settings, initialSettings(this.options));
  }

  private listen(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        this.stopped = true;
        reject(new Error(`MoltinEmulator could not listen on ${this.options.host}:${this.options.port}: ${error.message}`));
      };

      this.server.once('error', onError);
      this.server.listen({ port: this.options.port, host: this.options.host }, () => {
        this.server.off('error', onError);
        const address = this.server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.baseUrl = `http://${host}:${address.port}`;
        resolve();
      });
    });
  }
}

function assertRoute(method: string, route: unknown): EmulatorRoute {
  if (!isEmulatorRoute(route)) {
    throw new TypeError(`MoltinEmulator ${method}: route must be one of ${EMULATOR_ROUTES.join(', ')}; received ${String(route)}.`);
  }
  return route;
}

function assertCount(method: string, count: unknown): void {
  if (!Number.isSafeInteger(count) || (count as number) <= 0) {
    throw new TypeError(`MoltinEmulator ${method}: count must be a positive integer; received ${String(count)}.`);
  }
}

function assertStatus(method: string, status: unknown, minimum: number): void {
  if (!Number.isInteger(status) || (status as number) < minimum || (status as number) > 599) {
    throw new TypeError(`MoltinEmulator ${method}: status must be an integer from ${minimum} to 599; received ${String(status)}.`);
  }
}
