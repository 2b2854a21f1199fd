import { Logger } from '@nestjs/common';
import axios, { AxiosAdapter, AxiosHeaders, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

import { parseApiErrors } from '../errors/moltin-api-error-object.js';
import { MoltinRetryOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MoltinTokenService } from '../token/moltin-token.service.js';
import { computeBackoffDelay, delay } from '../utils/backoff.util.js';
import { fingerprint } from '../utils/fingerprint.util.js';
import { createMoltinApiError, parseBody, secretsInHeaders } from './moltin-api.error.js';
import { MoltinHttpMessages } from './moltin-http.messages.js';
import { OutboundRequestPlan } from './outbound-request-plan.js';
import { blamesAccessToken, isReplayableBody, isTimeoutError, isTransientFailure } from './retry-policy.js';

/**
 * State and services of one request sent through {@link createRetryingAdapter}.
 */
export interface RetryingRequest {
  plan: OutboundRequestPlan;
  /** Access token sent with the current attempt, when the interceptor attached one. */
  accessToken?: string;
  tokens: MoltinTokenService;
  retry: Required<MoltinRetryOptions>;
  logger: Logger;
  /** Signal aborted when the module is destroyed, so waits end and no further attempt starts. */
  shutdownSignal: AbortSignal;
}

/**
 * Wraps the axios adapter of one request so that failures are retried below the interceptors,
 * which then see one request and one result however many attempts it took:
 *
 * - a 401 that blames the access token: one forced refresh of the token, shared with any other
 *   caller that saw the same token rejected, then one more attempt;
 * - 429, 5xx, network errors and time-outs: up to `retry.attempts` attempts in all, with
 *   exponential backoff and jitter, when `plan.retryTransient` allows it.
 *
 * A request whose body is a stream is sent once. The final failure becomes a `MoltinApiError`.
 */
export function createRetryingAdapter(adapter: AxiosAdapter, request: RetryingRequest): AxiosAdapter {
  return (config) => sendWithRetries(adapter, config, request);
}

async function sendWithRetries(adapter: AxiosAdapter, config: InternalAxiosRequestConfig, request: RetryingRequest): Promise<AxiosResponse> {
  const { plan, retry } = request;
  const maxRetries = retry.attempts - 1;
  const replayable = isReplayableBody(config.data);
  let refreshed = false;
  let retries = 0;

  for (;;) {
    try {
      return await adapter(config);
    } catch (error) {
      if (!replayable || request.shutdownSignal.aborted) {
        throw toApiError(error, config, request);
      }

      if (!refreshed && blamesSentAccessToken(error, request)) {
        refreshed = true;
        await refreshAccessToken(config, request);
        continue;
      }

      if (!plan.retryTransient || retries >= maxRetries || !isTransientFailure(error)) {
        throw toApiError(error, config, request);
      }

      retries += 1;
      const delayMs = computeBackoffDelay(retries, retry);
      request.logger.warn(MoltinHttpMessages.retrying(plan.method, plan.path, describeFailure(error), retries, maxRetries, delayMs));

      if (!(await waitBeforeRetry(delayMs, config, request.shutdownSignal))) {
        throw toApiError(error, config, request);
      }
    }
  }
}

function blamesSentAccessToken(error: unknown, request: RetryingRequest): boolean {
  if (request.plan.grant === undefined || request.accessToken === undefined) {
    return false;
  }

  const response = axios.isAxiosError(error) ? error.response : undefined;

  return response?.status === 401 && blamesAccessToken(parseApiErrors(parseBody(response.data)));
}

async function refreshAccessToken(config: InternalAxiosRequestConfig, request: RetryingRequest): Promise<void> {
  const { plan } = request;
  const grant = plan.grant as NonNullable<OutboundRequestPlan['grant']>;
  const rejected = request.accessToken as string;

  request.logger.warn(MoltinHttpMessages.refreshingAfterUnauthorized(plan.method, plan.path, grant, fingerprint(rejected)));

  const token = await request.tokens.refresh(grant, { rejectedAccessToken: rejected });
  request.accessToken = token.accessToken;
  AxiosHeaders.from(config.headers).set('Authorization', `Bearer ${token.accessToken}`);
}

/**
 * Waits `ms` milliseconds before the next attempt. Returns `false` at once when the caller cancels
 * the request (signal or cancel token) or the module is destroyed.
 */
async function waitBeforeRetry(ms: number, config: InternalAxiosRequestConfig, shutdownSignal: AbortSignal): Promise<boolean> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const { signal, cancelToken } = config;

  shutdownSignal.addEventListener('abort', abort, { once: true });
  signal?.addEventListener?.('abort', abort);
  cancelToken?.subscribe(abort);

  if (shutdownSignal.aborted || signal?.aborted || cancelToken?.reason) {
    abort();
  }

  try {
    await delay(ms, controller.signal);

    return true;
  } catch {
    return false;
  } finally {
    shutdownSignal.removeEventListener('abort', abort);
    signal?.removeEventListener?.('abort', abort);
    cancelToken?.unsubscribe(abort);
  }
}

function toApiError(error: unknown, config: InternalAxiosRequestConfig, request: RetryingRequest): Error {
  const { method, path } = request.plan;

  return createMoltinApiError(error, { method, path, secrets: [request.accessToken, ...secretsInHeaders(config.headers)] });
}

function describeFailure(error: unknown): string {
  if (!axios.isAxiosError(error)) {
    return 'an unknown error';
  }

  if (error.response) {
    return `HTTP ${error.response.status}`;
  }

  return isTimeoutError(error) ? 'a time-out' : `network error ${error.code ?? 'without a code'}`;
}
