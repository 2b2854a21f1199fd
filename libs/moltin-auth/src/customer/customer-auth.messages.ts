/**
 * Messages of `CustomerAuthGuard` sent to HTTP clients in the `message` field of Nest's error
 * body. They never contain a token.
 */
export const CustomerAuthGuardMessages = {
  missingToken: 'missing customer token',
  expiredToken: 'customer token expired',
  invalidToken: 'invalid customer token',
  validationUnavailable: 'customer token cannot be validated while the commerce API is unavailable. Retry later.',
} as const;

/**
 * Builders of login error messages sent to HTTP clients. Details of network failures stay in the
 * server log, so a client never learns internal host names.
 */
export const CustomerLoginMessages = {
  invalidArgument: (field: string) => `${field} must be a non-empty string`,

  rejected: (apiMessage: string) => `customer login failed: ${apiMessage}`,

  unavailable: () => 'customer login failed because the commerce API is unavailable (no response, a time-out, 429 or 5xx). Retry later.',

  invalidResponse: () => 'customer login failed because the commerce API returned an unexpected response',
};

/**
 * Builders of the customer side's log messages. Tokens appear only as fingerprints.
 */
export const CustomerLogMessages = {
  validationUnavailable: (tokenFingerprint: string, reason: string, suppressed: number) =>
    `Cannot validate customer token ${tokenFingerprint}: ${reason}. Customer tokens not in the cache get 503 until validation succeeds again` +
    (suppressed > 0 ? ` (${suppressed} similar failures not logged since the previous message)` : ''),

  validationRejected: (tokenFingerprint: string, reason: string) => `Customer token ${tokenFingerprint} is invalid: ${reason}`,

  customerMismatch: (tokenFingerprint: string) =>
    `GET /v2/customers/{id} returned 2xx for customer token ${tokenFingerprint} but not the customer named by its sub claim; the token is treated as invalid`,

  appTokenRefreshSkipped: (operation: string, intervalMs: number) =>
    `${operation} returned 401, possibly for the implicit access token, but a new implicit token was requested less than ${intervalMs} ms ago without curing such a 401, so this request gets 503`,

  loginRejected: (mechanism: string, status: number, apiMessage: string) =>
    `Customer ${mechanism} login rejected with HTTP ${status}: ${apiMessage}`,

  loginUnavailable: (mechanism: string, reason: string) => `Customer ${mechanism} login failed: ${reason}`,

  loginInvalidResponse: (mechanism: string, status: number, reason: string) =>
    `Customer ${mechanism} login returned HTTP ${status} but ${reason}`,
};
