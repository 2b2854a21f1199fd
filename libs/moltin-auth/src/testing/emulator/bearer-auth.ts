import type { AccessTokenRecord } from './access-token-store.js';
import type { EmulatorRequest } from './emulator-request.js';
import type { EmulatorState } from './emulator-state.js';
import { INVALID_ACCESS_TOKEN_TITLE, type EmulatorResponse } from './json-api-error.js';

/**
 * `Bearer <token>`, and the historical `Bearer: <token>` that `@moltin/sdk` sent from 2017 until
 * 2021 and that the API accepted. The scheme is case-insensitive, as RFC 9110 specifies.
 */
const BEARER_PATTERN = /^Bearer:?[ \t]+(\S+)[ \t]*$/i;

/** Outcome of `authenticateBearer`. */
export type BearerAuthentication =
  | { readonly ok: true; readonly token: string; readonly record: AccessTokenRecord }
  | { readonly ok: false; readonly response: EmulatorResponse };

/** Extracts the token from an Authorization header value, or returns undefined. */
export function parseBearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : BEARER_PATTERN.exec(authorization)?.[1];
}

/**
 * Looks up the request's bearer token. A missing, unknown, expired or revoked token gets the
 * API's 401 "Unable to validate access token" error.
 */
export function authenticateBearer(request: EmulatorRequest, state: EmulatorState): BearerAuthentication {
  const token = parseBearerToken(request.headers.authorization);
  const record = token === undefined ? undefined : state.accessTokens.find(token, Date.now());

  if (token === undefined || record === undefined) {
    return { ok: false, response: state.errorResponse(401, INVALID_ACCESS_TOKEN_TITLE) };
  }
  return { ok: true, token, record };
}
