import { authenticateBearer } from './bearer-auth.js';
import type { RouteContext } from './emulator-request.js';
import type { EmulatorResponse } from './json-api-error.js';

/**
 * Handles `GET /v2/products` for any valid bearer token. Implicit tokens see only `live`
 * products. The query string (filters, paging) is ignored.
 */
export function handleProductsRequest({ request, state }: RouteContext): EmulatorResponse {
  const auth = authenticateBearer(request, state);
  if (!auth.ok) {
    return auth.response;
  }

  const products = state.products.list(auth.record.grant);
  const data = products.map(({ id, ...attributes }) => ({ type: 'product', id, attributes }));
  return { status: 200, body: { data, meta: { results: { total: data.length } } } };
}
