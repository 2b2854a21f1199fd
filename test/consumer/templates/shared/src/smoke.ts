import 'reflect-metadata';

import assert from 'node:assert/strict';

import { NestFactory } from '@nestjs/core';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

import { AppModule } from './app.module.js';

/**
 * Boots the app against a MoltinEmulator, calls its outbound and guarded routes over HTTP, and
 * exits non-zero when any response is wrong.
 */
async function main(): Promise<void> {
  const emulator = await MoltinEmulator.start({ logger: console });
  const app = await NestFactory.create(
    AppModule.forRoot({ baseUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
    { logger: ['error', 'warn'] },
  );

  try {
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const customer = emulator.addCustomer({ name: 'Smoke Test', email: 'smoke@example.com', password: 'smoke-password' });
    const { token } = emulator.issueCustomerToken(customer.id);

    const products = await fetch(`${url}/products`);
    assert.equal(products.status, 200, 'GET /products');
    assert.ok(((await products.json()) as { count: number }).count > 0, 'GET /products lists products');

    const anonymous = await fetch(`${url}/me`);
    assert.equal(anonymous.status, 401, 'GET /me without a customer token');

    const me = await fetch(`${url}/me`, { headers: { 'X-Moltin-Customer-Token': token } });
    assert.equal(me.status, 200, 'GET /me with a customer token');
    assert.deepEqual(await me.json(), { id: customer.id, email: 'smoke@example.com' });

    const mine = await fetch(`${url}/me/products`, { headers: { 'X-Moltin-Customer-Token': token } });
    assert.equal(mine.status, 200, 'GET /me/products with a customer token');
    assert.equal(emulator.requests('products').at(-1)?.headers['x-moltin-customer-token'], token, 'customer token forwarded');

    console.log(`smoke: ok (${emulator.requestCount('token')} token requests, ${emulator.requestCount('getCustomer')} customer validations)`);
  } finally {
    await app.close();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error('smoke: failed:', error);
  process.exitCode = 1;
});
