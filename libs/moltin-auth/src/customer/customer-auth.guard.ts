import {
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { MOLTIN_PUBLIC_ROUTE_KEY } from './customer-auth.constants.js';
import { CustomerAuthGuardMessages } from './customer-auth.messages.js';
import { CustomerAuthRequest, attachCustomerSession } from './customer-request.js';
import { CustomerTokenValidator } from './customer-validator.service.js';
import { MoltinCustomer } from './moltin-customer.interface.js';

const BEARER_PATTERN = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Lets a request through only with a valid customer token, and attaches the customer to it.
 *
 * The token is read from the `customerAuth.headerName` header (`X-Moltin-Customer-Token` by
 * default) and, when `customerAuth.allowAuthorizationHeader` is set, from
 * `Authorization: Bearer <token>`. It is checked by {@link CustomerTokenValidator}.
 *
 * Rejections use Nest's standard error body: 401 with "missing customer token", "customer token
 * expired" or "invalid customer token", and 503 when the API cannot be asked about a token that
 * is not in the cache.
 *
 * Outbound calls receive the customer token only through `MoltinRequestContextInterceptor`, which
 * must run with this guard. `@RequireCustomer()` applies both, and `provideGlobalCustomerAuth()`
 * registers both globally. Routes marked `@Public()` skip the guard.
 *
 * Subclasses can override the protected hooks, such as `extractToken`.
 */
@Injectable()
export class CustomerAuthGuard implements CanActivate {
  constructor(
    protected readonly reflector: Reflector,
    protected readonly validator: CustomerTokenValidator,
  ) {}

  /**
   * Validates the request's customer token and attaches the customer to the request.
   *
   * @throws UnauthorizedException when the token is missing, expired or invalid.
   * @throws ServiceUnavailableException when the API cannot tell whether the token is valid.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) {
      return true;
    }

    const request = this.getRequest(context);
    const token = request ? this.readToken(request) : undefined;

    if (token === undefined) {
      return this.throwUnauthorized(CustomerAuthGuardMessages.missingToken);
    }

    const result = await this.validator.validate(token);

    switch (result.outcome) {
      case 'valid':
        attachCustomerSession(request as object, { customer: copyCustomer(result.customer), token });
        return true;
      case 'expired':
        return this.throwUnauthorized(CustomerAuthGuardMessages.expiredToken);
      case 'invalid':
        return this.throwUnauthorized(CustomerAuthGuardMessages.invalidToken);
      case 'unavailable':
        return this.throwUnavailable();
    }
  }

  /** Tells whether the route or its controller is marked `@Public()`. */
  protected isPublic(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean | undefined>(MOLTIN_PUBLIC_ROUTE_KEY, [context.getHandler(), context.getClass()]) === true;
  }

  /** Returns the HTTP request, or `undefined` outside HTTP (microservices, WebSockets). */
  protected getRequest(context: ExecutionContext): CustomerAuthRequest | undefined {
    return context.getType() === 'http' ? context.switchToHttp().getRequest<CustomerAuthRequest>() : undefined;
  }

  /**
   * Returns the customer token sent with the request, or `undefined` when there is none. An empty
   * header counts as none.
   */
  protected extractToken(request: CustomerAuthRequest): string | undefined {
    const { headerName, allowAuthorizationHeader } = this.validator.customerAuthOptions;
    const value = firstHeaderValue(request.headers[headerName.toLowerCase()])?.trim();

    if (value) {
      return value;
    }

    if (!allowAuthorizationHeader) {
      return undefined;
    }

    const authorization = firstHeaderValue(request.headers.authorization);

    return authorization === undefined ? undefined : BEARER_PATTERN.exec(authorization)?.[1];
  }

  protected throwUnauthorized(message: string): never {
    throw new UnauthorizedException(message);
  }

  protected throwUnavailable(): never {
    throw new ServiceUnavailableException(CustomerAuthGuardMessages.validationUnavailable);
  }

  /**
   * Runs `extractToken`. An `HttpException` it throws is rethrown. Any other error becomes a 401
   * for an invalid token, so that no input gives a 500.
   */
  private readToken(request: CustomerAuthRequest): string | undefined {
    try {
      return this.extractToken(request);
    } catch (error) {
      if (error instanceof HttpException) {
        throw error;
      }

      return this.throwUnauthorized(CustomerAuthGuardMessages.invalidToken);
    }
  }
}

function firstHeaderValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Gives each request its own copy, so a handler that changes it cannot affect the cache. */
function copyCustomer(customer: Readonly<MoltinCustomer>): MoltinCustomer {
  return { ...customer, tokenExpiresAt: new Date(customer.tokenExpiresAt.getTime()) };
}
