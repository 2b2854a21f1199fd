/**
 * Options of the outbound HTTP client and Bearer interceptor, under `http` in the module options.
 */
export interface MoltinHttpOptions {
  /**
   * Origins (scheme, host and port, such as `https://files.example.com`) that also receive the
   * Bearer token, besides the origin of `baseUrl`.
   * @default []
   */
  allowedOrigins?: string[];
  /**
   * Time-out of one API call made through the module's HTTP client, in milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
}

export interface ResolvedMoltinHttpOptions {
  /** Normalised origins, the API's own first. */
  allowedOrigins: string[];
  timeoutMs: number;
}
