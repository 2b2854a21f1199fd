import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { INestApplication } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { CustomerAuthGuard, MoltinTokenService } from 'nestjs-moltin-auth';
import {
  FakeMoltinTokenService,
  MoltinAuthTestHarness,
  MoltinAuthTestingModule,
  MoltinEmulator,
  createFakeCustomerAuthGuard,
  createFakeTokenService,
} from 'nestjs-moltin-auth/testing';

import { AppModule, StorefrontModule } from '../src/app.module.js';

describe('storefront app', () => {
  let emulator: MoltinEmulator;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: console });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    emulator.reset();
  });

  async function listen(builder: TestingModuleBuilder): Promise<string> {
    app = (await builder.compile()).createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');

    return app.getUrl();
  }

  it('lists products with one token request', async () => {
    const url = await listen(Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }));

    const first = await fetch(`${url}/products`);
    const second = await fetch(`${url}/products`);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(app?.get(MoltinAuthTestHarness).tokenRequestCount()).toBe(1);
  });

  it('validates a customer token once per cache TTL', async () => {
    const url = await listen(Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator), StorefrontModule] }));
    const harness = app!.get(MoltinAuthTestHarness);
    const customer = emulator.addCustomer({ name: 'Jest', email: 'jest@example.com', password: 'jest-password' });
    const { token } = emulator.issueCustomerToken(customer.id);
    const headers = { 'X-Moltin-Customer-Token': token };

    const first = await fetch(`${url}/me`, { headers });
    const cached = await fetch(`${url}/me`, { headers });
    harness.clock.advance(301_000);
    const revalidated = await fetch(`${url}/me`, { headers });

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id: customer.id, email: 'jest@example.com' });
    expect(cached.status).toBe(200);
    expect(revalidated.status).toBe(200);
    expect(harness.customerValidationCount(customer.id)).toBe(2);
  });

  it('accepts a fake customer without the API', async () => {
    const guard = createFakeCustomerAuthGuard({ id: 'customer-42', email: 'fake@example.com' });
    const url = await listen(
      Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens(), StorefrontModule] }).overrideGuard(CustomerAuthGuard).useValue(guard),
    );

    const response = await fetch(`${url}/me`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'customer-42', email: 'fake@example.com' });
    expect(guard.authenticatedCount).toBe(1);
  });

  it('hands out fake tokens to the outbound client', async () => {
    const accessToken = emulator.issueAccessToken('client_credentials').access_token;
    const url = await listen(
      Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens({ baseUrl: emulator.url, tokens: { client_credentials: accessToken } }), StorefrontModule] }),
    );

    const response = await fetch(`${url}/products`);

    expect(response.status).toBe(200);
    expect(emulator.requestCount('token')).toBe(0);
    expect(app?.get(FakeMoltinTokenService).callCount('getAccessToken')).toBeGreaterThan(0);
  });

  it('overrides the token service of the real app module', async () => {
    const fake = createFakeTokenService({ tokens: { client_credentials: emulator.issueAccessToken('client_credentials').access_token } });
    const url = await listen(
      Test.createTestingModule({ imports: [AppModule.forRoot({ baseUrl: emulator.url, clientId: 'app-client-id', clientSecret: 'app-client-secret' })] })
        .overrideProvider(MoltinTokenService)
        .useValue(fake),
    );

    const response = await fetch(`${url}/products`);

    expect(response.status).toBe(200);
    expect(emulator.requestCount('token')).toBe(0);
    expect(fake.calls.length).toBeGreaterThan(0);
  });
});
