import { MoltinApiErrorObject } from '../errors/moltin-api-error-object.js';
import { MoltinGrantType } from '../moltin-auth.constants.js';

/**
 * Builders of the outbound HTTP side's error and log messages. None of them accepts a token or a
 * secret: requests are named by method and path, tokens by their fingerprint.
 */
export const MoltinHttpMessages = {
  requestFailed: (method: string, path: string, status: number, errors: readonly MoltinApiErrorObject[]) =>
    `${method} ${path} failed with HTTP ${status}${describeApiErrors(errors)}`,

  requestTimedOut: (method: string, path: string, timeoutMs: number | undefined) =>
    timeoutMs ? `${method} ${path} timed out after ${timeoutMs} ms` : `${method} ${path} timed out`,

  requestNetworkError: (method: string, path: string, reason: string) =>
    `${method} ${path} failed before any HTTP response: ${reason}`,

  requestCancelled: (method: string, path: string) => `${method} ${path} was cancelled`,

  retrying: (method: string, path: string, cause: string, retry: number, maxRetries: number, delayMs: number) =>
    `${method} ${path} failed with ${cause}; retry ${retry} of ${maxRetries} in ${delayMs} ms`,

  refreshingAfterUnauthorized: (method: string, path: string, grant: MoltinGrantType, tokenFingerprint: string) =>
    `${method} ${path} was rejected with HTTP 401; refreshing the ${grant} access token ${tokenFingerprint} and retrying once`,

  invalidRequestOptions: (received: string) => `config.moltin must be an object (received ${received})`,

  invalidGrantOption: (received: string) =>
    `config.moltin.grant must be "client_credentials" or "implicit" (received ${received})`,

  invalidCustomerTokenOption: (received: string) =>
    `config.moltin.customerToken must be a non-empty string or false (received ${received})`,

  invalidIdempotentOption: (received: string) => `config.moltin.idempotent must be a boolean (received ${received})`,

  customerTokenWithClientCredentials: () =>
    'config.moltin.customerToken cannot be sent with a "client_credentials" token, because the API then ignores the customer; use grant "implicit" or leave grant unset',

  attachedAfterShutdown: () =>
    'MoltinBearerInterceptor.attachTo() was called after the module was destroyed; attach in onModuleInit() instead',

  calledAfterShutdown: () => 'MoltinHttpService was called after the application started shutting down; the call was not sent',
};

function describeApiErrors(errors: readonly MoltinApiErrorObject[]): string {
  const first = errors[0];
  const text = first ? [first.title, first.detail].filter(Boolean).join(': ') : '';

  return text ? `: ${text}` : '';
}

/**
 * Describes an option value for an error message without echoing it, since a misplaced value may
 * be a token.
 */
export function describeOptionValue(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') {
    return String(value);
  }

  return typeof value === 'string' ? `a string of ${value.length} characters` : `a value of type ${typeof value}`;
}
