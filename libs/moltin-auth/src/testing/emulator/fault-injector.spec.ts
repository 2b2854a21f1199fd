import { MoltinEmulator } from './moltin-emulator.js';
import { MAX_RECORDED_REQUESTS_PER_ROUTE } from './request-log.js';

interface TextResponse {
  status: number;
  contentType: string | null;
  text: string;
}

async function requestToken(emulator: MoltinEmulator): Promise<TextResponse> {
  const response = await fetch(`${emulator.url}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'implicit', client_id: emulator.clientId }).toString(),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

async function getProducts(emulator: MoltinEmulator, bearer: string): Promise<TextResponse> {
  const response = await fetch(`${emulator.url}/v2/products`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe('MoltinEmulator fault injection', () => {
  let emulator: MoltinEmulator;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  describe('failNext', () => {
    it('fails the next requests with a JSON:API error', async () => {
      emulator.failNext('token', 2, 503);

      const first = await requestToken(emulator);
      const second = await requestToken(emulator);
      const third = await requestToken(emulator);

      expect(first.status).toBe(503);
      expect(first.contentType).toBe('application/json');
      expect(JSON.parse(first.text)).toEqual({ errors: [{ status: '503', title: 'Service Unavailable' }] });
      expect(second.status).toBe(503);
      expect(third.status).toBe(200);
      expect(emulator.requestCount('token')).toBe(3);
    });

    it('sends the given body', async () => {
      const body = { errors: [{ status: '500', title: 'Internal Server Error', detail: 'there was a problem processing your request' }] };
      emulator.failNext('token', 1, 500, body);

      const response = await requestToken(emulator);

      expect(response.status).toBe(500);
      expect(JSON.parse(response.text)).toEqual(body);
    });

    it('uses the status format in force when sent', async () => {
      emulator.failNext('token', 1, 429);
      emulator.setErrorStatusFormat('number');

      const response = await requestToken(emulator);

      expect(JSON.parse(response.text)).toEqual({ errors: [{ status: 429, title: 'Too Many Requests' }] });
    });

    it('affects only its route', async () => {
      const bearer = emulator.issueAccessToken('implicit').access_token;
      emulator.failNext('products', 1, 500);

      expect((await requestToken(emulator)).status).toBe(200);
      expect((await getProducts(emulator, bearer)).status).toBe(500);
      expect((await getProducts(emulator, bearer)).status).toBe(200);
    });

    it('queues faults in call order', async () => {
      emulator.failNext('token', 1, 500);
      emulator.failNext('token', 2, 502);

      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        statuses.push((await requestToken(emulator)).status);
      }

      expect(statuses).toEqual([500, 502, 502, 200]);
    });

    it('fails before authentication', async () => {
      emulator.failNext('products', 1, 500);

      const response = await getProducts(emulator, 'unknown-token');

      expect(response.status).toBe(500);
    });

    it('issues no token for a failed request', async () => {
      emulator.failNext('token', 1, 500);
      emulator.revokeAllAccessTokens();

      await requestToken(emulator);

      expect(emulator.revokeAllAccessTokens()).toBe(0);
    });

    it.each([
      ['an unknown route', () => emulator.failNext('orders' as never, 1, 500), 'route must be one of token, customerToken, getCustomer, products; received orders'],
      ['a zero count', () => emulator.failNext('token', 0, 500), 'count must be a positive integer; received 0'],
      ['a success status', () => emulator.failNext('token', 1, 200), 'status must be an integer from 400 to 599; received 200'],
      ['a status over 599', () => emulator.failNext('token', 1, 600), 'status must be an integer from 400 to 599; received 600'],
    ])('rejects %s', (_case, call, message) => {
      expect(call).toThrow(`MoltinEmulator failNext: ${message}.`);
    });
  });

  describe('respondNext', () => {
    it('sends a 200 without access_token', async () => {
      emulator.respondNext('token', 1, 200, { token_type: 'Bearer', expires_in: 3600 });

      const response = await requestToken(emulator);
      const next = await requestToken(emulator);

      expect(response.status).toBe(200);
      expect(response.contentType).toBe('application/json');
      expect(JSON.parse(response.text)).toEqual({ token_type: 'Bearer', expires_in: 3600 });
      expect(JSON.parse(next.text)).toHaveProperty('access_token');
    });

    it('sends a string body verbatim', async () => {
      emulator.respondNext('token', 1, 200, '<html>gateway</html>');

      const response = await requestToken(emulator);

      expect(response.text).toBe('<html>gateway</html>');
      expect(response.contentType).toBe('application/json');
    });

    it('sends an empty body for undefined', async () => {
      emulator.respondNext('token', 1, 502, undefined);

      const response = await requestToken(emulator);

      expect(response.status).toBe(502);
      expect(response.text).toBe('');
    });

    it('answers several requests', async () => {
      emulator.respondNext('token', 3, 202, { accepted: true });

      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        statuses.push((await requestToken(emulator)).status);
      }

      expect(statuses).toEqual([202, 202, 202, 200]);
    });

    it('rejects an informational status', () => {
      expect(() => emulator.respondNext('token', 1, 101, {})).toThrow(
        'MoltinEmulator respondNext: status must be an integer from 200 to 599; received 101.',
      );
    });
  });

  describe('setLatency', () => {
    it('delays responses of one route', async () => {
      emulator.setLatency('token', 600);
      const bearer = emulator.issueAccessToken('implicit').access_token;

      const tokenStart = Date.now();
      await requestToken(emulator);
      const tokenElapsed = Date.now() - tokenStart;
      const productsStart = Date.now();
      await getProducts(emulator, bearer);
      const productsElapsed = Date.now() - productsStart;

      expect(tokenElapsed).toBeGreaterThanOrEqual(590);
      expect(productsElapsed).toBeLessThan(500);
    });

    it('delays every route with all', async () => {
      emulator.setLatency('all', 200);
      const bearer = emulator.issueAccessToken('implicit').access_token;

      const start = Date.now();
      await getProducts(emulator, bearer);
      const notFoundResponse = await fetch(`${emulator.url}/nowhere`);
      await notFoundResponse.text();

      expect(Date.now() - start).toBeGreaterThanOrEqual(390);
    });

    it('waits for the larger latency', async () => {
      emulator.setLatency('all', 100);
      emulator.setLatency('token', 300);

      const start = Date.now();
      await requestToken(emulator);

      expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    });

    it('removes a latency with 0', async () => {
      emulator.setLatency('token', 3000);
      emulator.setLatency('token', 0);

      const start = Date.now();
      await requestToken(emulator);

      expect(Date.now() - start).toBeLessThan(2000);
    });

    it('delays injected faults too', async () => {
      emulator.setLatency('token', 200);
      emulator.failNext('token', 1, 500);

      const start = Date.now();
      const response = await requestToken(emulator);

      expect(response.status).toBe(500);
      expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    });

    it('rejects negative or fractional values', () => {
      expect(() => emulator.setLatency('token', -1)).toThrow('MoltinEmulator setLatency: ms must be an integer');
      expect(() => emulator.setLatency('token', 1.5)).toThrow('MoltinEmulator setLatency: ms must be an integer');
      expect(() => emulator.setLatency('nowhere' as never, 1)).toThrow('MoltinEmulator setLatency: route must be one of');
    });
  });

  describe('requests and counters', () => {
    it('keeps the last 500 requests per route', async () => {
      const bearer = emulator.issueAccessToken('implicit').access_token;
      const total = MAX_RECORDED_REQUESTS_PER_ROUTE + 5;

      for (let index = 0; index < total; index += 1) {
        const response = await fetch(`${emulator.url}/v2/products?n=${index}`, { headers: { authorization: `Bearer ${bearer}` } });
        await response.arrayBuffer();
      }

      const recorded = emulator.requests('products');
      expect(emulator.requestCount('products')).toBe(total);
      expect(recorded).toHaveLength(MAX_RECORDED_REQUESTS_PER_ROUTE);
      expect(recorded[0]?.query).toEqual({ n: '5' });
      expect(recorded[recorded.length - 1]?.query).toEqual({ n: String(total - 1) });
    });

    it('returns a copy of the recorded requests', async () => {
      await requestToken(emulator);

      const copy = emulator.requests('token');
      copy.pop();

      expect(emulator.requests('token')).toHaveLength(1);
    });

    it('records arrival time and headers', async () => {
      const before = Date.now();
      await requestToken(emulator);

      const [recorded] = emulator.requests('token');
      expect(recorded?.receivedAt).toBeGreaterThanOrEqual(before);
      expect(recorded?.receivedAt).toBeLessThanOrEqual(Date.now());
      expect(recorded?.headers.host).toBe(emulator.url.replace('http://', ''));
    });

    it('resetCounters clears counts and records', async () => {
      await requestToken(emulator);

      emulator.resetCounters();

      expect(emulator.requestCount('token')).toBe(0);
      expect(emulator.requests('token')).toEqual([]);
    });

    it('rejects an unknown route name', () => {
      expect(() => emulator.requestCount('nope' as never)).toThrow('MoltinEmulator requestCount: route must be one of');
      expect(() => emulator.requests('nope' as never)).toThrow('MoltinEmulator requests: route must be one of');
    });
  });

  describe('reset', () => {
    it('clears faults, latency and counters', async () => {
      await requestToken(emulator);
      emulator.failNext('token', 5, 500);
      emulator.setLatency('all', 5000);

      emulator.reset();

      const start = Date.now();
      const response = await requestToken(emulator);
      expect(response.status).toBe(200);
      expect(Date.now() - start).toBeLessThan(3000);
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('restores settings from the start options', async () => {
      const configured = await MoltinEmulator.start({ tokenLifetimeSeconds: 60, errorStatusFormat: 'number' });
      try {
        configured.setTokenLifetime(5);
        configured.setTokenResponseShape('data');
        configured.setErrorStatusFormat('string');
        configured.setClockOffset(100);

        configured.reset();

        const issued = await requestToken(configured);
        const body = JSON.parse(issued.text) as { expires_in: number; expires: number };
        expect(body.expires_in).toBe(60);
        expect(body.expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60);
        const rejected = await getProducts(configured, 'unknown');
        expect(JSON.parse(rejected.text)).toEqual({ errors: [{ status: 401, title: 'Unable to validate access token' }] });
      } finally {
        await configured.stop();
      }
    });

    it('keeps customers and tokens', async () => {
      const customer = emulator.addCustomer({ name: 'Kept', email: `kept-${Date.now()}@example.com`, password: 'p' });
      const { access_token: token } = emulator.issueAccessToken('implicit');

      emulator.reset();

      expect(emulator.findCustomer(customer.id)).toEqual(customer);
      expect(emulator.isAccessTokenValid(token)).toBe(true);
    });
  });
});
