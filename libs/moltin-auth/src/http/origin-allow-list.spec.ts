import { OriginAllowList, resolveRequestUrl } from './origin-allow-list';

const API = 'https://euwest.api.elasticpath.com';
const FILES = 'http://127.0.0.1:8080';

describe('resolveRequestUrl', () => {
  it.each([
    ['relative URL on the base', { baseURL: API, url: '/v2/products' }, `${API}/v2/products`],
    ['relative URL on a base path', { baseURL: `${API}/proxy`, url: '/v2/products' }, `${API}/proxy/v2/products`],
    ['absolute URL over the base', { baseURL: API, url: 'https://evil.test/v2' }, 'https://evil.test/v2'],
    ['absolute URL without a base', { url: `${API}/v2/products` }, `${API}/v2/products`],
    ['absolute URL appended when absolute URLs are off', { baseURL: API, url: 'https://evil.test/v2', allowAbsoluteUrls: false }, `${API}/https://evil.test/v2`],
    ['userinfo URL', { url: `${API}@evil.test/v2` }, 'https://euwest.api.elasticpath.com@evil.test/v2'],
  ])('resolves a %s', (_case, config, expected) => {
    expect(resolveRequestUrl(config)?.href).toBe(expected);
  });

  it.each([
    ['protocol-relative URL', { baseURL: API, url: '//evil.test/v2' }],
    ['relative URL without a base', { url: '/v2/products' }],
    ['URL missing "//" after the scheme', { url: 'https:evil.test/v2' }],
  ])('returns undefined for a %s', (_case, config) => {
    expect(resolveRequestUrl(config)).toBeUndefined();
  });
});

describe('OriginAllowList', () => {
  const allowList = new OriginAllowList([API, FILES]);

  it.each([
    ['the API origin', `${API}/v2/products`],
    ['the API origin with its default port', 'https://euwest.api.elasticpath.com:443/v2/products'],
    ['the API host in upper case', 'https://EUWEST.API.ELASTICPATH.COM/v2'],
    ['an extra allowed origin', `${FILES}/files/1`],
  ])('allows %s', (_case, href) => {
    expect(allowList.allows(new URL(href))).toBe(true);
  });

  it.each([
    ['another host', 'https://evil.test/v2/products'],
    ['a subdomain of the API host', 'https://evil.euwest.api.elasticpath.com/v2'],
    ['the API host over http', 'http://euwest.api.elasticpath.com/v2'],
    ['the API host on another port', 'https://euwest.api.elasticpath.com:8443/v2'],
    ['an allowed host on another port', 'http://127.0.0.1:8081/files'],
    ['a userinfo URL whose real host is foreign', `${API}@evil.test/v2`],
    ['a userinfo URL whose real host is allowed', 'https://user:pass@euwest.api.elasticpath.com/v2'],
    ['a host with a trailing dot', 'https://euwest.api.elasticpath.com./v2'],
    ['a data URL', 'data:text/plain,hello'],
  ])('rejects %s', (_case, href) => {
    expect(allowList.allows(new URL(href))).toBe(false);
  });

  it.each([
    ['/oauth/access_token'],
    ['/OAuth/access_token'],
    ['/proxy/oauth/access_token'],
    ['/%6Fauth/access_token'],
    ['/oauth'],
  ])('does not manage the OAuth path %s', (path) => {
    expect(allowList.manages(new URL(`${API}${path}`))).toBe(false);
  });

  it('manages an API path that only contains "oauth" in a segment', () => {
    expect(allowList.manages(new URL(`${API}/v2/products/oauth-kit`))).toBe(true);
  });

  it('rejects a URL string that does not parse', () => {
    expect(allowList.allowsHref('not a url')).toBe(false);
  });
});
