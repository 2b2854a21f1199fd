import { INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CustomerAuthGuard, MoltinTokenService } from 'nestjs-moltin-auth';
import {
  FakeMoltinTokenService,
  MoltinAuthTestHarness,
  MoltinAuthTestingModule,
  MoltinEmulator,
  createFakeCustomerAuthGuard,
  createFakeTokenService,
} from 'nestjs-moltin-auth/testing';
import request from 'supertest';

import { AccountController } from '../src/account/account.controller';
import { AppModule } from '../src/app.module';
import { moltinConfig } from '../src/config/moltin.config';
import { HealthController } from '../src/health/health.controller';
import { ProductsController } from '../src/products/products.controller';
import { ProductsService } from '../src/products/products.service';

// The example app tested the ways the package README documents for users' own apps.
describe('example app with the testing kit', () => {
  describe('with fakes in place of the token service and the guard', () => {
    let app: INestApplication;
    let fakeTokens: FakeMoltinTokenService;
    let emulator: MoltinEmulator;

    beforeAll(async () => {
      emulator = await MoltinEmulator.start({ logger: false });
      fakeTokens = createFakeTokenService({ tokens: { client_credentials: 'fake-access-token', implicit: 'fake-implicit-token' } });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(moltinConfig.KEY)
        .useValue({ baseUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret })
        .overrideProvider(MoltinTokenService)
        .useValue(fakeTokens)
        .overrideGuard(CustomerAuthGuard)
        .useValue(createFakeCustomerAuthGuard({ id: 'customer-1', email: 'ron@example.com', name: 'Ron Swanson' }))
        .compile();
      app = moduleRef.createNestApplication();
      await app.init();
    });

    afterAll(async () => {
      await app.close();
      await emulator.stop();
    });

    it('serves the guarded route for the fake customer', async () => {
      const response = await request(app.getHttpServer()).get('/account/me').expect(200);

      expect(response.body.data).toMatchObject({ id: 'customer-1', email: 'ron@example.com', name: 'Ron Swanson' });
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('reports the fake token on the health route', async () => {
      const response = await request(app.getHttpServer()).get('/health').expect(200);

      expect(response.body).toMatchObject({ status: 'ok', accessToken: { held: true } });
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('sends the fake token to the API', async () => {
      await request(app.getHttpServer()).get('/products');

      const [productsRequest] = emulator.requests('products');
      expect(productsRequest?.headers.authorization).toBe('Bearer fake-implicit-token');
      expect(fakeTokens.calls.some((call) => call.grant === 'implicit')).toBe(true);
    });
  });

  describe('with the feature controllers on MoltinAuthTestingModule.forEmulator', () => {
    let app: INestApplication;
    let emulator: MoltinEmulator;

    @Module({ controllers: [ProductsController, AccountController, HealthController], providers: [ProductsService] })
    class StorefrontModule {}

    beforeAll(async () => {
      emulator = await MoltinEmulator.start({ logger: false });
      const moduleRef = await Test.createTestingModule({
        imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule],
      }).compile();
      app = moduleRef.createNestApplication();
      await app.init();
    });

    afterAll(async () => {
      await app.close();
      await emulator.stop();
    });

    it('fetches one token for many product requests', async () => {
      const harness = app.get(MoltinAuthTestHarness);
      harness.resetCounts();

      for (let i = 0; i < 5; i++) {
        await request(app.getHttpServer()).get('/products').expect(200);
      }

      expect(harness.tokenRequestCount()).toBe(1);
      expect(emulator.requestCount('products')).toBe(5);
    });

    it('validates a customer token once until the cache expires', async () => {
      const harness = app.get(MoltinAuthTestHarness);
      const customer = emulator.addCustomer({ name: 'Leslie Knope', email: 'leslie@example.com', password: 'waffles' });
      const { token } = emulator.issueCustomerToken(customer.id);

      await request(app.getHttpServer()).get('/account/me').set('X-Moltin-Customer-Token', token).expect(200);
      await request(app.getHttpServer()).get('/account/me').set('X-Moltin-Customer-Token', token).expect(200);
      const beforeExpiry = harness.customerValidationCount(customer.id);
      harness.clock.advance(301_000);
      await request(app.getHttpServer()).get('/account/me').set('X-Moltin-Customer-Token', token).expect(200);

      expect(beforeExpiry).toBe(1);
      expect(harness.customerValidationCount(customer.id)).toBe(2);
    });
  });
});
