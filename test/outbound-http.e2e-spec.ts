import { HttpModule, HttpService } from '@nestjs/axios';
import { INestApplicationContext, Injectable, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AxiosResponse } from 'axios';
import {
  MoltinApiError,
  MoltinAuthModule,
  MoltinAuthModuleOptions,
  MoltinBearerInterceptor,
  MoltinHttpService,
  MoltinRequestContext,
  MoltinTokenService,
} from 'nestjs-moltin-auth';
import { firstValueFrom } from 'rxjs';

import { MoltinEmulator, RecordedRequest } from 'nestjs-moltin-auth/testing';
import { CapturingLogger } from './support/log-capture';

const SHOPPER = { name: 'Ron Swanson', email: 'ron@swanson.com', password: 'bacon-and-eggs' };
const LOGIN_BODY = { data: { type: 'token', email: SHOPPER.email, password: SHOPPER.password } };

interface OutboundTestContext {
  app: INestApplicationContext;
  http: MoltinHttpService;
  tokens: MoltinTokenService;
  context: MoltinRequestContext;
  logger: CapturingLogger;
}

/** Provider of an app that opts its own HttpService in to the Bearer interceptor. */
@Injectable()
class CatalogClient implements OnModuleInit {
  constructor(
    readonly http: HttpService,
    private readonly bearer: MoltinBearerInterceptor,
  ) {}

  onModuleInit(): void {
    this.bearer.attachTo(this.http);
  }
}

function bearerTokenOf(request: RecordedRequest | undefined): string | undefined {
  return /^Bearer (\S+)$/.exec(request?.headers.authorization ?? '')?.[1];
}

