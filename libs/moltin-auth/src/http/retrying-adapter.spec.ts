import { Readable } from 'node:stream';

import { Logger } from '@nestjs/common';
import axios, { AxiosAdapter, AxiosError, AxiosHeaders, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

import { MoltinGrantType } from '../moltin-auth.constants';
import { MoltinTokenService } from '../token/moltin-token.service';
import { MoltinApiError } from './moltin-api.error';
import { OutboundRequestPlan } from './outbound-request-plan';
import { createRetryingAdapter, RetryingRequest } from './retrying-adapter';

const PLAN: OutboundRequestPlan = { method: 'GET', path: '/v2/products', grant: MoltinGrantType.Implicit, retryTransient: true };

function requestConfig(overrides: Partial<InternalAxiosRequestConfig> = {}): InternalAxiosRequestConfig {
  return { headers: new AxiosHeaders({ Authorization: 'Bearer old-token' }), ...overrides } as InternalAxiosRequestConfig;
}

function okResponse(config: InternalAxiosRequestConfig): AxiosResponse {
  return { status: 200, statusText: 'OK', headers: {}, config, data: '{}' };
}

function statusError(config: InternalAxiosRequestConfig, status: number, data = ''): AxiosError {
  return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_RESPONSE', config, {}, { status, statusText: '', headers: {}, config, data });
}

/** Adapter that responds with the given statuses in turn, then 200, and records each Authorization header. */
function scriptedAdapter(statuses: number[]): AxiosAdapter & { authorizations: string[] } {
  const authorizations: string[] = [];
  const adapter = jest.fn(async (config: InternalAxiosRequestConfig) => {
    authorizations.push(String(AxiosHeaders.from(config.headers).get('Authorization')));
    const status = statuses.shift();

    if (status === undefined) {
      return okResponse(config);
    }

    throw statusError(config, status);
  });

  return Object.assign(adapter, { authorizations });
}

interface Harness {
  request: RetryingRequest;
  refresh: jest.Mock;
  warn: jest.Mock;
  shutdown: AbortController;
}

function harness(overrides: Partial<RetryingRequest> = {}): Harness {
  const refresh = jest.fn(async () => ({ accessToken: 'new-token' }));
  const warn = jest.fn();
  const shutdown = new AbortController();
  const request: RetryingRequest = {
    plan: PLAN,
    accessToken: 'old-token',
    tokens: { refresh } as unknown as MoltinTokenService,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    logger: { warn } as unknown as Logger,
    shutdownSignal: shutdown.signal,
    ...overrides,
  };

  return { request, refresh, warn, shutdown };
}

async function failureOf(promise: Promise<unknown>): Promise<MoltinApiError> {
  try {
    await promise;
  } catch (error) {
    return error as MoltinApiError;
  }

  throw new Error('expected the request to fail, but it succeeded');
}

describe('createRetryingAdapter', () => {
  it('returns the first successful response', async () => {
    const adapter = scriptedAdapter([]);
    const { request } = harness();

    const response = await createRetryingAdapter(adapter, request)(requestConfig());

    expect(response.status).toBe(200);
    expect(adapter).toHaveBeenCalledTimes(1);
  });

  describe('401', () => {
    it('refreshes the rejected token once and retries with the new one', async () => {
      const adapter = scriptedAdapter([401]);
      const { request, refresh, warn } = harness();

      await createRetryingAdapter(adapter, request)(requestConfig());

      expect(refresh).toHaveBeenCalledTimes(1);
      expect(refresh).toHaveBeenCalledWith('implicit', { rejectedAccessToken: 'old-token' });
      expect(adapter.authorizations).toEqual(['Bearer old-token', 'Bearer new-token']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^GET \/v2\/products was rejected with HTTP 401; refreshing the implicit access token [0-9a-f]{8} and retrying once$/));
    });

    it('returns the second 401', async () => {
      const adapter = scriptedAdapter([401, 401]);
      const { request, refresh } = harness();

      const error = await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

      expect(error).toBeInstanceOf(MoltinApiError);
      expect(error.status).toBe(401);
      expect(adapter).toHaveBeenCalledTimes(2);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('does not refresh a token the caller sent', async () => {
      const adapter = scriptedAdapter([401]);
      const { request, refresh } = harness({ plan: { ...PLAN, grant: undefined }, accessToken: undefined });

      const error = await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

      expect(error.status).toBe(401);
      expect(refresh).not.toHaveBeenCalled();
    });

    it('passes on a failed refresh', async () => {
      const adapter = scriptedAdapter([401]);
      const refreshError = new Error('token endpoint down');
      const { request, refresh } = harness();
      refresh.mockRejectedValueOnce(refreshError);

      await expect(createRetryingAdapter(adapter, request)(requestConfig())).rejects.toBe(refreshError);
      expect(adapter).toHaveBeenCalledTimes(1);
    });
  });

  describe('transient failures', () => {
    it('retries up to the attempt limit and logs each retry', async () => {
      const adapter = scriptedAdapter([503, 503, 503]);
      const { request, warn } = harness();

      const error = await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

      expect(error).toMatchObject({ status: 503, code: 'http_error' });
      expect(adapter).toHaveBeenCalledTimes(3);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[0]?.[0]).toMatch(/^GET \/v2\/products failed with HTTP 503; retry 1 of 2 in \d+ ms$/);
      expect(warn.mock.calls[1]?.[0]).toMatch(/^GET \/v2\/products failed with HTTP 503; retry 2 of 2 in \d+ ms$/);
    });

    it('counts the 401 retry apart from the transient attempts', async () => {
      const adapter = scriptedAdapter([503, 401, 503]);
      const { request } = harness();

      const response = await createRetryingAdapter(adapter, request)(requestConfig());

      expect(response.status).toBe(200);
      expect(adapter).toHaveBeenCalledTimes(4);
    });

    it('sends once when the plan forbids retries', async () => {
      const adapter = scriptedAdapter([503]);
      const { request } = harness({ plan: { ...PLAN, retryTransient: false } });

      await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

      expect(adapter).toHaveBeenCalledTimes(1);
    });

    it('sends a stream body once', async () => {
      const adapter = scriptedAdapter([401]);
      const { request, refresh } = harness();

      await failureOf(createRetryingAdapter(adapter, request)(requestConfig({ data: Readable.from(['body']) })));

      expect(adapter).toHaveBeenCalledTimes(1);
      expect(refresh).not.toHaveBeenCalled();
    });

    it('stops waiting when the module shuts down', async () => {
      const { request, shutdown } = harness({ retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
      const adapter = jest.fn(async (config: InternalAxiosRequestConfig) => {
        setTimeout(() => shutdown.abort(), 5);
        throw statusError(config, 503);
      });

      const error = await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

      expect(error.status).toBe(503);
      expect(adapter).toHaveBeenCalledTimes(1);
    });

    it('stops waiting when the caller cancels', async () => {
      const { request } = harness({ retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
      const source = axios.CancelToken.source();
      const adapter = jest.fn(async (config: InternalAxiosRequestConfig) => {
        setTimeout(() => source.cancel(), 5);
        throw statusError(config, 503);
      });

      const error = await failureOf(createRetryingAdapter(adapter, request)(requestConfig({ cancelToken: source.token })));

      expect(error.status).toBe(503);
      expect(adapter).toHaveBeenCalledTimes(1);
    });

    it('does not retry after shutdown', async () => {
      const adapter = scriptedAdapter([503]);
      const { request, shutdown } = harness();
      shutdown.abort();

      await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

      expect(adapter).toHaveBeenCalledTimes(1);
    });
  });

  it('replaces the final axios error with a MoltinApiError', async () => {
    const adapter = scriptedAdapter([404]);
    const { request } = harness();

    const error = await failureOf(createRetryingAdapter(adapter, request)(requestConfig()));

    expect(error).toBeInstanceOf(MoltinApiError);
    expect(JSON.stringify(error)).not.toContain('old-token');
  });
});
