import { MoltinGrantType } from '../moltin-auth.constants.js';

/**
 * Per-request options of the Moltin Bearer interceptor, set as `moltin` in an axios request config:
 *
 * ```ts
 * this.http.get('/v2/products', { moltin: { grant: 'implicit' } });
 * ```
 */
export interface MoltinRequestOptions {
  /**
   * Grant of the access token to send.
   * @default 'implicit' when a customer token is sent, otherwise the module's `defaultGrant`
   */
  grant?: MoltinGrantType;
  /**
   * Whether the request may be sent again after a 429, a 5xx, a network error or a time-out.
   * `true` lets POST and PATCH be retried; `false` turns retries off for any method. The single
   * retry after a 401 does not depend on it, because the API rejected the request before acting
   * on it.
   * @default true for GET, HEAD, OPTIONS, PUT and DELETE; false for POST and PATCH
   */
  idempotent?: boolean;
  /**
   * Customer token to send in `X-Moltin-Customer-Token`, in place of the one validated for the
   * current incoming request. `false` sends none.
   * @default the current request's customer token, if any
   */
  customerToken?: string | false;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Options of the Moltin Bearer interceptor for this request. */
    moltin?: MoltinRequestOptions;
  }
}
