import { setMaxListeners } from 'node:events';

import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import axios, { AxiosInstance, AxiosResponse } from 'axios';

import { MoltinApiErrorObject, parseApiErrors } from '../errors/moltin-api-error-object.js';
import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MoltinGrantType } from '../moltin-auth.constants.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS } from '../moltin-auth.internal-constants.js';
import { MoltinClock } from '../moltin-clock.js';
import { MoltinTokenService } from '../token/moltin-token.service.js';
import { redactSecrets } from '../utils/redact.util.js';
import { CustomerLogMessages } from './customer-auth.messages.js';

/**
 * Minimum time between two implicit token refreshes forced by an ambiguous 401. If the API
 * rejected bad customer tokens with "Unable to validate access token", each bad token would
 * otherwise cost a new access token request.
 */
export const FORCED_REFRESH_INTERVAL_MS = 10_000;

/** Maximum response body read from the API, in bytes. A customer record is a few hundred bytes. */
const MAX_RESPONSE_BYTES = 1_048_576;

export interface CustomerApiRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`, with every variable part already encoded. */
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
}

/** Implicit token refresh forced by a 401, shared by every request that saw the same token rejected. */
interface ForcedRefresh {
  rejectedToken: string;
  renewed: Promise<string>;
  startedAtMs: number;
  /** The new token, once the refresh has succeeded. */
  renewedToken?: string;
  /** Set when a retry with the renewed token was accepted, proving the rejected token was dead. */
  needed?: boolean;
}

/** HTTP response of the API, whatever its status. */
export interface CustomerApiResponse {
  status: number;
  data: unknown;
  errors: MoltinApiErrorObject[];
}

/**
 * Failure to get any HTTP response from the API, because no implicit token could be obtained, the
 * network failed, the request timed out or the application is shutting down. Its message never
 * contains a token.
 */
export class CustomerApiUnavailableError extends Error {
  override readonly name = 'CustomerApiUnavailableError';
}

/**
 * Sends customer requests to the API with an implicit access token, the only grant the API
 * combines with a customer token.
 *
 * It uses a private axios instance that follows no redirect, so no app interceptor receives the
 * customer token and no token is sent to another host.
 */
@Injectable()
export class CustomerApiClient implements BeforeApplicationShutdown {
  private readonly logger = new Logger('MoltinCustomerAuth');
  private readonly http: AxiosInstance;
  private readonly shutdown = new AbortController();
  private lastForcedRefresh?: ForcedRefresh;

  constructor(
    @Inject(MOLTIN_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedMoltinAuthOptions,
    private readonly tokens: MoltinTokenService,
    private readonly clock: MoltinClock,
  ) {
    // Every request in flight listens to this signal, and a busy guard has hundreds at once.
    setMaxListeners(0, this.shutdown.signal);
    this.http = axios.create({
      timeout: options.requestTimeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      validateStatus: () => true,
      headers: { Accept: 'application/json' },
    });
  }

  /**
   * Sends `request` with an implicit Bearer token. When the API returns 401 and the access token
   * may be the cause, the token is refreshed once and the request sent again.
   *
   * @throws CustomerApiUnavailableError when no HTTP response can be obtained, or when the API
   *   blames the access token and no new one may be requested yet, so the response proves nothing
   *   about the customer.
   */
  async send(request: CustomerApiRequest): Promise<CustomerApiResponse> {
    const accessToken = await this.implicitToken();
    const first = await this.sendOnce(request, accessToken);

    if (!this.mayRejectAccessToken(first)) {
      return first;
    }

    const renewed = await this.renewRejectedToken(accessToken, `${request.method} ${request.path}`);

    if (renewed === undefined) {
      throw new CustomerApiUnavailableError(
        `the API rejected the implicit access token, and a new one was requested less than ${FORCED_REFRESH_INTERVAL_MS / 1000} s ago`,
      );
    }

    const second = await this.sendOnce(request, renewed);
    this.recordRefreshOutcome(renewed, second);

    return second;
  }

  /**
   * Marks the forced refresh behind a retried request as needed when the retry was no longer
   * rejected for its access token. The old token was then really dead, so a later rejection of the
   * new one may force a refresh at once.
   */
  private recordRefreshOutcome(renewedToken: string, retried: CustomerApiResponse): void {
    const last = this.lastForcedRefresh;

    if (last?.renewedToken === renewedToken && !this.mayRejectAccessToken(retried)) {
      last.needed = true;
    }
  }

  beforeApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async implicitToken(): Promise<string> {
    try {
      return await this.tokens.getAccessToken(MoltinGrantType.Implicit);
    } catch (error) {
      throw toUnavailableError(error);
    }
  }

  private async sendOnce(request: CustomerApiRequest, accessToken: string): Promise<CustomerApiResponse> {
    let response: AxiosResponse<unknown>;

    try {
      response = await this.http.request({
        method: request.method,
        url: `${this.options.baseUrl}${request.path}`,
        headers: { ...request.headers, Authorization: `Bearer ${accessToken}` },
        data: request.body,
        signal: this.shutdown.signal,
      });
    } catch (error) {
      // The axios error contains the request headers and so the tokens. Only a summary is passed on.
      throw this.toTransportError(error);
    }

    return { status: response.status, data: response.data, errors: parseApiErrors(response.data) };
  }

  /**
   * Tells whether a response may reject the access token: a 401 whose errors mention the access
   * token (the API's title is "Unable to validate access token"), or a 401 with no JSON:API errors.
   *
   * NOTE: the API does not document its response to a bad customer token. If it used the same
   * title, every bad token would look like a dead access token, which the forced-refresh interval
   * and the rate of validation calls keep bounded.
   */
  private mayRejectAccessToken(response: CustomerApiResponse): boolean {
    if (response.status !== 401) {
      return false;
    }

    return response.errors.length === 0 || response.errors.some((error) => /access token/i.test(`${error.title ?? ''} ${error.detail ?? ''}`));
  }

  /**
   * Returns an implicit token to replace `rejectedToken`, or `undefined` when none should be
   * requested. Concurrent rejections of one token share one refresh. A token that someone else
   * has already replaced costs no request. A new token is requested at most once per
   * {@link FORCED_REFRESH_INTERVAL_MS}, unless the previous one cured the 401 it was requested for.
   */
  private async renewRejectedToken(rejectedToken: string, operation: string): Promise<string | undefined> {
    const last = this.lastForcedRefresh;

    if (last?.rejectedToken === rejectedToken) {
      return last.renewed;
    }

    const held = this.tokens.peekToken(MoltinGrantType.Implicit);

    if (held && held.accessToken !== rejectedToken) {
      return held.accessToken;
    }

    const now = this.clock.now();

    if (last && !last.needed && now - last.startedAtMs < FORCED_REFRESH_INTERVAL_MS) {
      this.logger.warn(CustomerLogMessages.appTokenRefreshSkipped(operation, FORCED_REFRESH_INTERVAL_MS));
      return undefined;
    }

    const renewed = this.tokens
      .refresh(MoltinGrantType.Implicit, { rejectedAccessToken: rejectedToken })
      .then((token) => token.accessToken, (error: unknown) => Promise.reject(toUnavailableError(error)));
    const refresh: ForcedRefresh = { rejectedToken, renewed, startedAtMs: now };
    this.lastForcedRefresh = refresh;
    renewed.then(
      (token) => (refresh.renewedToken = token),
      () => undefined,
    );

    return renewed;
  }

  private toTransportError(error: unknown): CustomerApiUnavailableError {
    if (this.shutdown.signal.aborted) {
      return new CustomerApiUnavailableError('the application is shutting down');
    }

    const code = axios.isAxiosError(error) ? error.code : undefined;

    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new CustomerApiUnavailableError(`the request timed out after ${this.options.requestTimeoutMs} ms`);
    }

    const reason = error instanceof Error ? error.message : String(error);

    return new CustomerApiUnavailableError(`the request failed before any HTTP response: ${reason}`);
  }
}

/**
 * Describes a failure of {@link CustomerApiClient.send} for the log, with each of `secrets`
 * replaced by `[redacted]`.
 */
export function describeFailure(error: unknown, secrets: string[]): string {
  if (error instanceof CustomerApiUnavailableError) {
    return error.message;
  }

  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);

  return `unexpected error ${redactSecrets(text, secrets)}`;
}

function toUnavailableError(error: unknown): CustomerApiUnavailableError {
  if (error instanceof CustomerApiUnavailableError) {
    return error;
  }

  // MoltinAuthError messages contain no secrets, so they are kept. Other errors are summarised.
  const reason = error instanceof MoltinAuthError ? error.message : 'an unexpected error occurred while requesting the implicit access token';

  return new CustomerApiUnavailableError(`no implicit access token: ${reason}`);
}
