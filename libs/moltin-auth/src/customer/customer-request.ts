import { MoltinCustomer } from './moltin-customer.interface.js';

/**
 * Customer and token that `CustomerAuthGuard` attaches to a request it lets through.
 */
export interface CustomerSession {
  customer: MoltinCustomer;
  /** The validated customer token. Treat it as a secret. */
  token: string;
}

/**
 * HTTP request as the guard reads it. Express and Fastify requests both fit, with header names in
 * lower case.
 */
export interface CustomerAuthRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Customer authenticated by `CustomerAuthGuard`, without the token. */
  moltinCustomer?: MoltinCustomer;
}

// Symbol.for, so that the CommonJS and ESM builds of the library, when both are loaded, share it.
const SESSION_KEY = Symbol.for('nestjs-moltin-auth:customer-session');

/**
 * Attaches the session to the request: the customer as `request.moltinCustomer`, and the session
 * under a non-enumerable symbol key, so that logging or serializing the request leaves the token
 * out.
 */
export function attachCustomerSession(request: object, session: CustomerSession): void {
  Object.defineProperty(request, SESSION_KEY, { value: session, enumerable: false, configurable: true, writable: false });
  (request as CustomerAuthRequest).moltinCustomer = session.customer;
}

/** Returns the session that `CustomerAuthGuard` attached to the request, if any. */
export function readCustomerSession(request: unknown): CustomerSession | undefined {
  if (typeof request !== 'object' || request === null) {
    return undefined;
  }

  return (request as { [SESSION_KEY]?: CustomerSession })[SESSION_KEY];
}
