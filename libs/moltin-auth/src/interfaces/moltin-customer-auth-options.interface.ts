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
   * Longest customer token accepted, in characters; longer ones are rejected without an API call.
   * @default 4096
   */
  maxTokenLength?: number;
}

export type ResolvedMoltinCustomerAuthOptions = Required<MoltinCustomerAuthOptions>;
