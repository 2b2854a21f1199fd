import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';

import { CustomerAuthGuard } from '../customer/customer-auth.guard.js';
import { CurrentCustomer, CustomerToken, Public, RequireCustomer } from '../customer/customer-auth.decorators.js';
import { MoltinCustomer } from '../customer/moltin-customer.interface.js';
import { MoltinHttpService } from '../http/moltin-http.service.js';
import { MoltinEmulator } from './emulator/index.js';
import { FakeMoltinTokenService } from './fake-token-service.js';
import { DEFAULT_FAKE_CUSTOMER_TOKEN, FakeCustomerAuthGuard, createFakeCustomerAuthGuard } from './fake-customer-auth-guard.js';
import { MoltinAuthTestHarness } from './moltin-auth-test-harness.js';
import { MoltinAuthTestingModule } from './moltin-auth-testing.module.js';

/** Routes of a small storefront API, as an app using the library would write them. */
@Controller()
class StorefrontController {
  constructor(private readonly moltinHttp: MoltinHttpService) {}

  @Get('me')
  @RequireCustomer()
  me(@CurrentCustomer() customer: MoltinCustomer, @CustomerToken() token: string) {
    return { customer, tokenLength: token.length, isDefaultFakeToken: token === DEFAULT_FAKE_CUSTOMER_TOKEN };
  }

  @Get('me/products')
  @RequireCustomer()
  async myProducts() {
    const { data } = await firstValueFrom(this.moltinHttp.get<{ data: unknown[] }>('/v2/products'));

    return { count: data.data.length };
  }

  @Get('products')
  async products() {
    const { data } = await firstValueFrom(this.moltinHttp.get<{ data: unknown[] }>('/v2/products'));

    return { count: data.data.length };
  }

  @Get('health')
  @Public()
  @RequireCustomer()
  health() {
    return { ok: true };
  }
}

@Module({ controllers: [StorefrontController] })
class StorefrontModule {}

