import { authenticateBearer } from './bearer-auth.js';
import type { RouteContext } from './emulator-request.js';
import type { EmulatorResponse } from './json-api-error.js';
import type { EmulatorState } from './emulator-state.js';

/** Header that carries a customer token, sent with an implicit bearer token. */
export const CUSTOMER_TOKEN_HEADER = 'x-moltin-customer-token';

const REJECTION_DETAILS = {
  malformed: 'The customer token is malformed.',
  invalid_signature: 'The customer token signature is invalid.',
  expired: 'The customer token has expired.',
  revoked: 'The customer token has been revoked.',
} as const;

/**
 * Handles `GET /v2/customers/:id`. A client_credentials token reads any customer and the
 * customer token header is ignored, as on the API. An implicit token reads a customer only
 * with a valid customer token whose `sub` is that customer's id.
 */
export function handleGetCustomerRequest({ request, params, state }: RouteContext): EmulatorResponse {
  const auth = authenticateBearer(request, state);
  if (!auth.ok) {
    return auth.response;
  }

  const id = params.id as string;
  if (auth.record.grant === 'client_credentials') {
    return customerResponse(id, state);
  }

  const customerToken = request.headers[CUSTOMER_TOKEN_HEADER];
  if (customerToken === undefined || customerToken.trim() === '') {
    return state.errorResponse(
      403,
      'Forbidden',
      'An implicit token can read a customer only with an X-Moltin-Customer-Token header for that customer.',
    );
  }

  const check = state.customerTokens.verify(customerToken.trim(), state.serverNowMs());
  if (!check.valid) {
    return state.errorResponse(401, 'Unauthorized', REJECTION_DETAILS[check.reason]);
  }
  if (check.claims.sub !== id) {
    return state.errorResponse(403, 'Forbidden', 'The customer token belongs to another customer.');
  }
  return customerResponse(id, state);
}

function customerResponse(id: string, state: EmulatorState): EmulatorResponse {
  const customer = state.customers.findById(id);
  if (customer === undefined) {
    return state.errorResponse(404, 'Not Found', `No customer has id "${id}".`);
  }
  return {
    status: 200,
    body: {
      data: {
        type: 'customer',
        id: customer.id,
        name: customer.name,
        email: customer.email,
        // The API reports only whether a password is set, never the password.
        password: true,
      },
    },
  };
}
