// Compares MoltinTokenService with the request-per-caller pattern of the official JS SDK, side by
// side in one process against the emulator on 127.0.0.1. Prints ratios; asserts nothing.
//
// Run: npm run bench (builds the library first).
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import axios from 'axios';
import { MoltinAuthModule, MoltinTokenService } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

const CALLERS = Number(process.env.BENCH_CALLERS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CACHED_CALLS = Number(process.env.BENCH_CACHED_CALLS ?? 20_000);

Logger.overrideLogger(false);

const emulator = await MoltinEmulator.start({ logger: false });
emulator.setLatency('token', 20);

async function createService() {
  const app = await NestFactory.createApplicationContext(
    MoltinAuthModule.forRoot({ baseUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
    { logger: false },
  );

  return { app, tokens: app.get(MoltinTokenService) };
}

// Requests a token as the official JS SDK does on a cold or expired token, once per caller.
async function naiveToken() {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret });
  const response = await axios.post(`${emulator.url}/oauth/access_token`, body.toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });

  return response.data.access_token;
}

async function measure(label, run) {
  emulator.resetCounters();
  const started = performance.now();
  await run();
  const elapsedMs = performance.now() - started;

  return { label, elapsedMs, tokenRequests: emulator.requestCount('token') };
}

const cold = [];

for (let round = 0; round < ROUNDS; round++) {
  const { app, tokens } = await createService();
  cold.push(await measure('single-flight', () => Promise.all(Array.from({ length: CALLERS }, () => tokens.getAccessToken()))));
  await app.close();
  cold.push(await measure('request per caller', () => Promise.all(Array.from({ length: CALLERS }, naiveToken))));
}

const { app, tokens } = await createService();
await tokens.getAccessToken();
const cachedStart = performance.now();
for (let i = 0; i < CACHED_CALLS; i++) await tokens.getAccessToken();
const cachedMs = performance.now() - cachedStart;
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < CACHED_CALLS; i++) await tokens.getAccessToken();
globalThis.gc?.();
const heapDeltaKiB = (process.memoryUsage().heapUsed - heapBefore) / 1024;
await app.close();

emulator.resetCounters();
const naiveStart = performance.now();
for (let i = 0; i < 200; i++) await naiveToken();
const naivePerCallMs = (performance.now() - naiveStart) / 200;
await emulator.stop();

const sum = (label, key) => cold.filter((entry) => entry.label === label).reduce((total, entry) => total + entry[key], 0);
const singleMs = sum('single-flight', 'elapsedMs') / ROUNDS;
const naiveMs = sum('request per caller', 'elapsedMs') / ROUNDS;
const cachedPerCallMs = cachedMs / CACHED_CALLS;

console.log(`Node ${process.version}, ${CALLERS} concurrent callers on a cold cache, ${ROUNDS} rounds, 20 ms token latency`);
console.log(`  single-flight:      ${(sum('single-flight', 'tokenRequests') / ROUNDS).toFixed(1)} token requests, ${singleMs.toFixed(1)} ms`);
console.log(`  request per caller: ${(sum('request per caller', 'tokenRequests') / ROUNDS).toFixed(1)} token requests, ${naiveMs.toFixed(1)} ms`);
console.log(`  time ratio (request per caller / single-flight): ${(naiveMs / singleMs).toFixed(2)}`);
console.log(`Cached getAccessToken: ${(cachedPerCallMs * 1000).toFixed(2)} µs per call; one token request per call: ${(naivePerCallMs * 1000).toFixed(0)} µs`);
console.log(`  ratio (token request / cached call): ${(naivePerCallMs / cachedPerCallMs).toFixed(0)}`);
console.log(`Heap retained after ${CACHED_CALLS} more cached calls (after GC): ${heapDeltaKiB.toFixed(0)} KiB`);