const CUSTOMER = { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Ron Swanson', email: 'ron@example.com', password: 'bacon-and-eggs' };

describe('testing kit over HTTP', () => {
  let app: INestApplication | undefined;
  let emulator: MoltinEmulator;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    emulator.addCustomer(CUSTOMER);
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

  async function start(builder: TestingModuleBuilder): Promise<INestApplication> {
    const moduleRef = await builder.compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();

    return app;
  }

  describe('forEmulator with the real guard', () => {
    it('validates a customer token once', async () => {
      const server = await start(Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }));
      const harness = server.get(MoltinAuthTestHarness);
      const { token } = emulator.issueCustomerToken(CUSTOMER.id);

      const first = await request(server.getHttpServer()).get('/me').set('X-Moltin-Customer-Token', token);
      const second = await request(server.getHttpServer()).get('/me').set('X-Moltin-Customer-Token', token);

      expect(first.status).toBe(200);
      expect(first.body.customer.id).toBe(CUSTOMER.id);
      expect(second.status).toBe(200);
      expect(harness.customerValidationCount()).toBe(1);
      expect(harness.customerValidationCount(CUSTOMER.id)).toBe(1);
      expect(harness.customerValidationCount('someone-else')).toBe(0);
      expect(harness.tokenRequestCount('implicit')).toBe(1);
    });

    it('validates again after the cache TTL', async () => {
      const server = await start(Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }));
      const harness = server.get(MoltinAuthTestHarness);
      const { token } = emulator.issueCustomerToken(CUSTOMER.id);

      await request(server.getHttpServer()).get('/me').set('X-Moltin-Customer-Token', token).expect(200);
      harness.clock.advance(301_000);
      await request(server.getHttpServer()).get('/me').set('X-Moltin-Customer-Token', token).expect(200);

      expect(harness.customerValidationCount()).toBe(2);
    });

    it('rejects a request without a customer token', async () => {
      const server = await start(Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }));

      const response = await request(server.getHttpServer()).get('/me');

      expect(response.status).toBe(401);
      expect(server.get(MoltinAuthTestHarness).customerValidationCount()).toBe(0);
    });

    it('serves an outbound call through MoltinHttpService', async () => {
      const server = await start(Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }));

      const response = await request(server.getHttpServer()).get('/products');

      expect(response.status).toBe(200);
      expect(response.body.count).toBeGreaterThan(0);
      expect(server.get(MoltinAuthTestHarness).tokenRequestCount()).toBe(1);
    });
  });

  describe('createFakeCustomerAuthGuard', () => {
    it('authenticates the customer without an API call', async () => {
      const guard = createFakeCustomerAuthGuard({ id: 'customer-1', email: 'a@example.com' });
      const server = await start(
        Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }).overrideGuard(CustomerAuthGuard).useValue(guard),
      );

      const response = await request(server.getHttpServer()).get('/me');

      expect(response.status).toBe(200);
      expect(response.body.customer).toMatchObject({ id: 'customer-1', email: 'a@example.com', name: '' });
      expect(response.body.isDefaultFakeToken).toBe(true);
      expect(guard.authenticatedCount).toBe(1);
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('rejects all with a null customer', async () => {
      const server = await start(
        Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens(), StorefrontModule] })
          .overrideGuard(CustomerAuthGuard)
          .useValue(createFakeCustomerAuthGuard(null)),
      );

      const response = await request(server.getHttpServer()).get('/me');

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('missing customer token');
    });

    it('lets public routes through', async () => {
      const server = await start(
        Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens(), StorefrontModule] })
          .overrideGuard(CustomerAuthGuard)
          .useValue(createFakeCustomerAuthGuard(null)),
      );

      const response = await request(server.getHttpServer()).get('/health');

      expect(response.status).toBe(200);
    });

    it('requires the header when asked to', async () => {
      const guard = createFakeCustomerAuthGuard({ id: 'customer-2' }, { requireToken: true });
      const server = await start(
        Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens(), StorefrontModule] }).overrideGuard(CustomerAuthGuard).useValue(guard),
      );

      const without = await request(server.getHttpServer()).get('/me');
      const withToken = await request(server.getHttpServer()).get('/me').set('X-Moltin-Customer-Token', 'any-token-value');

      expect(without.status).toBe(401);
      expect(withToken.status).toBe(200);
      expect(withToken.body.tokenLength).toBe('any-token-value'.length);
      expect(guard.authenticatedCount).toBe(1);
    });

    it('sends its token on outbound calls', async () => {
      const implicitToken = emulator.issueAccessToken('implicit').access_token;
      const server = await start(
        Test.createTestingModule({
          imports: [MoltinAuthTestingModule.withFakeTokens({ baseUrl: emulator.url, tokens: { implicit: implicitToken } }), StorefrontModule],
        })
          .overrideGuard(CustomerAuthGuard)
          .useValue(createFakeCustomerAuthGuard({ id: CUSTOMER.id }, { token: 'customer-token-for-test' })),
      );

      const response = await request(server.getHttpServer()).get('/me/products');
      const [sent] = emulator.requests('products');

      expect(response.status).toBe(200);
      expect(sent?.headers['x-moltin-customer-token']).toBe('customer-token-for-test');
      expect(sent?.headers.authorization).toBe(`Bearer ${implicitToken}`);
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('rejects a customer without an id', () => {
      expect(() => createFakeCustomerAuthGuard({ id: '' })).toThrow(/customer.id must be a non-empty string/);
    });

    it('is a FakeCustomerAuthGuard', () => {
      expect(createFakeCustomerAuthGuard({ id: 'x' })).toBeInstanceOf(FakeCustomerAuthGuard);
    });
  });

  describe('withFakeTokens', () => {
    it('sends the fake token on outbound calls', async () => {
      const accessToken = emulator.issueAccessToken('client_credentials').access_token;
      const server = await start(
        Test.createTestingModule({
          imports: [MoltinAuthTestingModule.withFakeTokens({ baseUrl: emulator.url, tokens: { client_credentials: accessToken } }), StorefrontModule],
        }),
      );

      const response = await request(server.getHttpServer()).get('/products');
      const [sent] = emulator.requests('products');

      expect(response.status).toBe(200);
      expect(sent?.headers.authorization).toBe(`Bearer ${accessToken}`);
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('fails outbound calls at the default base URL', async () => {
      const server = await start(Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens(), StorefrontModule] }));

      const response = await request(server.getHttpServer()).get('/products');

      expect(response.status).toBe(500);
      expect(server.get(FakeMoltinTokenService).callCount('getAccessToken', 'client_credentials')).toBeGreaterThan(0);
    });
  });
});
