import { isRecord } from '../errors/moltin-api-error-object.js';

/**
 * Fields of a successful token response that the module uses.
 */
export interface ParsedTokenResponse {
  accessToken: string;
  tokenType: string;
  /** Lifetime in milliseconds, counted from when the request was sent. */
  lifetimeMs: number;
}

const MAX_ACCESS_TOKEN_LENGTH = 4096;

// Tokens live 3600 s. A lifetime above a year is a broken response, and would overflow Date.
const MAX_LIFETIME_SECONDS = 366 * 24 * 3600;

/**
 * Reads a token response body, flat (`{"access_token": …}`, as the API and its SDKs use) or
 * wrapped in `data` (as the OpenAPI example shows).
 *
 * The lifetime comes from `expires_in`. Only when that is missing does it fall back to the
 * server's absolute `expires`, measured against the server's own `Date` header so that a skewed
 * server clock does not shift the expiry.
 *
 * @returns the parsed fields, or a reason why the body is unusable.
 */
export function parseTokenResponse(body: unknown, serverDate?: string): ParsedTokenResponse | { invalid: string } {
  const fields = isRecord(body) && isRecord(body.data) && !('access_token' in body) ? body.data : body;

  if (!isRecord(fields)) {
    return { invalid: 'the response body is not a JSON object' };
  }

  const accessToken = fields.access_token;

  if (typeof accessToken !== 'string' || accessToken.length === 0 || accessToken.length > MAX_ACCESS_TOKEN_LENGTH) {
    return { invalid: 'the response has no access_token' };
  }

  const lifetimeSeconds = readLifetimeSeconds(fields, serverDate);

  if (lifetimeSeconds === undefined) {
    return { invalid: 'the response has no usable expires_in or expires' };
  }

  if (lifetimeSeconds > MAX_LIFETIME_SECONDS) {
    return { invalid: `its lifetime of ${lifetimeSeconds} s is longer than a year` };
  }

  return {
    accessToken,
    tokenType: typeof fields.token_type === 'string' ? fields.token_type : 'Bearer',
    lifetimeMs: lifetimeSeconds * 1000,
  };
}

function readLifetimeSeconds(fields: Record<string, unknown>, serverDate?: string): number | undefined {
  const expiresIn = toPositiveNumber(fields.expires_in);

  if (expiresIn !== undefined) {
    return expiresIn;
  }

  const expires = toPositiveNumber(fields.expires);
  const serverNowMs = serverDate ? Date.parse(serverDate) : Number.NaN;

  if (expires === undefined || Number.isNaN(serverNowMs)) {
    return undefined;
  }

  return toPositiveNumber(expires - Math.floor(serverNowMs / 1000));
}

function toPositiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}
