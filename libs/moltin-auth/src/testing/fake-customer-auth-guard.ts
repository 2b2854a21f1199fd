import { CanActivate, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { MOLTIN_PUBLIC_ROUTE_KEY } from '../customer/customer-auth.constants.js';
import { CustomerAuthGuardMessages } from '../customer/customer-auth.messages.js';
import { CustomerAuthRequest, attachCustomerSession } from '../customer/customer-request.js';
import { MoltinCustomer } from '../customer/moltin-customer.interface.js';
import { MOLTIN_CUSTOMER_TOKEN_HEADER } from '../moltin-auth.constants.js';

/** Customer token that a {@link FakeCustomerAuthGuard} attaches when given none. */
export const DEFAULT_FAKE_CUSTOMER_TOKEN = 'fake-customer-token';

/** Lifetime of a real customer token, used for `tokenExpiresAt` when none is given. */
const CUSTOMER_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Customer that a {@link FakeCustomerAuthGuard} authenticates; only `id` is required. */
export interface FakeCustomer {
  id: string;
  /** @default '' */
  email?: string;
  /** @default '' */
  name?: string;
  /** @default 24 hours after each request */
  tokenExpiresAt?: Date;
}

export interface FakeCustomerAuthGuardOptions {
  /**
   * Let only requests that carry a customer token in `headerName` through, with a 401 for the
   * others as the real guard gives. The token is not checked, and it is the one attached.
   * @default false, every request is let through as the customer
   */
  requireToken?: boolean;
  /**
   * Header read when `requireToken` is set (case-insensitive).
   * @default 'X-Moltin-Customer-Token'
   */
  headerName?: string;
  /**
   * Customer token attached when `requireToken` is not set. `@CustomerToken()` returns it, and
   * outbound calls made through `MoltinHttpService` while handling the request send it.
   * @default DEFAULT_FAKE_CUSTOMER_TOKEN
   */
  token?: string;
}

/**
 * Stand-in for `CustomerAuthGuard` that authenticates a fixed customer without any API call. It
 * attaches the customer to the request as the real guard does, so `@CurrentCustomer()`,
 * `@CustomerToken()` and `MoltinRequestContextInterceptor` work unchanged. Routes marked
 * `@Public()` are let through without a customer.
 */
export class FakeCustomerAuthGuard implements CanActivate {
  /** Number of requests the guard let through with the customer attached. */
  authenticatedCount = 0;

  private readonly reflector = new Reflector();
  private readonly headerName: string;
  private readonly token: string;

  constructor(
    /** Customer to authenticate, or `null` to reject every guarded request with a 401. */
    readonly customer: FakeCustomer | null,
    private readonly options: FakeCustomerAuthGuardOptions = {},
  ) {
    if (customer !== null && (typeof customer?.id !== 'string' || customer.id === '')) {
      throw new TypeError('createFakeCustomerAuthGuard: customer.id must be a non-empty string; pass null to reject every request');
    }

    this.headerName = (options.headerName ?? MOLTIN_CUSTOMER_TOKEN_HEADER).toLowerCase();
    this.token = options.token ?? DEFAULT_FAKE_CUSTOMER_TOKEN;
  }

  /**
   * @throws UnauthorizedException with the real guard's "missing customer token" message when
   * there is no customer, or `requireToken` is set and the header is missing.
   */
  canActivate(context: ExecutionContext): boolean {
    if (this.isPublic(context) || context.getType() !== 'http') {
      return true;
    }

    const request = context.switchToHttp().getRequest<CustomerAuthRequest>();
    const token = this.options.requireToken ? readHeader(request, this.headerName) : this.token;

    if (this.customer === null || token === undefined) {
      throw new UnauthorizedException(CustomerAuthGuardMessages.missingToken);
    }

    attachCustomerSession(request, { customer: this.toMoltinCustomer(this.customer), token });
    this.authenticatedCount += 1;

    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean | undefined>(MOLTIN_PUBLIC_ROUTE_KEY, [context.getHandler(), context.getClass()]) === true;
  }

  private toMoltinCustomer(customer: FakeCustomer): MoltinCustomer {
    return {
      id: customer.id,
      email: customer.email ?? '',
      name: customer.name ?? '',
      tokenExpiresAt: new Date(customer.tokenExpiresAt?.getTime() ?? Date.now() + CUSTOMER_TOKEN_LIFETIME_MS),
    };
  }
}

/**
 * Creates a stand-in for `CustomerAuthGuard` that lets requests through as `customer`, for
 * `Test.createTestingModule(...).overrideGuard(CustomerAuthGuard).useValue(createFakeCustomerAuthGuard({ id: '...' }))`.
 */
export function createFakeCustomerAuthGuard(customer: FakeCustomer | null, options: FakeCustomerAuthGuardOptions = {}): FakeCustomerAuthGuard {
  return new FakeCustomerAuthGuard(customer, options);
}

function readHeader(request: CustomerAuthRequest, name: string): string | undefined {
  const raw = request.headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();

  return value ? value : undefined;
}
