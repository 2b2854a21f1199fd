import axios, { AxiosRequestConfig } from 'axios';

/** A path segment named `oauth`, as in `/oauth/access_token`, in any letter case. */
const OAUTH_SEGMENT = /(^|\/)oauth(\/|$)/i;

/**
 * Returns the absolute URL that axios requests for `config`: `url` joined to `baseURL` by axios's
 * own rules, so a protocol-relative or absolute `url` replaces the base as it does in the adapter.
 * Returns `undefined` when the result is not an absolute URL.
 */
export function resolveRequestUrl(config: Pick<AxiosRequestConfig, 'baseURL' | 'url' | 'allowAbsoluteUrls'>): URL | undefined {
  let fullPath: string;

  try {
    // An empty baseURL stops axios.getUri from falling back to the global axios defaults.
    fullPath = axios.getUri({ baseURL: config.baseURL ?? '', url: config.url, allowAbsoluteUrls: config.allowAbsoluteUrls });
  } catch {
    return undefined;
  }

  return URL.canParse(fullPath) ? new URL(fullPath) : undefined;
}

/**
 * Origins (scheme, host and port) that may receive the access token and the customer token.
 */
export class OriginAllowList {
  private readonly origins: ReadonlySet<string>;

  /** `origins` must already be normalised, as `new URL(...).origin` returns them. */
  constructor(origins: readonly string[]) {
    this.origins = new Set(origins);
  }

  /**
   * Returns whether `url` may carry the tokens, which needs an allowed origin and no userinfo. A URL with
   * userinfo, such as `https://api.example.com@evil.test/`, is rejected even when its real host is
   * allowed, because axios replaces the Authorization header with the userinfo's Basic credentials.
   */
  allows(url: URL): boolean {
    return this.origins.has(url.origin) && url.username === '' && url.password === '';
  }

  /**
   * Returns whether the interceptor handles a request to `url`, which needs an allowed URL that is
   * not an OAuth endpoint such as `/oauth/access_token`. The token service calls those with its own
   * client.
   */
  manages(url: URL): boolean {
    return this.allows(url) && !OAUTH_SEGMENT.test(decodePath(url.pathname));
  }

  /** Returns {@link allows} for a URL string, and false when the string does not parse. */
  allowsHref(href: string): boolean {
    return URL.canParse(href) && this.allows(new URL(href));
  }
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
