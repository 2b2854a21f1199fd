import axios from 'axios';

import { MoltinApiErrorObject } from '../errors/moltin-api-error-object.js';
import { MoltinRequestOptions } from './moltin-request-options.js';

/** Methods that RFC 9110 defines as idempotent, so a repeat has the same effect as one request. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * Error codes of requests that got no HTTP response and may succeed when sent again: resets,
 * refused connections, time-outs and temporary DNS or routing failures. `ENOTFOUND` is left out,
 * because a host name that does not resolve is usually a configuration error.
 */
const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_NETWORK',
]);

/** Error codes axios uses for a request time-out. */
const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** Title of the API's error for a missing, unknown, expired or revoked access token. */
const ACCESS_TOKEN_REJECTED_TITLE = 'unable to validate access token';

/** Titles that name no cause, so a 401 carrying only them is taken as a rejected access token. */
const GENERIC_UNAUTHORIZED_TITLES: ReadonlySet<string> = new Set(['', 'unauthorized', 'unauthorised']);

/**
 * Returns whether a request may be sent again after a transient failure, as the caller's
 * `idempotent` option sets it, or else as its method implies.
 */
export function mayRetryTransient(method: string, options: MoltinRequestOptions | undefined): boolean {
  return options?.idempotent ?? IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * Returns whether a failure may pass when the request is sent again: HTTP 429, any 5xx, or no response
 * because of one of the transient network errors. A cancelled request is never transient.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!axios.isAxiosError(error) || axios.isCancel(error)) {
    return false;
  }

  const status = error.response?.status;

  if (status !== undefined) {
    return status === 429 || status >= 500;
  }

  return error.code !== undefined && TRANSIENT_ERROR_CODES.has(error.code);
}

/** Returns whether an axios error is a request time-out. */
export function isTimeoutError(error: unknown): boolean {
  return axios.isAxiosError(error) && !error.response && error.code !== undefined && TIMEOUT_ERROR_CODES.has(error.code);
}

/**
 * Returns whether a 401's `errors` blame the access token, so that a new token may fix the request.
 *
 * The API rejects an invalid access token with the title "Unable to validate access token". A 401
 * with no errors, or with a bare "Unauthorized" title and no detail, names no cause and is taken
 * as a rejected access token too. A 401 that names another cause, such as "Invalid credentials"
 * from a customer login or a detail about the customer token, is not, so a wrong password is never
 * sent twice.
 *
 * NOTE: the API documents only its access-token 401. The bodies of its other 401s are inferred
 * from the emulator and may differ on a live store.
 */
export function blamesAccessToken(errors: readonly MoltinApiErrorObject[]): boolean {
  if (errors.length === 0) {
    return true;
  }

  return errors.some((error) => {
    const title = (error.title ?? '').trim().toLowerCase();
    const detail = (error.detail ?? '').toLowerCase();

    if (title === ACCESS_TOKEN_REJECTED_TITLE || title.includes('access token') || detail.includes('access token')) {
      return true;
    }

    return GENERIC_UNAUTHORIZED_TITLES.has(title) && detail === '';
  });
}

/**
 * Returns whether a request body can be sent a second time. A stream is consumed by the first attempt.
 */
export function isReplayableBody(data: unknown): boolean {
  return !(typeof data === 'object' && data !== null && typeof (data as { pipe?: unknown }).pipe === 'function');
}
