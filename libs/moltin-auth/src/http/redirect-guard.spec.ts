import axios, { AxiosHeaders, InternalAxiosRequestConfig } from 'axios';

import { OriginAllowList } from './origin-allow-list';
import { guardRedirects, resolveAdapter } from './redirect-guard';

const API = 'https://euwest.api.elasticpath.com';
const RESPONSE_DETAILS = { headers: {}, statusCode: 302 as const };
const REQUEST_DETAILS = { headers: {}, url: `${API}/v2/moved`, method: 'GET' };

type BeforeRedirect = NonNullable<InternalAxiosRequestConfig['beforeRedirect']>;

function requestConfig(overrides: Partial<InternalAxiosRequestConfig> = {}): InternalAxiosRequestConfig {
  return { headers: new AxiosHeaders(), adapter: ['xhr', 'http', 'fetch'], ...overrides } as InternalAxiosRequestConfig;
}

function redirectOptions(href: string): Record<string, unknown> & { headers: Record<string, string> } {
  return { href, headers: { Authorization: 'Bearer access-token', 'x-moltin-customer-token': 'customer-jwt', Accept: 'application/json' } };
}

describe('guardRedirects', () => {
  const allowList = new OriginAllowList([API]);

  it('strips both token headers on a redirect to another origin', () => {
    const config = requestConfig();
    guardRedirects(config, resolveAdapter(config), allowList);
    const options = redirectOptions('https://evil.test/landing');

    (config.beforeRedirect as BeforeRedirect)(options, RESPONSE_DETAILS, REQUEST_DETAILS);

    expect(options.headers).toEqual({ Accept: 'application/json' });
  });

  it('keeps the token headers on a redirect within the allowed origins', () => {
    const config = requestConfig();
    guardRedirects(config, resolveAdapter(config), allowList);
    const options = redirectOptions(`${API}/v2/landing`);

    (config.beforeRedirect as BeforeRedirect)(options, RESPONSE_DETAILS, REQUEST_DETAILS);

    expect(Object.keys(options.headers)).toEqual(['Authorization', 'x-moltin-customer-token', 'Accept']);
  });

  it('calls the caller hook after stripping', () => {
    const seen: Array<Record<string, string>> = [];
    const config = requestConfig({ beforeRedirect: (options) => void seen.push({ ...options.headers }) });
    guardRedirects(config, resolveAdapter(config), allowList);

    (config.beforeRedirect as BeforeRedirect)(redirectOptions('https://evil.test/landing'), RESPONSE_DETAILS, REQUEST_DETAILS);

    expect(seen).toEqual([{ Accept: 'application/json' }]);
  });

  it('keeps redirects on for the http adapter', () => {
    const config = requestConfig({ maxRedirects: 5 });

    guardRedirects(config, resolveAdapter(config), allowList);

    expect(config.maxRedirects).toBe(5);
  });

  it.each([
    ['the fetch adapter', 'fetch'],
    ['a custom adapter', () => Promise.reject(new Error('not called'))],
  ])('turns redirects off for %s', (_case, adapter) => {
    const config = requestConfig({ adapter: adapter as InternalAxiosRequestConfig['adapter'] });

    guardRedirects(config, resolveAdapter(config), allowList);

    expect(config.maxRedirects).toBe(0);
    expect(config.beforeRedirect).toBeUndefined();
  });
});

describe('resolveAdapter', () => {
  it('resolves the default adapters to the http adapter in Node.js', () => {
    expect(resolveAdapter(requestConfig({ adapter: undefined }))).toBe(axios.getAdapter('http'));
  });
});
