import { ExecutionContext, HttpException, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { DEFAULT_CUSTOMER_AUTH } from '../options/resolve-moltin-auth-options.js';
import { MOLTIN_PUBLIC_ROUTE_KEY } from './customer-auth.constants.js';
import { CustomerAuthGuard } from './customer-auth.guard.js';
import { CustomerAuthRequest, readCustomerSession } from './customer-request.js';
import { CustomerTokenValidator } from './customer-validator.service.js';
import { CustomerTokenValidation, MoltinCustomer } from './moltin-customer.interface.js';

const CUSTOMER: MoltinCustomer = { id: 'c-1', email: 'ron@example.com', name: 'Ron', tokenExpiresAt: new Date('2030-01-01T00:00:00Z') };

class StubValidator {
  readonly seen: string[] = [];

  constructor(
    readonly customerAuthOptions = { ...DEFAULT_CUSTOMER_AUTH },
    private readonly result: CustomerTokenValidation = { outcome: 'valid', customer: CUSTOMER },
  ) {}

  async validate(token: string): Promise<CustomerTokenValidation> {
    this.seen.push(token);
    return this.result;
  }
}

function contextFor(request: unknown, type = 'http', isPublic = false): ExecutionContext {
  const handler = () => undefined;
  const controller = class {};

  if (isPublic) {
    Reflect.defineMetadata(MOLTIN_PUBLIC_ROUTE_KEY, true, handler);
  }

  return {
    getType: () => type,
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function createGuard(validator: StubValidator): CustomerAuthGuard {
  return new CustomerAuthGuard(new Reflector(), validator as unknown as CustomerTokenValidator);
}

async function rejection(guard: CustomerAuthGuard, context: ExecutionContext): Promise<HttpException> {
  const error: unknown = await guard.canActivate(context).then(
    () => undefined,
    (caught: unknown) => caught,
  );

  if (!(error instanceof HttpException)) {
    throw new Error(`expected an HttpException, got ${String(error)}`);
  }

  return error;
}

describe('CustomerAuthGuard', () => {
  describe('token extraction', () => {
    it('reads the default header', async () => {
      const validator = new StubValidator();
      const request = { headers: { 'x-moltin-customer-token': 'abc' } };

      await expect(createGuard(validator).canActivate(contextFor(request))).resolves.toBe(true);
      expect(validator.seen).toEqual(['abc']);
    });

    it('reads a configured header name in any case', async () => {
      const validator = new StubValidator({ ...DEFAULT_CUSTOMER_AUTH, headerName: 'X-Shopper-Token' });

      await createGuard(validator).canActivate(contextFor({ headers: { 'x-shopper-token': 'abc' } }));

      expect(validator.seen).toEqual(['abc']);
    });

    it('ignores Authorization unless allowed', async () => {
      const validator = new StubValidator();

      const error = await rejection(createGuard(validator), contextFor({ headers: { authorization: 'Bearer abc' } }));

      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toBe('missing customer token');
      expect(validator.seen).toEqual([]);
    });

    it('reads Authorization: Bearer when allowed', async () => {
      const validator = new StubValidator({ ...DEFAULT_CUSTOMER_AUTH, allowAuthorizationHeader: true });

      await createGuard(validator).canActivate(contextFor({ headers: { authorization: 'bearer abc' } }));

      expect(validator.seen).toEqual(['abc']);
    });

    it('prefers the customer token header over Authorization', async () => {
      const validator = new StubValidator({ ...DEFAULT_CUSTOMER_AUTH, allowAuthorizationHeader: true });
      const request = { headers: { authorization: 'Bearer other', 'x-moltin-customer-token': 'abc' } };

      await createGuard(validator).canActivate(contextFor(request));

      expect(validator.seen).toEqual(['abc']);
    });

    it.each(['Basic abc', 'Bearer', 'Bearer a b', 'abc'])('treats Authorization %j as missing', async (authorization) => {
      const validator = new StubValidator({ ...DEFAULT_CUSTOMER_AUTH, allowAuthorizationHeader: true });

      const error = await rejection(createGuard(validator), contextFor({ headers: { authorization } }));

      expect(error.message).toBe('missing customer token');
    });

    it.each(['', '   '])('treats header %j as missing', async (value) => {
      const error = await rejection(createGuard(new StubValidator()), contextFor({ headers: { 'x-moltin-customer-token': value } }));

      expect(error.message).toBe('missing customer token');
    });

    it('treats a non-HTTP context as missing a token', async () => {
      const error = await rejection(createGuard(new StubValidator()), contextFor(undefined, 'rpc'));

      expect(error).toBeInstanceOf(UnauthorizedException);
    });

    it('lets a subclass override extractToken', async () => {
      @Injectable()
      class CookieGuard extends CustomerAuthGuard {
        protected override extractToken(request: CustomerAuthRequest & { cookies?: Record<string, string> }): string | undefined {
          return request.cookies?.customer_token;
        }
      }
      const validator = new StubValidator();
      const guard = new CookieGuard(new Reflector(), validator as unknown as CustomerTokenValidator);

      await guard.canActivate(contextFor({ headers: {}, cookies: { customer_token: 'from-cookie' } }));

      expect(validator.seen).toEqual(['from-cookie']);
    });

    it('turns an error in extractToken into 401', async () => {
      class BrokenGuard extends CustomerAuthGuard {
        protected override extractToken(): string | undefined {
          throw new TypeError('boom');
        }
      }
      const guard = new BrokenGuard(new Reflector(), new StubValidator() as unknown as CustomerTokenValidator);

      const error = await rejection(guard, contextFor({ headers: {} }));

      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toBe('invalid customer token');
    });
  });

  describe('outcomes', () => {
    const request = () => ({ headers: { 'x-moltin-customer-token': 'abc' } });

    it('attaches a copy of the customer and the token', async () => {
      const req = request();

      await createGuard(new StubValidator()).canActivate(contextFor(req));
      const session = readCustomerSession(req);

      expect(session?.token).toBe('abc');
      expect(session?.customer).toEqual(CUSTOMER);
      expect(session?.customer).not.toBe(CUSTOMER);
      expect((req as CustomerAuthRequest).moltinCustomer).toEqual(CUSTOMER);
    });

    it('keeps the token out of the serialized request', async () => {
      const req = request();

      await createGuard(new StubValidator()).canActivate(contextFor(req));
      const serialized = JSON.stringify({ ...req, headers: {} });

      expect(serialized).toContain('c-1');
      expect(serialized).not.toContain('abc');
    });

    it.each<[CustomerTokenValidation, string]>([
      [{ outcome: 'expired' }, 'customer token expired'],
      [{ outcome: 'invalid', reason: 'x' }, 'invalid customer token'],
    ])('rejects %j with 401', async (result, message) => {
      const error = await rejection(createGuard(new StubValidator(undefined, result)), contextFor(request()));

      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.getResponse()).toEqual({ statusCode: 401, error: 'Unauthorized', message });
    });

    it('returns 503 when undecidable', async () => {
      const validator = new StubValidator(undefined, { outcome: 'unavailable', reason: 'down' });

      const error = await rejection(createGuard(validator), contextFor(request()));

      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect(error.getStatus()).toBe(503);
    });

    it('skips a @Public() route', async () => {
      const validator = new StubValidator();

      await expect(createGuard(validator).canActivate(contextFor({ headers: {} }, 'http', true))).resolves.toBe(true);
      expect(validator.seen).toEqual([]);
    });
  });
});
