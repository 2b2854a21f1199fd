import { Readable } from 'node:stream';

import { AxiosError, AxiosHeaders, CanceledError, InternalAxiosRequestConfig } from 'axios';

import { blamesAccessToken, isReplayableBody, isTimeoutError, isTransientFailure, mayRetryTransient } from './retry-policy';

function responseError(status: number): AxiosError {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;

  return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_RESPONSE', config, {}, {
    status,
    statusText: '',
    headers: {},
    config,
    data: undefined,
  });
}

describe('mayRetryTransient', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get', 'delete'])('retries %s by default', (method) => {
    expect(mayRetryTransient(method, undefined)).toBe(true);
  });

  it.each(['POST', 'PATCH', 'post'])('sends %s once by default', (method) => {
    expect(mayRetryTransient(method, {})).toBe(false);
  });

  it('retries a POST marked idempotent', () => {
    expect(mayRetryTransient('POST', { idempotent: true })).toBe(true);
  });

  it('sends a GET marked not idempotent once', () => {
    expect(mayRetryTransient('GET', { idempotent: false })).toBe(false);
  });
});

describe('isTransientFailure', () => {
  it.each([429, 500, 502, 503, 504])('treats HTTP %i as transient', (status) => {
    expect(isTransientFailure(responseError(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 422])('treats HTTP %i as final', (status) => {
    expect(isTransientFailure(responseError(status))).toBe(false);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EAI_AGAIN', 'ERR_NETWORK'])('treats %s as transient', (code) => {
    expect(isTransientFailure(new AxiosError('failed', code))).toBe(true);
  });

  it.each(['ENOTFOUND', 'ERR_BAD_OPTION', 'ERR_INVALID_URL', 'ERR_FR_TOO_MANY_REDIRECTS'])('treats %s as final', (code) => {
    expect(isTransientFailure(new AxiosError('failed', code))).toBe(false);
  });

  it('treats a cancelled request as final', () => {
    expect(isTransientFailure(new CanceledError())).toBe(false);
  });

  it('treats an error that is not from axios as final', () => {
    expect(isTransientFailure(new Error('ECONNRESET'))).toBe(false);
  });
});

describe('isTimeoutError', () => {
  it.each(['ECONNABORTED', 'ETIMEDOUT'])('recognises %s', (code) => {
    expect(isTimeoutError(new AxiosError('timeout of 50ms exceeded', code))).toBe(true);
  });

  it('ignores a reset connection', () => {
    expect(isTimeoutError(new AxiosError('socket hang up', 'ECONNRESET'))).toBe(false);
  });
});

describe('blamesAccessToken', () => {
  it.each([
    ['no errors', []],
    ['the API access-token title', [{ status: 401, title: 'Unable to validate access token' }]],
    ['a bare Unauthorized title', [{ status: 401, title: 'Unauthorized' }]],
    ['an entry without a title', [{ status: 401 }]],
    ['a detail about the access token', [{ status: 401, title: 'Unauthorized', detail: 'The access token has expired' }]],
  ])('blames the token for %s', (_case, errors) => {
    expect(blamesAccessToken(errors)).toBe(true);
  });

  it.each([
    ['invalid login credentials', [{ status: 401, title: 'Invalid credentials', detail: 'The email or password is incorrect.' }]],
    ['an expired customer token', [{ status: 401, title: 'Unauthorized', detail: 'The customer token has expired.' }]],
  ])('does not blame the token for %s', (_case, errors) => {
    expect(blamesAccessToken(errors)).toBe(false);
  });
});

describe('isReplayableBody', () => {
  it.each([
    ['no body', undefined],
    ['a string', '{"a":1}'],
    ['a Buffer', Buffer.from('a')],
    ['URLSearchParams', new URLSearchParams('a=1')],
  ])('replays %s', (_case, data) => {
    expect(isReplayableBody(data)).toBe(true);
  });

  it('does not replay a stream', () => {
    expect(isReplayableBody(Readable.from(['a']))).toBe(false);
  });
});
