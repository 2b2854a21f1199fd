import { MoltinEmulator } from './moltin-emulator.js';
import { RateLimiter } from './rate-limiter.js';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('RateLimiter', () => {
  it('admits up to the limit per rolling second', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);

    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, true, false]);

    now = 999;
    expect(limiter.tryAcquire()).toBe(false);
    now = 1000;
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('slides the window per admission', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);

    expect(limiter.tryAcquire()).toBe(true);
    now = 500;
    expect(limiter.tryAcquire()).toBe(true);
    now = 1000;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    now = 1500;
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('does not count rejected requests', () => {
    let now = 0;
    const limiter = new RateLimiter(1, () => now);

    expect(limiter.tryAcquire()).toBe(true);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      now += 50;
      expect(limiter.tryAcquire()).toBe(false);
    }
    now = 1000;
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('admits everything without a limit', () => {
    const limiter = new RateLimiter(undefined, () => 0);

    for (let attempt = 0; attempt < 1000; attempt += 1) {
      expect(limiter.tryAcquire()).toBe(true);
    }
  });

  it('clears the window on setLimit', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.tryAcquire()).toBe(true);

    limiter.setLimit(1);

    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.limitPerSecond).toBe(1);
  });
});

describe('MoltinEmulator rate limiting', () => {
  let emulator: MoltinEmulator;
  let bearer: string;

  async function getProductsStatus(): Promise<{ status: number; headers: Headers; body: unknown }> {
    const response = await fetch(`${emulator.url}/v2/products`, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  beforeAll(async () => {
    emulator = await MoltinEmulator.start();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
    bearer = emulator.issueAccessToken('implicit').access_token;
  });

  it('admits exactly the limit in a burst', async () => {
    // A first request loads the HTTP client, so the burst below is not slowed by that.
    expect((await getProductsStatus()).status).toBe(200);
    emulator.resetCounters();
    emulator.setRateLimit(10);

    const responses = await Promise.all(Array.from({ length: 30 }, () => getProductsStatus()));

    // The counts below hold only if all requests reached the emulator within one rolling second.
    const arrivals = emulator.requests('products').map((request) => request.receivedAt);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(1000);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(10);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(20);
    expect(emulator.requestCount('products')).toBe(30);
  });

  it('answers 429 with no rate-limit headers', async () => {
    emulator.setRateLimit(1);
    await getProductsStatus();

    const limited = await getProductsStatus();

    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/json');
    expect(limited.body).toEqual({
      errors: [{ status: '429', title: 'Too Many Requests', detail: 'The rate limit of 1 requests per second was exceeded.' }],
    });
    expect(limited.headers.get('retry-after')).toBeNull();
    const rateLimitHeaders = [...limited.headers.keys()].filter((name) => name.includes('ratelimit') || name.includes('rate-limit'));
    expect(rateLimitHeaders).toEqual([]);
  });

  it('admits again after a second', async () => {
    emulator.setRateLimit(2);
    await getProductsStatus();
    await getProductsStatus();
    expect((await getProductsStatus()).status).toBe(429);

    await sleep(1050);

    expect((await getProductsStatus()).status).toBe(200);
  });

  it('limits all routes together', async () => {
    emulator.setRateLimit(2);

    const tokenResponse = await fetch(`${emulator.url}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'implicit', client_id: emulator.clientId }).toString(),
    });
    await tokenResponse.text();

    expect(tokenResponse.status).toBe(200);
    expect((await getProductsStatus()).status).toBe(200);
    expect((await getProductsStatus()).status).toBe(429);
  });

  it('removes the limit with undefined', async () => {
    emulator.setRateLimit(1);
    emulator.setRateLimit(undefined);

    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await getProductsStatus()).status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('applies the start option and restores it on reset', async () => {
    const limited = await MoltinEmulator.start({ rateLimitPerSecond: 1 });
    try {
      const token = limited.issueAccessToken('implicit').access_token;
      const fetchStatus = async (): Promise<number> => {
        const response = await fetch(`${limited.url}/v2/products`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        return response.status;
      };

      expect(await fetchStatus()).toBe(200);
      expect(await fetchStatus()).toBe(429);
      limited.setRateLimit(undefined);
      expect(await fetchStatus()).toBe(200);

      limited.reset();

      expect(await fetchStatus()).toBe(200);
      expect(await fetchStatus()).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it('rejects an invalid limit', () => {
    expect(() => emulator.setRateLimit(0)).toThrow('MoltinEmulator rateLimitPerSecond must be a positive integer');
    expect(() => emulator.setRateLimit(2.5)).toThrow('MoltinEmulator rateLimitPerSecond must be a positive integer');
  });
});
