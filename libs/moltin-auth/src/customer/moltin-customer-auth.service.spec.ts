import {
  BadGatewayException,
  BadRequestException,
  INestApplicationContext,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { MoltinAuthModule } from '../moltin-auth.module.js';
import { EmulatorCustomer, MoltinEmulator, computeS256Challenge } from '../testing/emulator/index.js';
import { MoltinCustomerAuthService } from './moltin-customer-auth.service.js';

describe('MoltinCustomerAuthService', () => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    customer = emulator.addCustomer({ name: 'Ron Swanson', email: 'ron@example.com', password: 'bacon-and-eggs' });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function createService(baseUrl = emulator.url): Promise<MoltinCustomerAuthService> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MoltinAuthModule.forRoot({
          baseUrl,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
          requestTimeoutMs: 2_000,
          retry: { attempts: 1 },
        }),
      ],
    }).compile();
    app = await moduleRef.init();

    return app.get(MoltinCustomerAuthService);
  }

  async function failure(promise: Promise<unknown>): Promise<Error> {
    return promise.then(
      () => {
        throw new Error('expected the login to fail');
      },
      (error: Error) => error,
    );
  }

  describe('login', () => {
    it('returns the token, customer id and expiry', async () => {
      const service = await createService();

      const result = await service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' });

      expect(result.customerId).toBe(customer.id);
      expect(result.token.split('.')).toHaveLength(3);
      expect(result.expiresAt.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    });

    it('sends the password body with an implicit token', async () => {
      const service = await createService();

      await service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' });
      const [request] = emulator.requests('customerToken');
      const bearer = request?.headers.authorization?.replace(/^Bearer /, '') ?? '';

      expect(request?.body).toEqual({
        data: { type: 'token', email: 'ron@example.com', password: 'bacon-and-eggs', authentication_mechanism: 'password' },
      });
      expect(request?.headers['content-type']).toMatch(/^application\/json/);
      expect(emulator.accessTokenGrant(bearer)).toBe('implicit');
    });

    it('accepts a 200 as well as a 201', async () => {
      const service = await createService();
      emulator.respondNext('customerToken', 1, 200, { data: { type: 'token', id: 't', customer_id: 'c-9', token: 'a.b.c', expires: 2_000_000_000 } });

      const result = await service.login({ email: 'ron@example.com', password: 'x' });

      expect(result).toEqual({ token: 'a.b.c', customerId: 'c-9', expiresAt: new Date(2_000_000_000_000) });
    });

    it('rejects a wrong password with 401', async () => {
      const service = await createService();

      const error = await failure(service.login({ email: 'ron@example.com', password: 'wrong-password' }));

      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toBe('customer login failed: Invalid credentials: The email or password is incorrect.');
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('keeps the password out of the error', async () => {
      const service = await createService();
      emulator.failNext('customerToken', 1, 401, { errors: [{ status: 401, title: 'Bad login', detail: 'password hunter22 is wrong' }] });

      const error = await failure(service.login({ email: 'ron@example.com', password: 'hunter22' }));

      expect(error.message).toBe('customer login failed: Bad login: password [redacted] is wrong');
    });

    it.each([
      [{ email: '', password: 'x' }, 'email must be a non-empty string'],
      [{ email: 'ron@example.com', password: '' }, 'password must be a non-empty string'],
      [{ email: 42, password: 'x' }, 'email must be a non-empty string'],
    ])('rejects %j without a request', async (credentials, message) => {
      const service = await createService();

      const error = await failure(service.login(credentials as never));

      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe(message);
      expect(emulator.requestCount('customerToken')).toBe(0);
    });

    it('maps an API 400 to 400', async () => {
      const service = await createService();
      emulator.failNext('customerToken', 1, 400, { errors: [{ status: '400', title: 'Bad Request', detail: 'data.email is invalid' }] });

      const error = await failure(service.login({ email: 'not-an-email', password: 'x' }));

      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('customer login failed: Bad Request: data.email is invalid');
    });

    it.each([429, 500, 503])('maps an API %i to 503', async (status) => {
      const service = await createService();
      emulator.failNext('customerToken', 1, status);

      const error = await failure(service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' }));

      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect(error.message).toBe('customer login failed because the commerce API is unavailable (no response, a time-out, 429 or 5xx). Retry later.');
    });

    it('maps an unreachable API to 503', async () => {
      const stopped = await MoltinEmulator.start({ logger: false });
      const url = stopped.url;
      await stopped.stop();
      const service = await createService(url);

      const error = await failure(service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' }));

      expect(error).toBeInstanceOf(ServiceUnavailableException);
    });

    it('maps an unusable 2xx to 502', async () => {
      const service = await createService();
      emulator.respondNext('customerToken', 1, 201, { data: { type: 'token' } });

      const error = await failure(service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' }));

      expect(error).toBeInstanceOf(BadGatewayException);
    });

    it('refreshes a rejected implicit token and retries once', async () => {
      const service = await createService();
      await service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' });
      emulator.revokeAllAccessTokens();

      const result = await service.login({ email: 'ron@example.com', password: 'bacon-and-eggs' });

      expect(result.customerId).toBe(customer.id);
      expect(emulator.requestCount('token')).toBe(2);
      expect(emulator.requestCount('customerToken')).toBe(3);
    });
  });

  describe('loginWithOidc', () => {
    const redirectUri = 'https://shop.example.com/callback';
    const codeVerifier = 'verifier-0123456789-0123456789-0123456789';

    it('exchanges an authorization code for a customer token', async () => {
      const service = await createService();
      emulator.addOidcAuthorizationCode({ code: 'code-1', customerId: customer.id, redirectUri, codeChallenge: computeS256Challenge(codeVerifier) });

      const result = await service.loginWithOidc({ authorizationCode: 'code-1', redirectUri, codeVerifier });
      const [request] = emulator.requests('customerToken');

      expect(result.customerId).toBe(customer.id);
      expect(request?.body).toEqual({
        data: { type: 'token', authentication_mechanism: 'oidc', oauth_authorization_code: 'code-1', oauth_redirect_uri: redirectUri, oauth_code_verifier: codeVerifier },
      });
    });

    it('rejects a wrong verifier with 401', async () => {
      const service = await createService();
      emulator.addOidcAuthorizationCode({ code: 'code-2', customerId: customer.id, redirectUri, codeChallenge: computeS256Challenge(codeVerifier) });

      const error = await failure(service.loginWithOidc({ authorizationCode: 'code-2', redirectUri, codeVerifier: 'wrong-verifier' }));

      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).not.toContain('wrong-verifier');
    });

    it('rejects a missing redirect URI without a request', async () => {
      const service = await createService();

      const error = await failure(service.loginWithOidc({ authorizationCode: 'code', redirectUri: '', codeVerifier }));

      expect(error).toBeInstanceOf(BadRequestException);
      expect(emulator.requestCount('customerToken')).toBe(0);
    });
  });
});
