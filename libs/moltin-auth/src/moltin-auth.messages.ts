import { MoltinApiErrorObject, describeFirstApiError } from './errors/moltin-api-error-object.js';
import { MoltinGrantType } from './moltin-auth.constants.js';

/**
 * Builders of the library's error and log messages, kept together so their wording stays
 * consistent. None of them accepts a secret or a token.
 */
export const MoltinAuthMessages = {
  grantNotConfigured: () =>
    'Cannot request a "client_credentials" token: clientSecret is not set in the MoltinAuthModule options. Set clientSecret, or request an "implicit" token.',

  tokenRequestRejected: (grant: MoltinGrantType, status: number, errors: MoltinApiErrorObject[]) =>
    `Token request for grant "${grant}" failed with HTTP ${status}${describeApiErrors(errors)}`,

  tokenResponseInvalid: (grant: MoltinGrantType, reason: string) =>
    `Token request for grant "${grant}" returned 2xx but ${reason}`,

  tokenRequestTimedOut: (grant: MoltinGrantType, timeoutMs: number) =>
    `Token request for grant "${grant}" timed out after ${timeoutMs} ms`,

  tokenRequestNetworkError: (grant: MoltinGrantType, reason: string) =>
    `Token request for grant "${grant}" failed before any HTTP response: ${reason}`,

  shuttingDown: (grant: MoltinGrantType) =>
    `Token request for grant "${grant}" was cancelled because the application is shutting down`,

  plainHttpBaseUrl: (baseUrl: string) =>
    `baseUrl ${baseUrl} uses plain http to a remote host, so the client secret and tokens travel unencrypted; use https`,

  legacyBaseUrl: (baseUrl: string, replacement: string) =>
    `baseUrl ${baseUrl} is deprecated by Elastic Path; use your store's regional API base URL instead, such as ${replacement}`,
};

function describeApiErrors(errors: MoltinApiErrorObject[]): string {
  const text = describeFirstApiError(errors);

  return text ? `: ${text}` : '';
}
