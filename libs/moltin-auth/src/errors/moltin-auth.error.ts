import { MoltinGrantType } from '../moltin-auth.constants.js';
import { MoltinApiErrorObject } from './moltin-api-error-object.js';

/**
 * Machine-readable reason of a {@link MoltinAuthError}.
 *
 * - `token_request_failed`: the token endpoint responded with a non-2xx status.
 * - `invalid_token_response`: a 2xx response that contains no usable access token or expiry.
 * - `network_error`: no HTTP response (connection refused, reset, DNS failure).
 * - `timeout`: no response within the configured request timeout.
 * - `grant_not_configured`: a `client_credentials` token was requested without a client secret.
 * - `shutting_down`: the application closed while the request was in flight.
 */
export type MoltinAuthErrorCode =
  | 'token_request_failed'
  | 'invalid_token_response'
  | 'network_error'
  | 'timeout'
  | 'grant_not_configured'
  | 'shutting_down';

export interface MoltinAuthErrorDetails {
  code: MoltinAuthErrorCode;
  grantType?: MoltinGrantType;
  status?: number;
  errors?: MoltinApiErrorObject[];
}

/**
 * Failure to obtain an access token. Its message, fields and JSON form never contain the client
 * secret or a token.
 */
export class MoltinAuthError extends Error {
  override readonly name = 'MoltinAuthError';
  readonly code: MoltinAuthErrorCode;
  readonly grantType?: MoltinGrantType;
  /** HTTP status of the token endpoint's response, when there was one. */
  readonly status?: number;
  /** The API's JSON:API `errors` array, when its response had one. */
  readonly errors: MoltinApiErrorObject[];

  constructor(message: string, details: MoltinAuthErrorDetails) {
    super(message);
    this.code = details.code;
    this.grantType = details.grantType;
    this.status = details.status;
    this.errors = details.errors ?? [];
  }

  /**
   * Whether trying again later may succeed: network failures, time-outs, and 429 and 5xx responses.
   */
  get retryable(): boolean {
    if (this.code === 'network_error' || this.code === 'timeout') {
      return true;
    }

    return this.status === 429 || (this.status !== undefined && this.status >= 500);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      grantType: this.grantType,
      status: this.status,
      errors: this.errors,
    };
  }
}
