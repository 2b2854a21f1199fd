import { Agent } from 'node:http';

import { EmulatorCustomer, MoltinEmulator, signCustomerToken } from 'nestjs-moltin-auth/testing';
import { fingerprint } from '../libs/moltin-auth/src/utils/fingerprint.util';
import { CustomerAuthApp, CustomerAuthAppOptions, HTTP_PLATFORMS, send, startCustomerAuthApp } from './fixtures/customer-auth-app';
import { CapturingLogger } from './support/log-capture';
import { sleep } from './support/wait';

const TOKEN_HEADER = 'x-moltin-customer-token';

describe.each(HTTP_PLATFORMS)('CustomerAuthGuard on %s', (platform) => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let context: CustomerAuthApp | undefined;

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
    await context?.close();
    context = undefined;
  });

  async function start(options: CustomerAuthAppOptions = {}): Promise<CustomerAuthApp> {
    context = await startCustomerAuthApp(platform, emulator, options);

    return context;
  }

  function issue(lifetimeSeconds?: number): string {
    return emulator.issueCustomerToken(customer.id, { lifetimeSeconds }).token;
  }

  describe('valid token', () => {
    it('returns 200 with the customer', async () => {
      const { url } = await start();
      const issued = emulator.issueCustomerToken(customer.id);

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: issued.token } });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: customer.id,
        email: 'ron@example.com',
        name: 'Ron Swanson',
        tokenExpiresAt: new Date(issued.expires * 1000).toISOString(),
      });
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('validates with an implicit token', async () => {
      const { url } = await start();

      await send(url, '/account', { headers: { [TOKEN_HEADER]: issue() } });
      const [request] = emulator.requests('getCustomer');

      expect(emulator.accessTokenGrant(request?.headers.authorization?.replace(/^Bearer /, '') ?? '')).toBe('implicit');
    });

    it('reads the header in any letter case', async () => {
      const { url } = await start();

      const response = await send(url, '/account', { headers: { 'X-MOLTIN-CUSTOMER-TOKEN': issue() } });

      expect(response.status).toBe(200);
    });

    it('serves the second request from the cache', async () => {
      const { url } = await start();
      const token = issue();

      await send(url, '/account', { headers: { [TOKEN_HEADER]: token } });
      const second = await send(url, '/account', { headers: { [TOKEN_HEADER]: token } });

      expect(second.status).toBe(200);
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('accepts Authorization: Bearer when allowed', async () => {
      const { url } = await start({ customerAuth: { allowAuthorizationHeader: true } });

      const response = await send(url, '/account', { headers: { authorization: `Bearer ${issue()}` } });

      expect(response.status).toBe(200);
      expect(response.body.id).toBe(customer.id);
    });

    it('ignores Authorization: Bearer by default', async () => {
      const { url } = await start();

      const response = await send(url, '/account', { headers: { authorization: `Bearer ${issue()}` } });

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('missing customer token');
    });

    it('reads a configured header name', async () => {
      const { url } = await start({ customerAuth: { headerName: 'X-Shopper-Token' } });

      const response = await send(url, '/account', { headers: { 'x-shopper-token': issue() } });

      expect(response.status).toBe(200);
    });
  });

  describe('@CurrentCustomer()', () => {
    it('returns fields and the token', async () => {
      const { url } = await start();
      const token = issue();

      const response = await send(url, '/account/fields', { headers: { [TOKEN_HEADER]: token } });

      expect(response.body).toEqual({
        id: customer.id,
        email: 'ron@example.com',
        tokenFingerprint: fingerprint(token),
        tokenDecoratorsAgree: true,
      });
    });

    it('leaves the token out of the customer', async () => {
      const { url } = await start();
      const token = issue();

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: token } });

      expect(Object.keys(response.body).sort()).toEqual(['email', 'id', 'name', 'tokenExpiresAt']);
      expect(JSON.stringify(response.body)).not.toContain(token);
    });
  });

  describe('request context', () => {
    it('carries the token with @RequireCustomer()', async () => {
      const { url } = await start();
      const token = issue();

      const response = await send(url, '/account/context', { headers: { [TOKEN_HEADER]: token } });

      expect(response.body).toEqual({ customerId: customer.id, tokenFingerprint: fingerprint(token) });
    });

    it('is empty with the guard alone', async () => {
      const { url } = await start();

      const response = await send(url, '/guard-only/context', { headers: { [TOKEN_HEADER]: issue() } });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({});
    });

    it('keeps concurrent requests apart', async () => {
      const { url } = await start();
      const other = emulator.addCustomer({ name: 'Leslie Knope', email: `leslie-${platform}@example.com`, password: 'waffles' });
      const tokens = [issue(), emulator.issueCustomerToken(other.id).token];

      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send(url, '/account/context', { headers: { [TOKEN_HEADER]: tokens[i % 2] as string } })),
      );

      responses.forEach((response, i) => {
        expect(response.body.tokenFingerprint).toBe(fingerprint(tokens[i % 2] as string));
      });
    });
  });

  describe('rejected before any API call', () => {
    it.each<[string, Record<string, string>, string]>([
      ['missing', {}, 'missing customer token'],
      ['empty', { [TOKEN_HEADER]: '' }, 'missing customer token'],
      ['malformed', { [TOKEN_HEADER]: 'not-a-token' }, 'invalid customer token'],
    ])('rejects a %s token locally', async (_case, headers, message) => {
      const { url } = await start();

      const response = await send(url, '/account', { headers });

      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message });
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('rejects an expired token locally', async () => {
      const { url } = await start();

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: issue(-10) } });

      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'customer token expired' });
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('rejects an oversized token locally', async () => {
      const { url } = await start({ customerAuth: { maxTokenLength: 128 } });

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: issue() } });

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('invalid customer token');
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });
  });

  describe('rejected by the API', () => {
    it('rejects a forged token', async () => {
      const { url } = await start();
      const claims = JSON.parse(Buffer.from(issue().split('.')[1] as string, 'base64').toString('utf8'));
      const forged = signCustomerToken(claims, 'guessed-secret');

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: forged } });

      expect(claims.sub).toBe(customer.id);
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('invalid customer token');
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('rejects a revoked token after caching', async () => {
      const { url } = await start({ customerAuth: { cacheTtlSeconds: 1 } });
      const token = issue();
      const headers = { [TOKEN_HEADER]: token };

      expect((await send(url, '/account', { headers })).status).toBe(200);
      emulator.revokeCustomerToken(token);
      expect((await send(url, '/account', { headers })).status).toBe(200);

      await sleep(1_100);
      const afterExpiry = await send(url, '/account', { headers });

      expect(afterExpiry.status).toBe(401);
      expect(afterExpiry.body.message).toBe('invalid customer token');
      expect(emulator.requestCount('getCustomer')).toBe(2);
    });

    it('rejects a deleted customer', async () => {
      const { url } = await start();
      emulator.failNext('getCustomer', 1, 404);

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: issue() } });

      expect(response.status).toBe(401);
    });
  });

  describe('single-flight', () => {
    it('shares one validation among 1,000 requests', async () => {
      const { url } = await start();
      const token = issue();
      const agent = new Agent({ keepAlive: true, maxSockets: 200 });
      emulator.setLatency('getCustomer', 300);

      try {
        const responses = await Promise.all(Array.from({ length: 1_000 }, () => send(url, '/account', { headers: { [TOKEN_HEADER]: token }, agent })));
        const statuses = responses.map((response) => response.status);

        expect(statuses.filter((status) => status === 200)).toHaveLength(1_000);
        expect(emulator.requestCount('getCustomer')).toBe(1);
        expect(emulator.requestCount('token')).toBe(1);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('cache bound', () => {
    it('stays within cacheMaxEntries', async () => {
      const { url, validator } = await start({ customerAuth: { cacheMaxEntries: 3 } });
      const tokens = Array.from({ length: 8 }, (_, i) => issue(3_600 + i));
      const sizes: number[] = [];

      for (const token of tokens) {
        expect((await send(url, '/account', { headers: { [TOKEN_HEADER]: token } })).status).toBe(200);
        sizes.push(validator.cacheSize);
      }

      expect(sizes).toEqual([1, 2, 3, 3, 3, 3, 3, 3]);
      expect(emulator.requestCount('getCustomer')).toBe(8);

      await send(url, '/account', { headers: { [TOKEN_HEADER]: tokens[7] as string } });
      expect(emulator.requestCount('getCustomer')).toBe(8);

      await send(url, '/account', { headers: { [TOKEN_HEADER]: tokens[0] as string } });
      expect(emulator.requestCount('getCustomer')).toBe(9);
    });
  });

  describe('API unavailable', () => {
    it.each([503, 500, 429])('returns 503 for API status %i', async (status) => {
      const { url } = await start();
      emulator.failNext('getCustomer', 1, status);

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: issue() } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'customer token cannot be validated while the commerce API is unavailable. Retry later.',
      });
    });

    it('returns 503 on API time-out', async () => {
      const { url } = await start({ requestTimeoutMs: 200 });
      emulator.setLatency('getCustomer', 1_000);

      const response = await send(url, '/account', { headers: { [TOKEN_HEADER]: issue() } });

      expect(response.status).toBe(503);
    });

    it('serves cached tokens while API is down', async () => {
      const ownEmulator = await MoltinEmulator.start({ logger: false });
      const ownCustomer = ownEmulator.addCustomer({ name: 'April', email: 'april@example.com', password: 'x' });
      const cached = ownEmulator.issueCustomerToken(ownCustomer.id).token;
      const unseen = ownEmulator.issueCustomerToken(ownCustomer.id, { lifetimeSeconds: 3_000 }).token;
      context = await startCustomerAuthApp(platform, ownEmulator);
      const { url } = context;

      try {
        expect((await send(url, '/account', { headers: { [TOKEN_HEADER]: cached } })).status).toBe(200);
        await ownEmulator.stop();

        const cachedAfter = await send(url, '/account', { headers: { [TOKEN_HEADER]: cached } });
        const unseenAfter = await send(url, '/account', { headers: { [TOKEN_HEADER]: unseen } });

        expect(cachedAfter.status).toBe(200);
        expect(cachedAfter.body.id).toBe(ownCustomer.id);
        expect(unseenAfter.status).toBe(503);
      } finally {
        await ownEmulator.stop();
      }
    });
  });

  describe('login then guarded route', () => {
    it('logs in and uses the returned token', async () => {
      const { url } = await start();

      const login = await send(url, '/auth/login', { method: 'POST', body: { email: 'ron@example.com', password: 'bacon-and-eggs' } });
      const me = await send(url, '/account', { headers: { [TOKEN_HEADER]: login.body.token } });

      expect(login.status).toBe(200);
      expect(login.body.customerId).toBe(customer.id);
      expect(me.status).toBe(200);
      expect(me.body.email).toBe('ron@example.com');
    });

    it('rejects a wrong password with 401', async () => {
      const { url } = await start();

      const login = await send(url, '/auth/login', { method: 'POST', body: { email: 'ron@example.com', password: 'wrong' } });

      expect(login.status).toBe(401);
      expect(login.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'customer login failed: Invalid credentials: The email or password is incorrect.',
      });
    });

    it('returns 503 when the API is down', async () => {
      const { url } = await start();
      emulator.failNext('customerToken', 1, 503);

      const login = await send(url, '/auth/login', { method: 'POST', body: { email: 'ron@example.com', password: 'bacon-and-eggs' } });

      expect(login.status).toBe(503);
    });
  });

  describe('logging', () => {
    it('keeps tokens out of the log', async () => {
      const logs = new CapturingLogger();
      const { url } = await start({ logger: logs });
      const token = issue();
      const forged = signCustomerToken(JSON.parse(Buffer.from(issue().split('.')[1] as string, 'base64').toString('utf8')), 'guessed');

      await send(url, '/account', { headers: { [TOKEN_HEADER]: token } });
      await send(url, '/account', { headers: { [TOKEN_HEADER]: forged } });
      emulator.failNext('getCustomer', 1, 503);
      await send(url, '/account', { headers: { [TOKEN_HEADER]: issue(5_000) } });
      await send(url, '/auth/login', { method: 'POST', body: { email: 'ron@example.com', password: 'wrong-secret-password' } });

      const accessTokens = emulator.requests('getCustomer').map((request) => request.headers.authorization?.replace(/^Bearer /, '') ?? '');
      const text = logs.lines.join('\n');

      expect(logs.lines.length).toBeGreaterThan(0);
      expect(text).not.toContain(token);
      expect(text).not.toContain(forged);
      expect(text).not.toContain('wrong-secret-password');
      for (const accessToken of accessTokens) {
        expect(text).not.toContain(accessToken);
      }
    });
  });
});
