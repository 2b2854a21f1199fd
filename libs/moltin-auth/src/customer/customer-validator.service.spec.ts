import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { MoltinCustomerAuthOptions } from '../interfaces/moltin-customer-auth-options.interface.js';
import { MoltinAuthModule } from '../moltin-auth.module.js';
import { MoltinClock } from '../moltin-clock.js';
import { EmulatorCustomer, MoltinEmulator, signCustomerToken } from '../testing/emulator/index.js';
import { FORCED_REFRESH_INTERVAL_MS } from './customer-api.client.js';
import { CustomerTokenValidator } from './customer-validator.service.js';

class TestClock extends MoltinClock {
  constructor(private currentMs = Date.now()) {
    super();
  }

  now(): number {
    return this.currentMs;
  }

  advance(ms: number): void {
    this.currentMs += ms;
  }
}

const ACCESS_TOKEN_REJECTED = { errors: [{ status: '401', title: 'Unable to validate access token' }] };

describe('CustomerTokenValidator', () => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let app: INestApplicationContext | undefined;
  let clock: TestClock;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    customer = emulator.addCustomer({ name: 'Ron Swanson', email: 'ron@example.com', password: 'bacon' });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
    clock = new TestClock();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function createValidator(customerAuth: MoltinCustomerAuthOptions = {}, requestTimeoutMs?: number): Promise<CustomerTokenValidator> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MoltinAuthModule.forRoot({
          baseUrl: emulator.url,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
          requestTimeoutMs,
          retry: { attempts: 1 },
          customerAuth,
        }),
      ],
    })
      .overrideProvider(MoltinClock)
      .useValue(clock)
      .compile();
    app = await moduleRef.init();

    return app.get(CustomerTokenValidator);
  }

  function forgedToken(customerId = customer.id): string {
    const { exp, iat, jti } = JSON.parse(Buffer.from(emulator.issueCustomerToken(customerId).token.split('.')[1] as string, 'base64').toString('utf8'));

    return signCustomerToken({ sub: customerId, name: customer.name, exp, iat, jti }, 'not-the-emulator-secret');
  }

  describe('valid tokens', () => {
    it('returns the customer from the API', async () => {
      const validator = await createValidator();
      const issued = emulator.issueCustomerToken(customer.id);

      const result = await validator.validate(issued.token);

      expect(result).toEqual({
        outcome: 'valid',
        customer: { id: customer.id, email: 'ron@example.com', name: 'Ron Swanson', tokenExpiresAt: new Date(issued.expires * 1000) },
      });
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('uses an implicit token', async () => {
      const validator = await createValidator();
      const issued = emulator.issueCustomerToken(customer.id);

      await validator.validate(issued.token);
      const [request] = emulator.requests('getCustomer');
      const bearer = request?.headers.authorization?.replace(/^Bearer /, '') ?? '';

      expect(emulator.accessTokenGrant(bearer)).toBe('implicit');
      expect(request?.headers['x-moltin-customer-token']).toBe(issued.token);
      expect(request?.path).toBe(`/v2/customers/${customer.id}`);
    });

    it('URL-encodes the sub claim', async () => {
      const validator = await createValidator();
      const exp = Math.floor(Date.now() / 1000) + 600;

      await validator.validate(signCustomerToken({ sub: 'odd id/with?chars', name: 'Odd', exp, iat: exp - 600, jti: 'j' }, 'any-secret'));
      const [request] = emulator.requests('getCustomer');

      expect(request?.path).toBe('/v2/customers/odd%20id%2Fwith%3Fchars');
    });

    it('serves a repeated token from the cache', async () => {
      const validator = await createValidator();
      const { token } = emulator.issueCustomerToken(customer.id);

      await validator.validate(token);
      const second = await validator.validate(token);

      expect(second.outcome).toBe('valid');
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('revalidates after cacheTtlSeconds', async () => {
      const validator = await createValidator({ cacheTtlSeconds: 60 });
      const { token } = emulator.issueCustomerToken(customer.id);

      await validator.validate(token);
      clock.advance(59_000);
      await validator.validate(token);
      expect(emulator.requestCount('getCustomer')).toBe(1);

      clock.advance(1_000);
      await validator.validate(token);
      expect(emulator.requestCount('getCustomer')).toBe(2);
    });

    it('stops serving a cached token at its expiry', async () => {
      const validator = await createValidator({ cacheTtlSeconds: 3_600 });
      const { token, expires } = emulator.issueCustomerToken(customer.id, { lifetimeSeconds: 120 });

      expect((await validator.validate(token)).outcome).toBe('valid');
      clock.advance(expires * 1000 - clock.now());

      expect(await validator.validate(token)).toEqual({ outcome: 'expired' });
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });

    it('shares one request among concurrent validations', async () => {
      const validator = await createValidator();
      const { token } = emulator.issueCustomerToken(customer.id);
      emulator.setLatency('getCustomer', 100);

      const results = await Promise.all(Array.from({ length: 50 }, () => validator.validate(token)));

      expect(results.every((result) => result.outcome === 'valid')).toBe(true);
      expect(emulator.requestCount('getCustomer')).toBe(1);
    });
  });

  describe('rejected tokens', () => {
    it('rejects an expired token locally', async () => {
      const validator = await createValidator();

      const result = await validator.validate(emulator.issueCustomerToken(customer.id, { lifetimeSeconds: -5 }).token);

      expect(result).toEqual({ outcome: 'expired' });
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('rejects an oversized token locally', async () => {
      const validator = await createValidator({ maxTokenLength: 64 });

      const result = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(result).toEqual({ outcome: 'invalid', reason: 'the token is too long' });
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('rejects a forged token for a real customer', async () => {
      const validator = await createValidator();

      const result = await validator.validate(forgedToken());

      expect(result).toEqual({ outcome: 'invalid', reason: 'GET /v2/customers/{id} returned HTTP 401' });
      expect(emulator.requestCount('getCustomer')).toBe(1);
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('caches a rejection for negativeCacheTtlSeconds', async () => {
      const validator = await createValidator({ negativeCacheTtlSeconds: 10 });
      const forged = forgedToken();

      await validator.validate(forged);
      clock.advance(9_999);
      await validator.validate(forged);
      expect(emulator.requestCount('getCustomer')).toBe(1);

      clock.advance(1);
      await validator.validate(forged);
      expect(emulator.requestCount('getCustomer')).toBe(2);
    });

    it('skips the negative cache at 0', async () => {
      const validator = await createValidator({ negativeCacheTtlSeconds: 0 });
      const forged = forgedToken();

      await validator.validate(forged);
      await validator.validate(forged);

      expect(emulator.requestCount('getCustomer')).toBe(2);
    });

    it.each([403, 404])('treats HTTP %i as invalid', async (status) => {
      const validator = await createValidator();
      emulator.failNext('getCustomer', 1, status);

      const result = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(result).toEqual({ outcome: 'invalid', reason: `GET /v2/customers/{id} returned HTTP ${status}` });
    });

    it('treats a 2xx for another customer as invalid', async () => {
      const validator = await createValidator();
      emulator.respondNext('getCustomer', 1, 200, { data: { type: 'customer', id: 'someone-else', name: 'X', email: 'x@example.com' } });

      const result = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(result).toEqual({ outcome: 'invalid', reason: 'the API returned another customer' });
    });

    it('treats a 2xx without data as unavailable', async () => {
      const validator = await createValidator();
      emulator.respondNext('getCustomer', 1, 200, 'not json');

      const result = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(result.outcome).toBe('unavailable');
      expect(validator.cacheSize).toBe(0);
    });
  });

  describe('undecidable tokens', () => {
    it.each([429, 500, 502, 503])('reports HTTP %i as unavailable', async (status) => {
      const validator = await createValidator();
      const { token } = emulator.issueCustomerToken(customer.id);
      emulator.failNext('getCustomer', 1, status);

      const first = await validator.validate(token);
      const second = await validator.validate(token);

      expect(first).toEqual({ outcome: 'unavailable', reason: `GET /v2/customers/{id} returned HTTP ${status}` });
      expect(second.outcome).toBe('valid');
      expect(emulator.requestCount('getCustomer')).toBe(2);
    });

    it('reports a time-out as unavailable', async () => {
      const validator = await createValidator({}, 100);
      emulator.setLatency('getCustomer', 1_000);

      const result = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(result).toEqual({ outcome: 'unavailable', reason: 'the request timed out after 100 ms' });
    });

    it('reports a failed implicit token request as unavailable', async () => {
      const validator = await createValidator();
      emulator.failNext('token', 1, 500);

      const result = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(result.outcome).toBe('unavailable');
      expect(emulator.requestCount('getCustomer')).toBe(0);
    });

    it('serves a cached token while the API is down', async () => {
      const validator = await createValidator();
      const { token } = emulator.issueCustomerToken(customer.id);
      await validator.validate(token);
      emulator.failNext('getCustomer', 5, 503);

      const cached = await validator.validate(token);
      const unseen = await validator.validate(emulator.issueCustomerToken(customer.id, { lifetimeSeconds: 600 }).token);

      expect(cached.outcome).toBe('valid');
      expect(unseen.outcome).toBe('unavailable');
    });
  });

  describe('rejected implicit token', () => {
    it('refreshes once and retries', async () => {
      const validator = await createValidator();
      await validator.validate(emulator.issueCustomerToken(customer.id).token);
      emulator.revokeAllAccessTokens();

      const result = await validator.validate(emulator.issueCustomerToken(customer.id, { lifetimeSeconds: 600 }).token);

      expect(result.outcome).toBe('valid');
      expect(emulator.requestCount('token')).toBe(2);
      expect(emulator.requestCount('getCustomer')).toBe(3);
    });

    it('shares one refresh among concurrent rejections', async () => {
      const validator = await createValidator({ maxValidationsPerSecond: 0 });
      await validator.validate(emulator.issueCustomerToken(customer.id).token);
      emulator.revokeAllAccessTokens();

      const tokens = Array.from({ length: 20 }, (_, i) => emulator.issueCustomerToken(customer.id, { lifetimeSeconds: 600 + i }).token);
      const results = await Promise.all(tokens.map((token) => validator.validate(token)));

      expect(results.every((result) => result.outcome === 'valid')).toBe(true);
      expect(emulator.requestCount('token')).toBe(2);
    });

    it('keeps the token on customer 401', async () => {
      const validator = await createValidator();
      await validator.validate(emulator.issueCustomerToken(customer.id).token);

      await validator.validate(forgedToken());

      expect(emulator.requestCount('token')).toBe(1);
    });

    it('forces at most one refresh per interval when refreshing does not help', async () => {
      const validator = await createValidator({ negativeCacheTtlSeconds: 0 });
      await validator.validate(emulator.issueCustomerToken(customer.id).token);

      // The first request and its retry both blame the access token, so the refresh cured nothing.
      emulator.respondNext('getCustomer', 2, 401, ACCESS_TOKEN_REJECTED);
      await validator.validate(forgedToken());
      expect(emulator.requestCount('token')).toBe(2);

      emulator.respondNext('getCustomer', 1, 401, ACCESS_TOKEN_REJECTED);
      const skipped = await validator.validate(forgedToken());
      expect(skipped.outcome).toBe('unavailable');
      expect(emulator.requestCount('token')).toBe(2);

      clock.advance(FORCED_REFRESH_INTERVAL_MS);
      emulator.respondNext('getCustomer', 1, 401, ACCESS_TOKEN_REJECTED);
      await validator.validate(forgedToken());
      expect(emulator.requestCount('token')).toBe(3);
    });

    it('refreshes again at once when the previous refresh cured the 401', async () => {
      const validator = await createValidator({ negativeCacheTtlSeconds: 0 });
      await validator.validate(emulator.issueCustomerToken(customer.id).token);

      emulator.revokeAllAccessTokens();
      const first = await validator.validate(emulator.issueCustomerToken(customer.id).token);
      emulator.revokeAllAccessTokens();
      const second = await validator.validate(emulator.issueCustomerToken(customer.id).token);

      expect(first.outcome).toBe('valid');
      expect(second.outcome).toBe('valid');
      expect(emulator.requestCount('token')).toBe(3);
    });
  });

  describe('cache bound', () => {
    it('stays within cacheMaxEntries', async () => {
      const validator = await createValidator({ cacheMaxEntries: 3 });
      const tokens = Array.from({ length: 8 }, (_, i) => emulator.issueCustomerToken(customer.id, { lifetimeSeconds: 600 + i }).token);

      for (const token of tokens) {
        await validator.validate(token);
        expect(validator.cacheSize).toBeLessThanOrEqual(3);
      }

      await validator.validate(tokens[7] as string);
      expect(emulator.requestCount('getCustomer')).toBe(8);

      await validator.validate(tokens[0] as string);
      expect(emulator.requestCount('getCustomer')).toBe(9);
    });

    it('revalidates after clearCache', async () => {
      const validator = await createValidator();
      const { token } = emulator.issueCustomerToken(customer.id);

      await validator.validate(token);
      validator.clearCache();
      await validator.validate(token);

      expect(emulator.requestCount('getCustomer')).toBe(2);
    });
  });
});
