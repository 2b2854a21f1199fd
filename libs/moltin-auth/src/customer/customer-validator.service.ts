import { Inject, Injectable, Logger } from '@nestjs/common';

import { isRecord } from '../errors/moltin-api-error-object.js';
import { ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { ResolvedMoltinCustomerAuthOptions } from '../interfaces/moltin-customer-auth-options.interface.js';
import { MOLTIN_CUSTOMER_TOKEN_HEADER } from '../moltin-auth.constants.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS } from '../moltin-auth.internal-constants.js';
import { MoltinClock } from '../moltin-clock.js';
import { fingerprint } from '../utils/fingerprint.util.js';
import { CustomerApiClient, CustomerApiResponse, describeFailure } from './customer-api.client.js';
import { CustomerLogMessages } from './customer-auth.messages.js';
import { CustomerTokenHint, decodeCustomerToken } from './customer-token.decoder.js';
import { CustomerValidationCache, customerTokenCacheKey } from './customer-validation.cache.js';
import { CustomerTokenValidation, MoltinCustomer } from './moltin-customer.interface.js';
import { ValidationRateLimiter } from './validation-rate-limiter.js';

/** Statuses of `GET /v2/customers/{id}` that reject the customer token. */
const REJECTING_STATUSES = new Set([400, 401, 403, 404, 410, 422]);

/** Minimum time between two logged validation failures. The failures in between are counted. */
const UNAVAILABLE_LOG_INTERVAL_MS = 10_000;

const EXPIRED: CustomerTokenValidation = { outcome: 'expired' };

/**
 * Decides whether a customer token is valid, asking the API only for tokens it has not seen.
 *
 * A token is first decoded locally: a malformed, oversized or expired one is rejected without a
 * request. Otherwise the token is checked with `GET /v2/customers/{sub}` sent with an implicit
 * access token and the customer token. A `client_credentials` token is never used, because the
 * API returns any customer to it and a forged token naming a real customer would pass.
 *
 * Results are cached under the token's SHA-256: a valid one until the token expires or for
 * `cacheTtlSeconds`, whichever ends first, an invalid one for `negativeCacheTtlSeconds`.
 * Concurrent validations of one token share one request. An `unavailable` result is not cached.
 *
 * Validation calls are limited to `maxValidationsPerSecond` in any one-second window. A token that would wait for a
 * slot longer than `validationMaxWaitMs` gets `unavailable`, so a flood of new or forged tokens
 * cannot push the app over the store's rate limit.
 *
 * NOTE: forged tokens therefore compete with genuine new shoppers for validation slots.
 * Rate-limit guarded routes per client as well.
 */
@Injectable()
export class CustomerTokenValidator {
  private readonly logger = new Logger('MoltinCustomerAuth');
  private readonly cache: CustomerValidationCache<CustomerTokenValidation>;
  private readonly inFlight = new Map<string, Promise<CustomerTokenValidation>>();
  private readonly rateLimiter: ValidationRateLimiter;
  private lastUnavailableLogMs = Number.NEGATIVE_INFINITY;
  private unloggedFailures = 0;

  constructor(
    @Inject(MOLTIN_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedMoltinAuthOptions,
    private readonly api: CustomerApiClient,
    private readonly clock: MoltinClock,
  ) {
    const { cacheMaxEntries, maxValidationsPerSecond, validationMaxWaitMs } = options.customerAuth;

    this.cache = new CustomerValidationCache(cacheMaxEntries);
    this.rateLimiter = new ValidationRateLimiter(maxValidationsPerSecond, validationMaxWaitMs, clock);
  }

  /** The resolved `customerAuth` options, with every default filled in. */
  get customerAuthOptions(): Readonly<ResolvedMoltinCustomerAuthOptions> {
    return this.options.customerAuth;
  }

  /** Number of validation results in the cache, never more than `cacheMaxEntries`. */
  get cacheSize(): number {
    return this.cache.size;
  }

  /**
   * Validates a customer token. It never throws: every failure is one of the outcomes of
   * {@link CustomerTokenValidation}.
   */
  async validate(token: string): Promise<CustomerTokenValidation> {
    const decoded = decodeCustomerToken(token, { maxLength: this.options.customerAuth.maxTokenLength, nowMs: this.clock.now() });

    if (!decoded.ok) {
      return decoded.reason === 'expired' ? EXPIRED : { outcome: 'invalid', reason: `the token is ${decoded.reason.replace('_', ' ')}` };
    }

    const key = customerTokenCacheKey(token);
    const cached = this.cache.get(key, this.clock.now());

    if (cached) {
      return cached;
    }

    let pending = this.inFlight.get(key);

    if (!pending) {
      pending = this.validateWithApi(token, decoded.hint, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }

    return pending;
  }

  /** Drops every cached result, so each token is checked with the API again. */
  clearCache(): void {
    this.cache.clear();
  }

  private async validateWithApi(token: string, hint: CustomerTokenHint, key: string): Promise<CustomerTokenValidation> {
    let response: CustomerApiResponse;

    if (!(await this.rateLimiter.acquire())) {
      return this.unavailable(token, `more than ${this.options.customerAuth.maxValidationsPerSecond} tokens per second need validation (customerAuth.maxValidationsPerSecond), so the request was not sent`);
    }

    try {
      response = await this.api.send({
        method: 'GET',
        path: `/v2/customers/${encodeURIComponent(hint.sub)}`,
        headers: { [MOLTIN_CUSTOMER_TOKEN_HEADER]: token },
      });
    } catch (error) {
      return this.unavailable(token, describeFailure(error, [token]));
    }

    const result = this.interpret(token, hint, response);
    this.store(key, hint, result);

    return result;
  }

  private interpret(token: string, hint: CustomerTokenHint, response: CustomerApiResponse): CustomerTokenValidation {
    const { status } = response;

    if (status >= 200 && status <= 299) {
      const customer = readCustomer(response.data, hint);

      if (customer) {
        return { outcome: 'valid', customer };
      }

      // A customer body with another ID rejects the token; any other body proves nothing.
      if (!hasCustomerId(response.data)) {
        return this.unavailable(token, `GET /v2/customers/{id} returned HTTP ${status} without a customer`);
      }

      this.logger.warn(CustomerLogMessages.customerMismatch(fingerprint(token)));
      return { outcome: 'invalid', reason: 'the API returned another customer' };
    }

    if (REJECTING_STATUSES.has(status)) {
      const reason = `GET /v2/customers/{id} returned HTTP ${status}`;
      this.logger.debug(CustomerLogMessages.validationRejected(fingerprint(token), reason));

      return { outcome: 'invalid', reason };
    }

    return this.unavailable(token, `GET /v2/customers/{id} returned HTTP ${status}`);
  }

  private store(key: string, hint: CustomerTokenHint, result: CustomerTokenValidation): void {
    const now = this.clock.now();
    const { cacheTtlSeconds, negativeCacheTtlSeconds } = this.options.customerAuth;

    if (result.outcome === 'valid' && cacheTtlSeconds > 0) {
      this.cache.set(key, result, Math.min(hint.exp * 1000, now + cacheTtlSeconds * 1000));
    } else if (result.outcome === 'invalid' && negativeCacheTtlSeconds > 0) {
      this.cache.set(key, result, now + negativeCacheTtlSeconds * 1000);
    }
  }

  /** Logs at most one failure per interval, with the count of those left out. */
  private unavailable(token: string, reason: string): CustomerTokenValidation {
    const now = this.clock.now();

    if (now - this.lastUnavailableLogMs >= UNAVAILABLE_LOG_INTERVAL_MS) {
      this.logger.warn(CustomerLogMessages.validationUnavailable(fingerprint(token), reason, this.unloggedFailures));
      this.lastUnavailableLogMs = now;
      this.unloggedFailures = 0;
    } else {
      this.unloggedFailures += 1;
    }

    return { outcome: 'unavailable', reason };
  }
}

/**
 * Reads the customer from a `GET /v2/customers/{id}` body, or returns `undefined` unless its
 * `data.id` is the token's `sub`.
 */
function readCustomer(body: unknown, hint: CustomerTokenHint): MoltinCustomer | undefined {
  const data = isRecord(body) ? body.data : undefined;

  if (!isRecord(data) || data.id !== hint.sub) {
    return undefined;
  }

  return {
    id: hint.sub,
    email: typeof data.email === 'string' ? data.email : '',
    name: typeof data.name === 'string' ? data.name : '',
    tokenExpiresAt: new Date(hint.exp * 1000),
  };
}

/**
 * Tells whether a response body is `{ data: { id: <non-empty string> } }`.
 */
function hasCustomerId(body: unknown): boolean {
  const data = isRecord(body) ? body.data : undefined;

  return isRecord(data) && typeof data.id === 'string' && data.id.length > 0;
}
