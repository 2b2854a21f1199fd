import { authenticateBearer } from './bearer-auth.js';
import type { RouteContext } from './emulator-request.js';
import type { EmulatorState } from './emulator-state.js';
import type { EmulatorResponse } from './json-api-error.js';
import type { EmulatorCustomer } from './moltin-emulator.interfaces.js';
import { isJsonMediaType } from './request-body.js';

type LoginResult = { readonly ok: true; readonly customer: EmulatorCustomer } | { readonly ok: false; readonly response: EmulatorResponse };

/**
 * Handles `POST /v2/customers/tokens`, a password or OIDC login that any valid bearer token may
 * make. A successful login returns 201 with a customer token.
 */
export function handleCustomerTokenRequest({ request, state }: RouteContext): EmulatorResponse {
  const auth = authenticateBearer(request, state);
  if (!auth.ok) {
    return auth.response;
  }

  if (!isJsonMediaType(request.mediaType)) {
    const received = request.mediaType === undefined ? 'no Content-Type header' : `"${request.mediaType}"`;
    return state.errorResponse(400, 'Bad Request', `The request body must be JSON with Content-Type: application/json; received ${received}.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.bodyText);
  } catch {
    return state.errorResponse(400, 'Bad Request', 'The request body is not valid JSON.');
  }

  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) {
    return state.errorResponse(400, 'Bad Request', 'The request body must be an object with a "data" object.');
  }
  if (data.type !== 'token') {
    return state.errorResponse(400, 'Bad Request', 'data.type must be "token".');
  }

  const mechanism = data.authentication_mechanism ?? 'password';
  let login: LoginResult;
  if (mechanism === 'password') {
    login = logInWithPassword(data, state);
  } else if (mechanism === 'oidc') {
    login = logInWithOidc(data, state);
  } else {
    return state.errorResponse(400, 'Bad Request', 'data.authentication_mechanism must be "password" or "oidc".');
  }
  if (!login.ok) {
    return login.response;
  }

  const issued = state.customerTokens.issue(login.customer, state.settings.customerTokenLifetimeSeconds, state.serverNowMs());
  return {
    status: 201,
    body: {
      data: {
        type: 'token',
        id: issued.id,
        customer_id: issued.customerId,
        token: issued.token,
        expires: issued.expires,
      },
    },
  };
}

function logInWithPassword(data: Record<string, unknown>, state: EmulatorState): LoginResult {
  const missing = missingStringFields(data, ['email', 'password']);
  if (missing.length > 0) {
    return { ok: false, response: state.errorResponse(400, 'Bad Request', `Missing or empty fields: ${missing.join(', ')}.`) };
  }

  const customer = state.customers.findByEmail(data.email as string);
  if (customer === undefined || customer.password !== data.password) {
    return { ok: false, response: state.errorResponse(401, 'Invalid credentials', 'The email or password is incorrect.') };
  }
  return { ok: true, customer };
}

function logInWithOidc(data: Record<string, unknown>, state: EmulatorState): LoginResult {
  const missing = missingStringFields(data, ['oauth_authorization_code', 'oauth_redirect_uri', 'oauth_code_verifier']);
  if (missing.length > 0) {
    return { ok: false, response: state.errorResponse(400, 'Bad Request', `Missing or empty fields: ${missing.join(', ')}.`) };
  }

  const redemption = state.oidcCodes.redeem(
    data.oauth_authorization_code as string,
    data.oauth_redirect_uri as string,
    data.oauth_code_verifier as string,
  );
  if (!redemption.ok) {
    return { ok: false, response: state.errorResponse(401, 'Invalid credentials', redemption.reason) };
  }

  const customer = state.customers.findById(redemption.customerId);
  if (customer === undefined) {
    return { ok: false, response: state.errorResponse(401, 'Invalid credentials', 'The authorization code belongs to no customer.') };
  }
  return { ok: true, customer };
}

function missingStringFields(data: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields
    .filter((field) => typeof data[field] !== 'string' || data[field] === '')
    .map((field) => `data.${field}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
