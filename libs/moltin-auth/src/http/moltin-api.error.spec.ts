import { AxiosError, AxiosHeaders, CanceledError, InternalAxiosRequestConfig } from 'axios';

import { createMoltinApiError, MoltinApiError, parseBody, secretsInHeaders } from './moltin-api.error';

const ACCESS_TOKEN = 'a3521ca621113e44eeed9232fa3e54571cb08bc0';
const REQUEST = { method: 'GET', path: '/v2/products', secrets: [ACCESS_TOKEN] };

function configWithToken(): InternalAxiosRequestConfig {
  return { headers: new AxiosHeaders({ Authorization: `Bearer ${ACCESS_TOKEN}` }), timeout: 50 } as InternalAxiosRequestConfig;
}

function responseError(status: number, data: unknown): AxiosError {
  const config = configWithToken();

  return new AxiosError('Request failed', 'ERR_BAD_RESPONSE', config, {}, { status, statusText: '', headers: {}, config, data });
}

describe('createMoltinApiError', () => {
  it('keeps the status and the API errors from a raw body', () => {
    const body = JSON.stringify({ errors: [{ status: '404', title: 'Not Found', detail: 'No product' }] });

    const error = createMoltinApiError(responseError(404, body), REQUEST);

    expect(error).toBeInstanceOf(MoltinApiError);
    expect(error.message).toBe('GET /v2/products failed with HTTP 404: Not Found: No product');
    expect(error).toMatchObject({ code: 'http_error', status: 404, method: 'GET', path: '/v2/products' });
    expect(error.errors).toEqual([{ status: 404, title: 'Not Found', detail: 'No product' }]);
  });

  it('keeps the API errors from a parsed body', () => {
    const error = createMoltinApiError(responseError(409, { errors: [{ status: 409, title: 'Conflict' }] }), REQUEST);

    expect(error.errors).toEqual([{ status: 409, title: 'Conflict' }]);
  });

  it('redacts the token from error text', () => {
    const body = { errors: [{ status: 401, title: 'Unauthorized', detail: `token ${ACCESS_TOKEN} is revoked` }] };

    const error = createMoltinApiError(responseError(401, body), REQUEST);

    expect(error.errors[0]?.detail).toBe('token [redacted] is revoked');
    expect(JSON.stringify(error)).not.toContain(ACCESS_TOKEN);
  });

  it('drops the axios config, request and cause', () => {
    const error = createMoltinApiError(responseError(500, ''), REQUEST);
    const serialized = JSON.stringify(error);

    expect(error.cause).toBeUndefined();
    expect(Object.keys(error)).not.toEqual(expect.arrayContaining(['config']));
    expect(serialized).not.toContain(ACCESS_TOKEN);
    expect(JSON.parse(serialized)).toEqual({
      name: 'MoltinApiError',
      code: 'http_error',
      message: 'GET /v2/products failed with HTTP 500',
      method: 'GET',
      path: '/v2/products',
      status: 500,
      errors: [],
    });
  });

  it('reports a time-out with its limit', () => {
    const error = createMoltinApiError(new AxiosError('timeout of 50ms exceeded', 'ECONNABORTED', configWithToken()), REQUEST);

    expect(error).toMatchObject({ code: 'timeout', message: 'GET /v2/products timed out after 50 ms', status: undefined });
  });

  it('reports a network error with a redacted reason', () => {
    const error = createMoltinApiError(new AxiosError(`connect failed for ${ACCESS_TOKEN}`, 'ECONNREFUSED', configWithToken()), REQUEST);

    expect(error).toMatchObject({ code: 'network_error', message: 'GET /v2/products failed before any HTTP response: connect failed for [redacted]' });
  });

  it('reports a cancelled request', () => {
    const error = createMoltinApiError(new CanceledError(undefined, undefined, configWithToken()), REQUEST);

    expect(error).toMatchObject({ code: 'cancelled', message: 'GET /v2/products was cancelled' });
  });
});

describe('parseBody', () => {
  it.each([
    ['JSON text', '{"a":1}', { a: 1 }],
    ['a JSON Buffer', Buffer.from('{"a":1}'), { a: 1 }],
    ['text that is not JSON', '<html>', undefined],
    ['a parsed object', { a: 1 }, { a: 1 }],
  ])('returns the value of %s', (_case, data, expected) => {
    expect(parseBody(data)).toEqual(expected);
  });
});

describe('secretsInHeaders', () => {
  it('returns the Authorization value with and without its scheme, and the customer token', () => {
    const headers = new AxiosHeaders({ Authorization: 'Bearer abc123', 'X-Moltin-Customer-Token': 'jwt-value' });

    expect(secretsInHeaders(headers)).toEqual(['Bearer abc123', 'abc123', 'jwt-value']);
  });

  it('returns nothing for headers without credentials', () => {
    expect(secretsInHeaders({ Accept: 'application/json' })).toEqual([]);
  });
});
