import axios, { AxiosHeaders, RawAxiosHeaders } from 'axios';

import { MoltinApiErrorObject, parseApiErrors, redactApiErrors } from '../errors/moltin-api-error-object.js';
import { MOLTIN_CUSTOMER_TOKEN_HEADER } from '../moltin-auth.constants.js';
import { redactSecrets } from '../utils/redact.util.js';
import { MoltinHttpMessages } from './moltin-http.messages.js';
import { isTimeoutError } from './retry-policy.js';

/**
 * Machine-readable reason of a {@link MoltinApiError}.
 *
 * - `http_error`: the API responded with a status that `validateStatus` rejects (non-2xx by default).
 * - `timeout`: no response within the request time-out.
 * - `network_error`: no HTTP response (connection refused or reset, DNS failure).
 * - `cancelled`: the caller cancelled the request, or unsubscribed from the observable.
 */
export type MoltinApiErrorCode = 'http_error' | 'timeout' | 'network_error' | 'cancelled';

export interface MoltinApiErrorDetails {
  code: MoltinApiErrorCode;
  method: string;
  path: string;
  status?: number;
  errors?: MoltinApiErrorObject[];
}

/**
 * Failed call to the Moltin API made through the Bearer interceptor. It replaces the axios error,
 * whose `config` contains the request headers and so the tokens. Its message, fields and JSON form
 * contain no token or secret, and it has no `cause`.
 */
export class MoltinApiError extends Error {
  override readonly name = 'MoltinApiError';
  readonly code: MoltinApiErrorCode;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path of the request URL, without the query string. */
  readonly path: string;
  /** HTTP status of the API's response, when there was one. */
  readonly status?: number;
  /** The API's JSON:API `errors` array, when its response had one. */
  readonly errors: MoltinApiErrorObject[];

  constructor(message: string, details: MoltinApiErrorDetails) {
    super(message);
    this.code = details.code;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.errors = details.errors ?? [];
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      errors: this.errors,
    };
  }
}

/** Request that failed, as {@link createMoltinApiError} reports it. */
export interface FailedRequest {
  method: string;
  path: string;
  /** Tokens the request carried, removed from any text copied into the error. */
  secrets: ReadonlyArray<string | undefined>;
}

/**
 * Converts an axios error into a {@link MoltinApiError}, keeping the status and the API's
 * `errors[]` and dropping everything that contains request headers.
 */
export function createMoltinApiError(error: unknown, request: FailedRequest): MoltinApiError {
  const { method, path, secrets } = request;

  if (axios.isCancel(error)) {
    return new MoltinApiError(MoltinHttpMessages.requestCancelled(method, path), { code: 'cancelled', method, path });
  }

  const response = axios.isAxiosError(error) ? error.response : undefined;

  if (response) {
    const errors = redactApiErrors(parseApiErrors(parseBody(response.data)), secrets);

    return new MoltinApiError(MoltinHttpMessages.requestFailed(method, path, response.status, errors), {
      code: 'http_error',
      method,
      path,
      status: response.status,
      errors,
    });
  }

  if (isTimeoutError(error)) {
    const timeoutMs = axios.isAxiosError(error) ? error.config?.timeout : undefined;

    return new MoltinApiError(MoltinHttpMessages.requestTimedOut(method, path, timeoutMs), { code: 'timeout', method, path });
  }

  const reason = redactSecrets(error instanceof Error ? error.message : String(error), secrets);

  return new MoltinApiError(MoltinHttpMessages.requestNetworkError(method, path, reason), { code: 'network_error', method, path });
}

/**
 * Returns a response body as a value: inside the adapter it is still the raw text or bytes, after
 * axios's response transform it is already parsed.
 */
export function parseBody(data: unknown): unknown {
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : undefined;

  if (text === undefined) {
    return data;
  }

  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Returns the credentials in request headers (the Authorization value with and without its scheme,
 * and the customer token), to be redacted from error text.
 */
export function secretsInHeaders(headers: InstanceType<typeof AxiosHeaders> | RawAxiosHeaders | undefined): string[] {
  const normalized = AxiosHeaders.from(headers ?? {});
  const authorization = normalized.get('Authorization');
  const customerToken = normalized.get(MOLTIN_CUSTOMER_TOKEN_HEADER);
  const secrets: string[] = [];

  if (typeof authorization === 'string' && authorization !== '') {
    secrets.push(authorization, authorization.replace(/^\S+\s+/, ''));
  }

  if (typeof customerToken === 'string' && customerToken !== '') {
    secrets.push(customerToken);
  }

  return secrets;
}
