import { handleAccessTokenRequest } from './access-token.handler.js';
import { handleCustomerTokenRequest } from './customer-token.handler.js';
import type { RouteContext } from './emulator-request.js';
import { handleGetCustomerRequest } from './get-customer.handler.js';
import type { EmulatorResponse } from './json-api-error.js';
import type { EmulatorRoute } from './moltin-emulator.interfaces.js';
import { handleProductsRequest } from './products.handler.js';

/** Every route of the emulator. */
export const EMULATOR_ROUTES: readonly EmulatorRoute[] = ['token', 'customerToken', 'getCustomer', 'products'];

/** Handler of one route. */
export type RouteHandler = (context: RouteContext) => EmulatorResponse;

/** Route that a request's method and path matched. */
export interface RouteMatch {
  readonly route: EmulatorRoute;
  readonly params: Readonly<Record<string, string>>;
  readonly handler: RouteHandler;
}

const CUSTOMER_PATH = /^\/v2\/customers\/([^/]+)$/;

/** Matches a method and path to a route. Returns undefined when nothing matches, including a wrong method. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  if (method === 'POST' && path === '/oauth/access_token') {
    return { route: 'token', params: {}, handler: handleAccessTokenRequest };
  }
  if (method === 'POST' && path === '/v2/customers/tokens') {
    return { route: 'customerToken', params: {}, handler: handleCustomerTokenRequest };
  }
  if (method === 'GET' && path === '/v2/products') {
    return { route: 'products', params: {}, handler: handleProductsRequest };
  }

  const customerId = method === 'GET' ? decodePathSegment(CUSTOMER_PATH.exec(path)?.[1]) : undefined;
  if (customerId !== undefined) {
    return { route: 'getCustomer', params: { id: customerId }, handler: handleGetCustomerRequest };
  }
  return undefined;
}

/** Tells whether a value names a route. */
export function isEmulatorRoute(value: unknown): value is EmulatorRoute {
  return (EMULATOR_ROUTES as readonly unknown[]).includes(value);
}

function decodePathSegment(segment: string | undefined): string | undefined {
  if (segment === undefined) {
    return undefined;
  }
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
