import { ExecutionContext, SetMetadata, UseGuards, UseInterceptors, applyDecorators, createParamDecorator } from '@nestjs/common';

import { MOLTIN_PUBLIC_ROUTE_KEY } from './customer-auth.constants.js';
import { CustomerAuthGuard } from './customer-auth.guard.js';
import { MoltinRequestContextInterceptor } from './customer-context.interceptor.js';
import { readCustomerSession } from './customer-request.js';

/** Field that `@CurrentCustomer(field)` returns: one of the customer's, or the raw `token`. */
export type CurrentCustomerField = 'id' | 'email' | 'name' | 'tokenExpiresAt' | 'token';

// NOTE: only HTTP requests are read. A guard subclass that serves GraphQL or WebSockets through
// getRequest() attaches the customer where these decorators do not look.
function sessionOf(context: ExecutionContext) {
  return context.getType() === 'http' ? readCustomerSession(context.switchToHttp().getRequest()) : undefined;
}

/**
 * Route parameter decorator for the customer that `CustomerAuthGuard` authenticated:
 * `{ id, email, name, tokenExpiresAt }`, or one field of it with `@CurrentCustomer('id')`.
 * The raw token is returned only on explicit request, with `@CurrentCustomer('token')`.
 * The value is `undefined` on a route the guard did not check, such as a `@Public()` one.
 */
export const CurrentCustomer = createParamDecorator((field: CurrentCustomerField | undefined, context: ExecutionContext) => {
  const session = sessionOf(context);

  if (!session || field === undefined) {
    return session?.customer;
  }

  return field === 'token' ? session.token : session.customer[field];
});

/**
 * Route parameter decorator for the validated customer token, the same as
 * `@CurrentCustomer('token')`. Treat the value as a secret.
 */
export const CustomerToken = createParamDecorator((_data: unknown, context: ExecutionContext) => sessionOf(context)?.token);

/**
 * Marks a route or controller as open to requests without a customer token when
 * `CustomerAuthGuard` is registered globally.
 */
export const Public = () => SetMetadata(MOLTIN_PUBLIC_ROUTE_KEY, true);

/**
 * Requires a valid customer token on a route or controller: applies `CustomerAuthGuard` and
 * `MoltinRequestContextInterceptor`, which makes outbound API calls carry the customer token.
 */
export const RequireCustomer = () => applyDecorators(UseGuards(CustomerAuthGuard), UseInterceptors(MoltinRequestContextInterceptor));
