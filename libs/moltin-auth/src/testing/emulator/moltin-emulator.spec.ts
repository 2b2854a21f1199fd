import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

import { MAX_REQUEST_BODY_BYTES } from './request-body.js';
import { MoltinEmulator } from './moltin-emulator.js';

/** Counts the active TCP handles of this process, server and client sockets alike. */
function countTcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap' || name === 'TCPSocketWrap').length;
}

/**
 * Returns the TCP handle count once it stays the same for 100 ms, because handles of servers
 * closed by earlier tests may still be closing.
 */
async function settledTcpHandleCount(): Promise<number> {
  let previous = countTcpHandles();
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const current = countTcpHandles();
    if (current === previous) {
      return current;
    }
    previous = current;
  }
  return previous;
}

/** Polls `condition` every 20 ms until it returns true or `timeoutMs` passes, and returns its last result. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

/** Sends a raw HTTP request with `node:http`, which lets a test set any header. */
function sendRaw(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string | number>; body?: string; endBody?: boolean },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: options.method, path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      req.write(options.body);
    }
    if (options.endBody !== false) {
      req.end();
    }
  });
}

async function fetchClientCredentialsToken(emulator: MoltinEmulator): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    }).toString(),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

describe('MoltinEmulator lifecycle', () => {
  it('listens on 127.0.0.1 with a free port by default', async () => {
    const emulator = await MoltinEmulator.start();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.port).toBeGreaterThan(0);
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      expect(emulator.clientId).toBe('emulator-client-id');
      expect(emulator.clientSecret).toBe('emulator-client-secret');
    } finally {
      await emulator.stop();
    }
  });

  it('uses the given credentials and port', async () => {
    const probe = await MoltinEmulator.start();
    const freePort = probe.port;
    await probe.stop();

    const emulator = await MoltinEmulator.start({ port: freePort, clientId: 'id-1', clientSecret: 'secret-1' });
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${freePort}`);
      expect(emulator.clientId).toBe('id-1');
      expect(emulator.clientSecret).toBe('secret-1');
    } finally {
      await emulator.stop();
    }
  });

  it('brackets an IPv6 loopback in the url', async () => {
    let emulator: MoltinEmulator;
    try {
      emulator = await MoltinEmulator.start({ host: '::1' });
    } catch (error) {
      // NOTE: hosts without IPv6 cannot bind ::1; this case then checks nothing.
      expect(String(error)).toContain('could not listen');
      return;
    }
    try {
      expect(emulator.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    } finally {
      await emulator.stop();
    }
  });

  it('rejects start on a port in use', async () => {
    const first = await MoltinEmulator.start();
    try {
      await expect(MoltinEmulator.start({ port: first.port })).rejects.toThrow(/could not listen on 127\.0\.0\.1:\d+/);
    } finally {
      await first.stop();
    }
  });

  it('stop is idempotent', async () => {
    const emulator = await MoltinEmulator.start();

    const first = emulator.stop();
    const second = emulator.stop();

    expect(second).toBe(first);
    await expect(first).resolves.toBeUndefined();
    await expect(emulator.stop()).resolves.toBeUndefined();
  });

  it('stop leaves no open handles', async () => {
    const baseline = await settledTcpHandleCount();
    const emulator = await MoltinEmulator.start();
    try {
      const token = await fetchClientCredentialsToken(emulator);
      const keepAliveResponse = await fetch(`${emulator.url}/v2/products`, { headers: { authorization: `Bearer ${token}` } });
      expect(keepAliveResponse.status).toBe(200);
      await keepAliveResponse.json();
      expect(countTcpHandles()).toBeGreaterThan(baseline);
    } finally {
      await emulator.stop();
    }

    expect(await waitFor(() => countTcpHandles() === baseline, 2000)).toBe(true);
  });

  it('stop refuses new connections', async () => {
    const emulator = await MoltinEmulator.start();
    const port = emulator.port;
    await emulator.stop();

    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('stop cancels delayed responses', async () => {
    const baseline = await settledTcpHandleCount();
    const emulator = await MoltinEmulator.start();
    emulator.setLatency('all', 60_000);

    const pending = fetch(`${emulator.url}/v2/products`).then(
      (response) => `status ${response.status}`,
      () => 'connection closed',
    );
    const arrived = await waitFor(() => emulator.requestCount('products') === 1, 2000);

    const startedAt = Date.now();
    await emulator.stop();

    expect(arrived).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(await pending).toBe('connection closed');
    expect(await waitFor(() => countTcpHandles() === baseline, 2000)).toBe(true);
  });
});

describe('MoltinEmulator routing', () => {
  let emulator: MoltinEmulator;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  it('answers unknown paths with a 404 error', async () => {
    const response = await fetch(`${emulator.url}/v2/unknown`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      errors: [{ status: '404', title: 'Not Found', detail: 'No route matches GET /v2/unknown.' }],
    });
  });

  it('answers a wrong method with 404', async () => {
    const response = await fetch(`${emulator.url}/oauth/access_token`);

    expect(response.status).toBe(404);
    expect(emulator.requestCount('token')).toBe(0);
  });

  it('answers 404 for a trailing slash', async () => {
    const response = await fetch(`${emulator.url}/v2/products/`);

    expect(response.status).toBe(404);
  });

  it('rejects a body over 64 KiB with 413', async () => {
    const token = await fetchClientCredentialsToken(emulator);
    const oversized = JSON.stringify({ data: { type: 'token', email: 'a@example.com', password: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } });

    const response = await fetch(`${emulator.url}/v2/customers/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: oversized,
    });

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      errors: [{ status: '413', title: 'Payload Too Large', detail: `The request body exceeds the limit of ${MAX_REQUEST_BODY_BYTES} bytes.` }],
    });
    expect(emulator.requestCount('customerToken')).toBe(1);
    expect(emulator.requests('customerToken')[0]?.body).toBeUndefined();
  });

  it('accepts a body of exactly 64 KiB', async () => {
    const prefix = 'grant_type=implicit&client_id=emulator-client-id&padding=';
    const body = prefix + 'x'.repeat(MAX_REQUEST_BODY_BYTES - prefix.length);

    const response = await fetch(`${emulator.url}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

    expect(Buffer.byteLength(body)).toBe(MAX_REQUEST_BODY_BYTES);
    expect(response.status).toBe(200);
  });

  it('answers a huge declared length at once', async () => {
    const response = await sendRaw(emulator.url, {
      method: 'POST',
      path: '/oauth/access_token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 2 * 1024 * 1024 },
      body: 'grant_type=implicit',
      endBody: false,
    });

    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
  });

  it('rejects an absolute-form request target', async () => {
    const response = await sendRaw(emulator.url, { method: 'GET', path: 'http://example.invalid/v2/products' });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({
      errors: [{ status: '400', title: 'Bad Request', detail: 'The request target must be a path starting with "/".' }],
    });
  });

  it('reads a path starting with two slashes as a path', async () => {
    const response = await sendRaw(emulator.url, { method: 'GET', path: '//v2/products' });

    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toMatchObject({ errors: [{ detail: 'No route matches GET //v2/products.' }] });
  });

  it('reports handler errors as 500 and logs them', async () => {
    const errors: string[] = [];
    const logged = await MoltinEmulator.start({ logger: { error: (message) => errors.push(message) } });
    try {
      const token = await fetchClientCredentialsToken(logged);
      // No request makes a handler throw, so the test breaks the customer store's lookup.
      const state = (logged as unknown as { state: { customers: { findById: () => never } } }).state;
      state.customers.findById = () => {
        throw new Error('store failure');
      };

      const response = await fetch(`${logged.url}/v2/customers/some-id?secret=hidden`, { headers: { authorization: `Bearer ${token}` } });

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        errors: [{ status: '500', title: 'Internal Server Error', detail: 'there was a problem processing your request' }],
      });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('MoltinEmulator failed to handle GET /v2/customers/some-id: Error: store failure');
      expect(errors[0]).not.toContain('hidden');
      expect(errors[0]).not.toContain(token);
    } finally {
      await logged.stop();
    }
  });
});
