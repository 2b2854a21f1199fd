/**
 * Options of `CustomerAuthGuard` and customer login, under `customerAuth` in the module options.
 */
export interface MoltinCustomerAuthOptions {
  /**
   * Request header that carries the customer token (case-insensitive).
   * @default 'X-Moltin-Customer-Token'
   */
  headerName?: string;
  /**
   * Also accept the customer token as `Authorization: Bearer <token>` when the header above is
   * absent.
   * @default false
   */
  allowAuthorizationHeader?: boolean;
  /**
   * How long a token that the API confirmed stays trusted without asking again, in seconds. The
   * token's own expiry ends it sooner.
   * @default 300
   */
  cacheTtlSeconds?: number;
  /**
   * How long a token that the API rejected stays rejected without asking again, in seconds.
   * @default 10
   */
  negativeCacheTtlSeconds?: number;
  /**
   * Most validation results kept in memory; the least recently used one is evicted first.
   * @default 10000
   */
  cacheMaxEntries?: number;
  /**
   * Maximum length of a customer token, in characters. Longer ones are rejected without an API call.
   * @default 4096
   */
  maxTokenLength?: number;
  /**
   * Maximum `GET /v2/customers/{id}` calls that the guard makes in any one-second window to
   * validate tokens not in its cache. It keeps a flood of new or forged tokens well under the
   * store's rate limit of 25 requests per second (development store) or 100 (production). 0 turns
   * the limit off.
   * @default 10
   */
  maxValidationsPerSecond?: number;
  /**
   * Maximum time a request waits for a validation slot, in milliseconds. Past it the request gets
   * 503.
   * @default 1000
   */
  validationMaxWaitMs?: number;
}

export type ResolvedMoltinCustomerAuthOptions = Required<MoltinCustomerAuthOptions>;
