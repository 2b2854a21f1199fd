import { STATUS_CODES } from 'node:http';

import type { ErrorStatusFormat } from './moltin-emulator.interfaces.js';

/** Response that a route handler or fault produces, for the emulator to serialize. */
export interface EmulatorResponse {
  readonly status: number;
  /** Serialized with `JSON.stringify`, except strings and Buffers, which are sent verbatim. */
  readonly body: unknown;
}

/** One entry of a JSON:API `errors` array. */
export interface JsonApiError {
  readonly status: string | number;
  readonly title: string;
  readonly detail?: string;
}

/** Title the API uses for a missing, unknown, expired or revoked bearer token. */
export const INVALID_ACCESS_TOKEN_TITLE = 'Unable to validate access token';

/**
 * Builds a JSON:API error response. The title defaults to the HTTP reason phrase, and `detail`
 * is left out when undefined.
 */
export function jsonApiErrorResponse(
  status: number,
  format: ErrorStatusFormat,
  title: string = reasonPhrase(status),
  detail?: string,
): EmulatorResponse {
  const error: JsonApiError = {
    status: format === 'number' ? status : String(status),
    title,
    ...(detail === undefined ? {} : { detail }),
  };
  return { status, body: { errors: [error] } };
}

/** Returns the HTTP reason phrase of a status code, e.g. `Not Found` for 404. */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
