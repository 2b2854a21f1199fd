import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import axios, { AxiosInstance, AxiosResponse } from 'axios';

import { parseApiErrors, redactApiErrors } from '../errors/moltin-api-error-object.js';
import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MOLTIN_ACCESS_TOKEN_PATH, MoltinGrantType } from '../moltin-auth.constants.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS } from '../moltin-auth.internal-constants.js';
import { MoltinAuthMessages } from '../moltin-auth.messages.js';
import { MoltinClock } from '../moltin-clock.js';
import { computeBackoffDelay, delay } from '../utils/backoff.util.js';
import { redactSecrets } from '../utils/redact.util.js';
import { MoltinAccessToken } from './moltin-access-token.interface.js';
import { parseTokenResponse } from './token-response.parser.js';

/**
 * Sends `POST /oauth/access_token` requests, with retries for transient failures.
 *
 * It uses a private axios instance, never the app's `HttpService`, so that no interceptor
 * receives the client secret and redirects are never followed.
 */
@Injectable()
export class AccessTokenClient implements BeforeApplicationShutdown {
  private readonly logger = new Logger('MoltinTokenService');
  private readonly http: AxiosInstance;
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(MOLTIN_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedMoltinAuthOptions,
    private readonly clock: MoltinClock,
  ) {
    this.http = axios.create({
      timeout: options.requestTimeoutMs,
      maxRedirects: 0,
      validateStatus: () => true,
      headers: { Accept: 'application/json' },
    });
  }

  /**
   * Requests a token, retrying network errors, time-outs, 429 and 5xx with exponential backoff
   * and jitter up to `retry.attempts` attempts in all.
   *
   * @throws MoltinAuthError when the last attempt fails or the error is not retryable.
   */
  async requestToken(grant: MoltinGrantType): Promise<MoltinAccessToken> {
    const { attempts } = this.options.retry;

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requestOnce(grant);
      } catch (error) {
        if (!(error instanceof MoltinAuthError) || !error.retryable || attempt >= attempts || this.shutdown.signal.aborted) {
          throw error;
        }

        const waitMs = computeBackoffDelay(attempt, this.options.retry);
        this.logger.warn(`${error.message}; retry ${attempt} of ${attempts - 1} in ${waitMs} ms`);
        await delay(waitMs, this.shutdown.signal).catch(() => {
          throw new MoltinAuthError(MoltinAuthMessages.shuttingDown(grant), { code: 'shutting_down', grantType: grant });
        });
      }
    }
  }

  beforeApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async requestOnce(grant: MoltinGrantType): Promise<MoltinAccessToken> {
    const sentAt = this.clock.now();
    const response = await this.post(grant);

    if (response.status < 200 || response.status > 299) {
      const errors = redactApiErrors(parseApiErrors(response.data), [this.options.clientSecret]);

      throw new MoltinAuthError(MoltinAuthMessages.tokenRequestRejected(grant, response.status, errors), {
        code: 'token_request_failed',
        grantType: grant,
        status: response.status,
        errors,
      });
    }

    const parsed = parseTokenResponse(response.data, response.headers['date'] as string | undefined);

    if ('invalid' in parsed) {
      throw new MoltinAuthError(MoltinAuthMessages.tokenResponseInvalid(grant, parsed.invalid), {
        code: 'invalid_token_response',
        grantType: grant,
        status: response.status,
      });
    }

    const expiresAt = new Date(sentAt + parsed.lifetimeMs);
    const elapsedMs = this.clock.now() - sentAt;

    if (expiresAt.getTime() <= this.clock.now()) {
      throw new MoltinAuthError(MoltinAuthMessages.tokenResponseInvalid(grant, `the token expired before it arrived (lifetime ${parsed.lifetimeMs} ms, request ${elapsedMs} ms)`), {
        code: 'invalid_token_response',
        grantType: grant,
        status: response.status,
      });
    }

    return { accessToken: parsed.accessToken, grantType: grant, tokenType: parsed.tokenType, expiresAt };
  }

  private async post(grant: MoltinGrantType): Promise<AxiosResponse<unknown>> {
    try {
      return await this.http.post(`${this.options.baseUrl}${MOLTIN_ACCESS_TOKEN_PATH}`, this.buildForm(grant).toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        signal: this.shutdown.signal,
      });
    } catch (error) {
      // The axios error contains the request body, and so the secret. Only its code and message go on.
      throw this.toTransportError(grant, error);
    }
  }

  private buildForm(grant: MoltinGrantType): URLSearchParams {
    const form = new URLSearchParams({ grant_type: grant, client_id: this.options.clientId });

    if (grant === MoltinGrantType.ClientCredentials && this.options.clientSecret) {
      form.set('client_secret', this.options.clientSecret);
    }

    return form;
  }

  private toTransportError(grant: MoltinGrantType, error: unknown): MoltinAuthError {
    if (this.shutdown.signal.aborted) {
      return new MoltinAuthError(MoltinAuthMessages.shuttingDown(grant), { code: 'shutting_down', grantType: grant });
    }

    const code = axios.isAxiosError(error) ? error.code : undefined;

    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new MoltinAuthError(MoltinAuthMessages.tokenRequestTimedOut(grant, this.options.requestTimeoutMs), {
        code: 'timeout',
        grantType: grant,
      });
    }

    const reason = redactSecrets(error instanceof Error ? error.message : String(error), [this.options.clientSecret]);

    return new MoltinAuthError(MoltinAuthMessages.tokenRequestNetworkError(grant, reason), { code: 'network_error', grantType: grant });
  }

}
