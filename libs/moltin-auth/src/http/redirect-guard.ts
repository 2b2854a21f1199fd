import axios, { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';

import { MOLTIN_CUSTOMER_TOKEN_HEADER } from '../moltin-auth.constants.js';
import { OriginAllowList } from './origin-allow-list.js';

const TOKEN_HEADERS: ReadonlySet<string> = new Set(['authorization', MOLTIN_CUSTOMER_TOKEN_HEADER.toLowerCase()]);

/**
 * Keeps the tokens of a request from following a redirect off the allowed origins.
 *
 * With axios's Node.js `http` adapter, a `beforeRedirect` hook removes the Authorization and
 * `X-Moltin-Customer-Token` headers whenever the next URL is not allowed, then calls the caller's
 * own hook. Other adapters (`fetch`, a custom function) have no such hook, so redirects are turned
 * off for them with `maxRedirects: 0` and a 3xx response reaches the caller.
 */
export function guardRedirects(config: InternalAxiosRequestConfig, adapter: AxiosAdapter, allowList: OriginAllowList): void {
  if (!isNodeHttpAdapter(adapter)) {
    config.maxRedirects = 0;
    return;
  }

  const callerHook = config.beforeRedirect;

  config.beforeRedirect = (options, responseDetails, requestDetails) => {
    if (!allowList.allowsHref(String(options.href))) {
      removeTokenHeaders(options.headers as Record<string, unknown> | undefined);
    }

    callerHook?.(options, responseDetails, requestDetails);
  };
}

/**
 * Returns the adapter function axios would use for `config`.
 *
 * @throws AxiosError when no adapter named in `config.adapter` is available.
 */
export function resolveAdapter(config: InternalAxiosRequestConfig): AxiosAdapter {
  return axios.getAdapter(config.adapter ?? axios.defaults.adapter, config);
}

function isNodeHttpAdapter(adapter: AxiosAdapter): boolean {
  try {
    return adapter === axios.getAdapter('http');
  } catch {
    return false;
  }
}

function removeTokenHeaders(headers: Record<string, unknown> | undefined): void {
  for (const name of Object.keys(headers ?? {})) {
    if (TOKEN_HEADERS.has(name.toLowerCase())) {
      delete headers?.[name];
    }
  }
}
