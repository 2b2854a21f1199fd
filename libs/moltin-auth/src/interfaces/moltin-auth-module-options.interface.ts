import { MoltinGrantType } from '../moltin-auth.constants.js';
import { MoltinCustomerAuthOptions, ResolvedMoltinCustomerAuthOptions } from './moltin-customer-auth-options.interface.js';
import { MoltinHttpOptions, ResolvedMoltinHttpOptions } from './moltin-http-options.interface.js';

/**
 * Retry policy for token requests, scheduled refreshes and idempotent API calls through the
 * Bearer interceptor that fail with a network error, a time-out, 429 or 5xx.
 */
export interface MoltinRetryOptions {
  /**
   * Attempts per token request or API call, the first one included.
   * @default 3
   */
  attempts?: number;
  /**
   * Delay before the first retry, in milliseconds. Each later retry doubles it, with jitter.
   * @default 250
   */
  baseDelayMs?: number;
  /**
   * Upper bound of any retry delay, in milliseconds.
   * @default 10000
   */
  maxDelayMs?: number;
}

/**
 * Options of {@link MoltinAuthModule}. They are validated when the application starts.
 */
export interface MoltinAuthModuleOptions {
  /**
   * Client ID of the store's application key.
   */
  clientId: string;
  /**
   * Client secret of the application key. Needed for `client_credentials` tokens only; never
   * logged, thrown or returned.
   */
  clientSecret?: string;
  /**
   * API base URL of the store, as Commerce Manager shows it. `https://api.moltin.com` still works
   * but logs a deprecation warning.
   * @default 'https://euwest.api.elasticpath.com'
   */
  baseUrl?: string;
  /**
   * Grant used when a caller names none.
   * @default 'client_credentials' when `clientSecret` is set, otherwise 'implicit'
   */
  defaultGrant?: MoltinGrantType;
  /**
   * How long before its expiry a token is refreshed, in seconds. For a token whose lifetime is
   * shorter than twice this margin, half the lifetime is used instead.
   * @default 60
   */
  refreshMarginSeconds?: number;
  /**
   * Time-out of one token request, in milliseconds.
   * @default 10000
   */
  requestTimeoutMs?: number;
  /**
   * Retry policy for failed token requests and API calls.
   */
  retry?: MoltinRetryOptions;
  /**
   * Options of `CustomerAuthGuard` and customer login.
   */
  customerAuth?: MoltinCustomerAuthOptions;
  /**
   * Options of the outbound HTTP client and its Bearer interceptor.
   */
  http?: MoltinHttpOptions;
}

/**
 * Module options after validation, with every default filled in.
 */
export interface ResolvedMoltinAuthOptions {
  clientId: string;
  clientSecret?: string;
  /** Origin and optional path of the API, without a trailing slash. */
  baseUrl: string;
  defaultGrant: MoltinGrantType;
  refreshMarginSeconds: number;
  requestTimeoutMs: number;
  retry: Required<MoltinRetryOptions>;
  customerAuth: ResolvedMoltinCustomerAuthOptions;
  http: ResolvedMoltinHttpOptions;
}

/**
 * Class that builds the module options, for `MoltinAuthModule.forRootAsync({ useClass })` and
 * `forRootAsync({ useExisting })`.
 */
export interface MoltinAuthOptionsFactory {
  createMoltinAuthOptions(): MoltinAuthModuleOptions | Promise<MoltinAuthModuleOptions>;
}