describe('Outbound HTTP to the Moltin API', () => {
  let emulator: MoltinEmulator;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    emulator = await MoltinEmulator.start({ logger: false, customers: [SHOPPER] });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await emulator.stop();
  });

  async function start(overrides: Partial<MoltinAuthModuleOptions> = {}, providers: Array<typeof CatalogClient> = []): Promise<OutboundTestContext> {
    const logger = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [
        HttpModule.register({}),
        MoltinAuthModule.forRoot({
          baseUrl: emulator.url,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
          retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 10 },
          ...overrides,
        }),
      ],
      providers,
    })
      .setLogger(logger)
      .compile();
    app = await moduleRef.init();

    return {
      app,
      http: app.get(MoltinHttpService),
      tokens: app.get(MoltinTokenService),
      context: app.get(MoltinRequestContext),
      logger,
    };
  }

  async function getProducts(http: HttpService, config: Parameters<HttpService['get']>[1] = {}): Promise<AxiosResponse> {
    return firstValueFrom(http.get('/v2/products', config));
  }

  async function failureOf(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }

    throw new Error('expected the call to fail, but it succeeded');
  }

  describe('MoltinHttpService', () => {
    it('sends the default grant token to the API', async () => {
      const { http } = await start();

      const response = await getProducts(http);
      const token = bearerTokenOf(emulator.requests('products')[0]);

      expect(response.status).toBe(200);
      expect(token).toBeDefined();
      expect(emulator.accessTokenGrant(token as string)).toBe('client_credentials');
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('uses the base URL and time-out from the options', async () => {
      const { http } = await start({ http: { timeoutMs: 1234 } });

      expect(http.axiosRef.defaults.baseURL).toBe(emulator.url);
      expect(http.axiosRef.defaults.timeout).toBe(1234);
    });

    it('requests one token for 500 parallel calls on a cold service', async () => {
      const { http } = await start();

      const responses = await Promise.all(Array.from({ length: 500 }, () => getProducts(http)));
      const sentTokens = new Set(emulator.requests('products').map(bearerTokenOf));

      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(emulator.requestCount('token')).toBe(1);
      expect(emulator.requestCount('products')).toBe(500);
      expect(sentTokens.size).toBe(1);
    });

    it('leaves a caller Authorization header as it is', async () => {
      const { http } = await start();
      const ownToken = emulator.issueAccessToken('implicit').access_token;

      await getProducts(http, { headers: { Authorization: `Bearer ${ownToken}` } });

      expect(bearerTokenOf(emulator.requests('products')[0])).toBe(ownToken);
      expect(emulator.requestCount('token')).toBe(0);
    });
  });

  describe('grant per request', () => {
    it('uses the grant named in the request config', async () => {
      const { http } = await start();

      await getProducts(http, { moltin: { grant: 'implicit' } });
      await getProducts(http);
      const [implicitCall, defaultCall] = emulator.requests('products');

      expect(emulator.accessTokenGrant(bearerTokenOf(implicitCall) as string)).toBe('implicit');
      expect(emulator.accessTokenGrant(bearerTokenOf(defaultCall) as string)).toBe('client_credentials');
      expect(emulator.requestCount('token')).toBe(2);
    });

    it('rejects an unknown grant without sending the request', async () => {
      const { http } = await start();

      const error = await failureOf(getProducts(http, { moltin: { grant: 'password' as never } }));

      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('config.moltin.grant must be "client_credentials" or "implicit" (received "password")');
      expect(emulator.requestCount('products')).toBe(0);
    });

    it('rejects client_credentials without a client secret', async () => {
      const { http } = await start({ clientSecret: undefined });

      const error = await failureOf(getProducts(http, { moltin: { grant: 'client_credentials' } }));

      expect(error).toMatchObject({ name: 'MoltinAuthError', code: 'grant_not_configured' });
      expect(emulator.requestCount('products')).toBe(0);
    });
  });

  describe('customer context', () => {
    it('adds the customer token and an implicit token inside run', async () => {
      const { http, context } = await start();
      const customerToken = emulator.issueCustomerToken(emulator.addCustomer({ name: 'Leslie', email: 'leslie@knope.com', password: 'waffles' }).id).token;

      await context.run({ customerToken }, () => getProducts(http));
      const request = emulator.requests('products')[0];

      expect(request?.headers['x-moltin-customer-token']).toBe(customerToken);
      expect(emulator.accessTokenGrant(bearerTokenOf(request) as string)).toBe('implicit');
    });

    it('adds no customer token outside run', async () => {
      const { http, context } = await start();

      await context.run({ customerToken: 'customer-token-of-another-request' }, async () => undefined);
      await getProducts(http);
      const request = emulator.requests('products')[0];

      expect(request?.headers['x-moltin-customer-token']).toBeUndefined();
      expect(emulator.accessTokenGrant(bearerTokenOf(request) as string)).toBe('client_credentials');
    });

    it('reads a customer through the API with the context token', async () => {
      const { http, context } = await start();
      const customer = emulator.addCustomer({ name: 'Ann', email: 'ann@perkins.com', password: 'nurse' });
      const customerToken = emulator.issueCustomerToken(customer.id).token;

      const response = await context.run({ customerToken }, () => firstValueFrom(http.get(`/v2/customers/${customer.id}`)));

      expect(response.status).toBe(200);
      expect(response.data.data.id).toBe(customer.id);
    });

    it('sends no context token when the request opts out', async () => {
      const { http, context } = await start();

      await context.run({ customerToken: 'context-customer-token' }, () => getProducts(http, { moltin: { customerToken: false } }));
      const request = emulator.requests('products')[0];

      expect(request?.headers['x-moltin-customer-token']).toBeUndefined();
      expect(emulator.accessTokenGrant(bearerTokenOf(request) as string)).toBe('client_credentials');
    });

    it('sends no context token with an explicit client_credentials grant', async () => {
      const { http, context } = await start();

      await context.run({ customerToken: 'context-customer-token' }, () => getProducts(http, { moltin: { grant: 'client_credentials' } }));
      const request = emulator.requests('products')[0];

      expect(request?.headers['x-moltin-customer-token']).toBeUndefined();
      expect(emulator.accessTokenGrant(bearerTokenOf(request) as string)).toBe('client_credentials');
    });
  });

  describe('401 handling', () => {
    it('refreshes a revoked token once and retries once', async () => {
      const { http, logger } = await start();
      await getProducts(http);
      const revoked = bearerTokenOf(emulator.requests('products')[0]) as string;
      emulator.revokeAccessToken(revoked);

      const response = await getProducts(http);
      const [, rejected, retried] = emulator.requests('products');

      expect(response.status).toBe(200);
      expect(emulator.requestCount('token')).toBe(2);
      expect(emulator.requestCount('products')).toBe(3);
      expect(bearerTokenOf(rejected)).toBe(revoked);
      expect(bearerTokenOf(retried)).not.toBe(revoked);
      expect(logger.from('MoltinBearerInterceptor').filter((line) => line.includes('rejected with HTTP 401'))).toHaveLength(1);
    });

    it('returns a second 401 to the caller after one refresh', async () => {
      const { http } = await start();
      emulator.failNext('products', 2, 401);

      const error = await failureOf(getProducts(http));

      expect(error).toBeInstanceOf(MoltinApiError);
      expect(error).toMatchObject({ status: 401, code: 'http_error', method: 'GET', path: '/v2/products' });
      expect((error as MoltinApiError).errors).toEqual([{ status: 401, title: 'Unauthorized' }]);
      expect(emulator.requestCount('token')).toBe(2);
      expect(emulator.requestCount('products')).toBe(2);
    });

    it('refreshes once for 50 concurrent 401s', async () => {
      const { http } = await start();
      await getProducts(http);
      emulator.revokeAllAccessTokens();

      const responses = await Promise.all(Array.from({ length: 50 }, () => getProducts(http)));

      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(emulator.requestCount('token')).toBe(2);
      expect(emulator.requestCount('products')).toBe(101);
    });

    it('does not refresh after a login with a wrong password', async () => {
      const { http } = await start();
      const body = { data: { ...LOGIN_BODY.data, password: 'wrong' } };

      const error = await failureOf(firstValueFrom(http.post('/v2/customers/tokens', body, { moltin: { grant: 'implicit' } })));

      expect(error).toMatchObject({ status: 401, errors: [{ status: 401, title: 'Invalid credentials', detail: 'The email or password is incorrect.' }] });
      expect(emulator.requestCount('customerToken')).toBe(1);
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('does not refresh after a 401 for a caller token', async () => {
      const { http } = await start();

      const error = await failureOf(getProducts(http, { headers: { Authorization: 'Bearer not-a-valid-token' } }));

      expect(error).toMatchObject({ name: 'MoltinApiError', status: 401 });
      expect(emulator.requestCount('products')).toBe(1);
      expect(emulator.requestCount('token')).toBe(0);
    });
  });

  describe('retries', () => {
    it('retries a GET after 429, then succeeds', async () => {
      const { http, logger } = await start();
      emulator.failNext('products', 1, 429);

      const response = await getProducts(http);
      const retryLines = logger.from('MoltinBearerInterceptor').filter((line) => line.includes('retry'));

      expect(response.status).toBe(200);
      expect(emulator.requestCount('products')).toBe(2);
      expect(retryLines).toHaveLength(1);
      expect(retryLines[0]).toContain('GET /v2/products failed with HTTP 429; retry 1 of 2 in');
    });

    it('retries 5xx up to the attempt limit, then succeeds', async () => {
      const { http } = await start();
      emulator.failNext('products', 2, 503);

      const response = await getProducts(http);

      expect(response.status).toBe(200);
      expect(emulator.requestCount('products')).toBe(3);
    });

    it('returns the last 5xx once the attempts are spent', async () => {
      const { http } = await start();
      emulator.failNext('products', 4, 500);

      const error = await failureOf(getProducts(http));

      expect(error).toBeInstanceOf(MoltinApiError);
      expect(error).toMatchObject({ status: 500, code: 'http_error', errors: [{ status: 500, title: 'Internal Server Error' }] });
      expect(emulator.requestCount('products')).toBe(3);
    });

    it('follows a custom attempt count exactly', async () => {
      const { http } = await start({ retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 4 } });
      emulator.failNext('products', 10, 502);

      const error = await failureOf(getProducts(http));

      expect(error).toMatchObject({ status: 502 });
      expect(emulator.requestCount('products')).toBe(5);
    });

    it('sends a POST once by default', async () => {
      const { http } = await start();
      emulator.failNext('customerToken', 1, 503);

      const error = await failureOf(firstValueFrom(http.post('/v2/customers/tokens', LOGIN_BODY)));

      expect(error).toMatchObject({ name: 'MoltinApiError', status: 503, method: 'POST', path: '/v2/customers/tokens' });
      expect(emulator.requestCount('customerToken')).toBe(1);
    });

    it('retries a POST when the request opts in', async () => {
      const { http } = await start();
      emulator.failNext('customerToken', 1, 503);

      const response = await firstValueFrom(http.post('/v2/customers/tokens', LOGIN_BODY, { moltin: { idempotent: true } }));

      expect(response.status).toBe(201);
      expect(emulator.requestCount('customerToken')).toBe(2);
      expect(emulator.requests('customerToken')[1]?.body).toEqual(LOGIN_BODY);
    });

    it('sends a GET once when the request opts out', async () => {
      const { http } = await start();
      emulator.failNext('products', 1, 503);

      const error = await failureOf(getProducts(http, { moltin: { idempotent: false } }));

      expect(error).toMatchObject({ status: 503 });
      expect(emulator.requestCount('products')).toBe(1);
    });

    it('does not retry a 404', async () => {
      const { http } = await start();

      const error = await failureOf(firstValueFrom(http.get('/v2/customers/no-such-customer')));

      expect(error).toMatchObject({ status: 404, errors: [{ status: 404, title: 'Not Found' }] });
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('retries time-outs within the attempts', async () => {
      const { http } = await start({ http: { timeoutMs: 50 }, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
      emulator.setLatency('products', 1000);

      const error = await failureOf(getProducts(http));

      expect(error).toMatchObject({ name: 'MoltinApiError', code: 'timeout', method: 'GET', path: '/v2/products' });
      expect((error as Error).message).toBe('GET /v2/products timed out after 50 ms');
      expect(emulator.requestCount('products')).toBe(2);
    });
  });

  describe('errors', () => {
    it('hold no token in message, JSON or cause', async () => {
      const { http, context } = await start();
      emulator.failNext('products', 1, 404);

      const error = await failureOf(context.run({ customerToken: 'customer-token-value' }, () => getProducts(http)));
      const accessToken = bearerTokenOf(emulator.requests('products')[0]) as string;
      const serialized = JSON.stringify(error);

      expect(error).toBeInstanceOf(MoltinApiError);
      expect((error as Error).message).toBe('GET /v2/products failed with HTTP 404: Not Found');
      expect((error as Error).cause).toBeUndefined();
      expect(serialized).not.toContain(accessToken);
      expect(serialized).not.toContain('customer-token-value');
      expect(Object.keys(error as object)).not.toContain('config');
      expect(JSON.parse(serialized)).toEqual({
        name: 'MoltinApiError',
        code: 'http_error',
        message: 'GET /v2/products failed with HTTP 404: Not Found',
        method: 'GET',
        path: '/v2/products',
        status: 404,
        errors: [{ status: 404, title: 'Not Found' }],
      });
    });

    it('report a cancelled request as cancelled', async () => {
      const { http } = await start();
      emulator.setLatency('products', 1000);
      const controller = new AbortController();

      const pending = failureOf(getProducts(http, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 20);
      const error = await pending;

      expect(error).toMatchObject({ name: 'MoltinApiError', code: 'cancelled', message: 'GET /v2/products was cancelled' });
    });
  });

  describe('app HttpService opt-in', () => {
    it('authorizes calls to the API through the app instance', async () => {
      const { app: context } = await start({}, [CatalogClient]);
      const client = context.get(CatalogClient);

      const response = await firstValueFrom(client.http.get(`${emulator.url}/v2/products`));

      expect(response.status).toBe(200);
      expect(emulator.accessTokenGrant(bearerTokenOf(emulator.requests('products')[0]) as string)).toBe('client_credentials');
    });

    it('ejects the interceptor on shutdown', async () => {
      const { app: context } = await start({}, [CatalogClient]);
      const axiosRef = context.get(CatalogClient).http.axiosRef;
      await axiosRef.get(`${emulator.url}/v2/products`);

      await context.close();
      app = undefined;
      const afterClose = await axiosRef.get(`${emulator.url}/v2/products`, { validateStatus: () => true });
      const [beforeRequest, afterRequest] = emulator.requests('products');

      expect(beforeRequest?.headers.authorization).toMatch(/^Bearer /);
      expect(afterClose.status).toBe(401);
      expect(afterRequest?.headers.authorization).toBeUndefined();
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('ejects the MoltinHttpService interceptor and blocks calls on shutdown', async () => {
      const { app: context, http } = await start();
      await getProducts(http);

      await context.close();
      app = undefined;
      const error = await http.axiosRef.get('/v2/products', { validateStatus: () => true }).catch((caught: unknown) => caught);

      expect(error).toMatchObject({ name: 'MoltinAuthError', code: 'shutting_down' });
      expect(emulator.requestCount('products')).toBe(1);
    });

    it('rejects attaching after shutdown', async () => {
      const { app: context } = await start({}, [CatalogClient]);
      const bearer = context.get(MoltinBearerInterceptor);
      const axiosRef = context.get(CatalogClient).http.axiosRef;

      await context.close();
      app = undefined;

      expect(() => bearer.attachTo(axiosRef)).toThrow(
        'MoltinBearerInterceptor.attachTo() was called after the module was destroyed; attach in onModuleInit() instead',
      );
    });

    it('attaches once when asked twice and detaches on demand', async () => {
      const { app: context } = await start({}, [CatalogClient]);
      const client = context.get(CatalogClient);
      const bearer = context.get(MoltinBearerInterceptor);

      const detach = bearer.attachTo(client.http.axiosRef);
      detach();
      detach();
      await client.http.axiosRef.get(`${emulator.url}/v2/products`, { validateStatus: () => true });

      expect(emulator.requests('products')[0]?.headers.authorization).toBeUndefined();
    });
  });
});
