// Measures the customer token cache and the Bearer interceptor against baselines, side by side in
// one process against the emulator on 127.0.0.1. Prints ratios; asserts nothing.
//
// Run: npm run bench (builds the library first).
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import axios from 'axios';
import { firstValueFrom } from 'rxjs';
import { CustomerTokenValidator, MoltinAuthModule, MoltinHttpService, MoltinTokenService } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

const VALIDATIONS = Number(process.env.BENCH_VALIDATIONS ?? 2_000);
const HTTP_CALLS = Number(process.env.BENCH_HTTP_CALLS ?? 2_000);
const CACHE_ENTRIES = Number(process.env.BENCH_CACHE_ENTRIES ?? 10_000);

Logger.overrideLogger(false);

const emulator = await MoltinEmulator.start({ logger: false });
const customer = emulator.addCustomer({ name: 'Bench Shopper', email: 'bench@example.com', password: 'bench-password' });
const { token } = emulator.issueCustomerToken(customer.id);

async function createApp(customerAuth = {}) {
  return NestFactory.createApplicationContext(
    MoltinAuthModule.forRoot({ baseUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret, customerAuth }),
    { logger: false },
  );
}

async function timeValidations(app) {
  const validator = app.get(CustomerTokenValidator);
  await validator.validate(token);
  emulator.resetCounters();
  const started = performance.now();

  for (let i = 0; i < VALIDATIONS; i++) {
    const result = await validator.validate(token);
    if (result.outcome !== 'valid') throw new Error(`unexpected validation result ${result.outcome}`);
  }

  return { ms: performance.now() - started, upstream: emulator.requestCount('getCustomer') };
}

// 1. Customer token validation: with the cache, and with the cache turned off.
const cachedApp = await createApp({ maxValidationsPerSecond: 0 });
const cached = await timeValidations(cachedApp);
const uncachedApp = await createApp({ cacheTtlSeconds: 0, negativeCacheTtlSeconds: 0, maxValidationsPerSecond: 0 });
const uncached = await timeValidations(uncachedApp);
await uncachedApp.close();

// 2. Memory of a full cache: distinct valid tokens, one entry each.
const validator = cachedApp.get(CustomerTokenValidator);
validator.clearCache();
const tokens = Array.from({ length: CACHE_ENTRIES }, () => emulator.issueCustomerToken(customer.id).token);
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < tokens.length; i += 200) {
  await Promise.all(tokens.slice(i, i + 200).map((value) => validator.validate(value)));
}
globalThis.gc?.();
const bytesPerEntry = (process.memoryUsage().heapUsed - heapBefore) / validator.cacheSize;
const cacheSize = validator.cacheSize;
await cachedApp.close();

// 3. Outbound calls: MoltinHttpService against plain axios with the header set by hand.
const httpApp = await createApp();
const http = httpApp.get(MoltinHttpService);
const accessToken = await httpApp.get(MoltinTokenService).getAccessToken();
const plain = axios.create({ baseURL: emulator.url });

async function timeCalls(call) {
  await call();
  const started = performance.now();
  for (let i = 0; i < HTTP_CALLS; i++) await call();

  return performance.now() - started;
}

const plainMs = await timeCalls(() => plain.get('/v2/products', { headers: { Authorization: `Bearer ${accessToken}` } }));
const interceptedMs = await timeCalls(() => firstValueFrom(http.get('/v2/products')));
await httpApp.close();
await emulator.stop();

console.log(`Node ${process.version}`);
console.log(`Customer token validation, ${VALIDATIONS} sequential requests with one token:`);
console.log(`  cached:   ${cached.upstream} upstream calls, ${((cached.ms * 1000) / VALIDATIONS).toFixed(1)} µs per request`);
console.log(`  uncached: ${uncached.upstream} upstream calls, ${((uncached.ms * 1000) / VALIDATIONS).toFixed(1)} µs per request`);
console.log(`  time ratio (uncached / cached): ${(uncached.ms / cached.ms).toFixed(0)}`);
console.log(`Validation cache: ${cacheSize} entries, about ${bytesPerEntry.toFixed(0)} bytes of heap per entry`);
console.log(`Outbound GET /v2/products, ${HTTP_CALLS} sequential calls:`);
console.log(`  plain axios with a fixed header: ${((plainMs * 1000) / HTTP_CALLS).toFixed(0)} µs per call`);
console.log(`  MoltinHttpService:               ${((interceptedMs * 1000) / HTTP_CALLS).toFixed(0)} µs per call`);
console.log(`  time ratio (MoltinHttpService / plain axios): ${(interceptedMs / plainMs).toFixed(2)}`);
