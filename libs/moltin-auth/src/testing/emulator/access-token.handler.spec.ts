import { MoltinEmulator } from './moltin-emulator.js';

interface JsonResponse {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

async function toJsonResponse(response: Response): Promise<JsonResponse> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function postForm(emulator: MoltinEmulator, fields: Record<string, string>): Promise<JsonResponse> {
  const response = await fetch(`${emulator.url}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return toJsonResponse(response);
}

async function getProducts(emulator: MoltinEmulator, authorization?: string): Promise<JsonResponse> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return toJsonResponse(await fetch(`${emulator.url}/v2/products`, { headers }));
}

function clientCredentials(emulator: MoltinEmulator): Record<string, string> {
  return { grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const INVALID_ACCESS_TOKEN = { errors: [{ status: '401', title: 'Unable to validate access token' }] };

describe('POST /oauth/access_token', () => {
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

  it('issues a client_credentials token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await postForm(emulator, clientCredentials(emulator));
    const after = Math.floor(Date.now() / 1000);

    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json');
    expect(Object.keys(response.body)).toEqual(['expires', 'identifier', 'expires_in', 'access_token', 'token_type']);
    expect(response.body.identifier).toBe('client_credentials');
    expect(response.body.expires_in).toBe(3600);
    expect(response.body.token_type).toBe('Bearer');
    expect(response.body.access_token).toMatch(/^[0-9a-f]{40}$/);
    expect(response.body.expires).toBeGreaterThanOrEqual(before + 3600);
    expect(response.body.expires).toBeLessThanOrEqual(after + 3600);
    expect(emulator.accessTokenGrant(response.body.access_token as string)).toBe('client_credentials');
  });

  it('issues an implicit token with client_id alone', async () => {
    const response = await postForm(emulator, { grant_type: 'implicit', client_id: emulator.clientId });

    expect(response.status).toBe(200);
    expect(response.body.identifier).toBe('implicit');
    expect(response.body.access_token).toMatch(/^[0-9a-f]{40}$/);
    expect(emulator.accessTokenGrant(response.body.access_token as string)).toBe('implicit');
  });

  it('issues a different token each time', async () => {
    const first = await postForm(emulator, clientCredentials(emulator));
    const second = await postForm(emulator, clientCredentials(emulator));

    expect(first.body.access_token).not.toBe(second.body.access_token);
    expect(emulator.isAccessTokenValid(first.body.access_token as string)).toBe(true);
    expect(emulator.isAccessTokenValid(second.body.access_token as string)).toBe(true);
  });

  it('wraps the token in data when asked', async () => {
    emulator.setTokenResponseShape('data');

    const response = await postForm(emulator, clientCredentials(emulator));

    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['data']);
    const data = response.body.data as Record<string, unknown>;
    expect(data.identifier).toBe('client_credentials');
    expect(data.access_token).toMatch(/^[0-9a-f]{40}$/);
    expect(data.token_type).toBe('Bearer');
    expect(data.expires_in).toBe(3600);
  });

  it('wraps the token from the start option', async () => {
    const wrapped = await MoltinEmulator.start({ tokenResponseShape: 'data' });
    try {
      const response = await postForm(wrapped, clientCredentials(wrapped));

      expect(Object.keys(response.body)).toEqual(['data']);
      wrapped.setTokenResponseShape('flat');
      const flat = await postForm(wrapped, clientCredentials(wrapped));
      expect(flat.body.token_type).toBe('Bearer');
    } finally {
      await wrapped.stop();
    }
  });

  it('rejects a wrong client_secret with 401', async () => {
    const response = await postForm(emulator, { ...clientCredentials(emulator), client_secret: 'wrong' });

    expect(response.status).toBe(401);
    expect(response.contentType).toBe('application/json');
    expect(response.body).toEqual({
      errors: [{ status: '401', title: 'Unauthorized', detail: 'The client_id or client_secret is invalid.' }],
    });
  });

  it('rejects a wrong client_id with 401', async () => {
    const credentials = await postForm(emulator, { ...clientCredentials(emulator), client_id: 'other' });
    const implicit = await postForm(emulator, { grant_type: 'implicit', client_id: 'other' });

    expect(credentials.status).toBe(401);
    expect(implicit.status).toBe(401);
    expect(implicit.body).toEqual({ errors: [{ status: '401', title: 'Unauthorized', detail: 'The client_id is invalid.' }] });
  });

  it('reports numeric statuses when asked', async () => {
    emulator.setErrorStatusFormat('number');

    const response = await postForm(emulator, { ...clientCredentials(emulator), client_secret: 'wrong' });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [{ status: 401, title: 'Unauthorized', detail: 'The client_id or client_secret is invalid.' }],
    });
  });

  it.each([
    ['missing grant_type', { client_id: 'emulator-client-id' }, 'grant_type is missing; use client_credentials or implicit.'],
    [
      'unknown grant_type',
      { grant_type: 'password', client_id: 'emulator-client-id' },
      'grant_type "password" is not supported; use client_credentials or implicit.',
    ],
    ['missing client_id', { grant_type: 'implicit' }, 'client_id is missing.'],
    [
      'missing client_secret',
      { grant_type: 'client_credentials', client_id: 'emulator-client-id' },
      'client_secret is missing; the client_credentials grant requires it.',
    ],
  ])('rejects %s with 400', async (_case, fields, detail) => {
    const response = await postForm(emulator, fields);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ status: '400', title: 'Bad Request', detail }] });
  });

  it('rejects a JSON body with 400', async () => {
    const response = await toJsonResponse(
      await fetch(`${emulator.url}/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(clientCredentials(emulator)),
      }),
    );

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          status: '400',
          title: 'Bad Request',
          detail: 'The token endpoint accepts only Content-Type: application/x-www-form-urlencoded; received "application/json".',
        },
      ],
    });
  });

  it('rejects a missing content type with 400', async () => {
    const body = new TextEncoder().encode(new URLSearchParams(clientCredentials(emulator)).toString());
    // A Uint8Array body makes fetch send no Content-Type header.
    const response = await toJsonResponse(await fetch(`${emulator.url}/oauth/access_token`, { method: 'POST', body }));

    expect(response.status).toBe(400);
    expect((response.body.errors as Array<{ detail: string }>)[0]?.detail).toContain('received no Content-Type header');
  });

  it('accepts a form content type with charset', async () => {
    const response = await toJsonResponse(
      await fetch(`${emulator.url}/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' },
        body: new URLSearchParams(clientCredentials(emulator)).toString(),
      }),
    );

    expect(response.status).toBe(200);
  });

  it('counts every request, rejected ones included', async () => {
    await postForm(emulator, clientCredentials(emulator));
    await postForm(emulator, { grant_type: 'implicit', client_id: 'wrong' });
    await postForm(emulator, {});

    expect(emulator.requestCount('token')).toBe(3);
    expect(emulator.requestCount('products')).toBe(0);
  });

  it('records the form fields', async () => {
    await postForm(emulator, { grant_type: 'implicit', client_id: emulator.clientId });

    const [recorded] = emulator.requests('token');
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/oauth/access_token');
    expect(recorded?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(recorded?.body).toEqual({ grant_type: 'implicit', client_id: emulator.clientId });
  });

  it('shifts expires by the clock offset', async () => {
    emulator.setClockOffset(-600);

    const before = Math.floor(Date.now() / 1000);
    const response = await postForm(emulator, clientCredentials(emulator));
    const after = Math.floor(Date.now() / 1000);

    expect(response.body.expires).toBeGreaterThanOrEqual(before - 600 + 3600);
    expect(response.body.expires).toBeLessThanOrEqual(after - 600 + 3600);
    expect(response.body.expires_in).toBe(3600);
    // The token itself still lives 3600 s by the real clock.
    expect(emulator.isAccessTokenValid(response.body.access_token as string)).toBe(true);
  });

  it('reports the token lifetime set at runtime', async () => {
    emulator.setTokenLifetime(120);

    const response = await postForm(emulator, clientCredentials(emulator));

    expect(response.body.expires_in).toBe(120);
  });
});

describe('access token validation on /v2 routes', () => {
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

  it('accepts Bearer and the historical Bearer: form', async () => {
    const { access_token: token } = emulator.issueAccessToken('implicit');

    expect((await getProducts(emulator, `Bearer ${token}`)).status).toBe(200);
    expect((await getProducts(emulator, `Bearer: ${token}`)).status).toBe(200);
    expect((await getProducts(emulator, `bearer ${token}`)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', `Bearer ${'0'.repeat(40)}`],
    ['a Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('rejects %s with 401', async (_case, authorization) => {
    const response = await getProducts(emulator, authorization);

    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID_ACCESS_TOKEN);
  });

  it('uses a numeric status when asked', async () => {
    emulator.setErrorStatusFormat('number');

    const response = await getProducts(emulator);

    expect(response.body).toEqual({ errors: [{ status: 401, title: 'Unable to validate access token' }] });
  });

  it('expires a token after its lifetime', async () => {
    const shortLived = await MoltinEmulator.start({ tokenLifetimeSeconds: 1 });
    try {
      const issued = await postForm(shortLived, clientCredentials(shortLived));
      const token = issued.body.access_token as string;
      expect(issued.body.expires_in).toBe(1);
      expect((await getProducts(shortLived, `Bearer ${token}`)).status).toBe(200);

      await sleep(1100);

      const expired = await getProducts(shortLived, `Bearer ${token}`);
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual(INVALID_ACCESS_TOKEN);
      expect(shortLived.isAccessTokenValid(token)).toBe(false);
      expect(shortLived.accessTokenGrant(token)).toBeUndefined();
    } finally {
      await shortLived.stop();
    }
  });

  it('expires a token by the real clock despite an offset', async () => {
    const skewed = await MoltinEmulator.start({ tokenLifetimeSeconds: 2, clockOffsetSeconds: 3600 });
    try {
      const issued = await postForm(skewed, clientCredentials(skewed));
      const token = issued.body.access_token as string;
      expect(issued.body.expires).toBeGreaterThan(Math.floor(Date.now() / 1000) + 3600);
      expect((await getProducts(skewed, `Bearer ${token}`)).status).toBe(200);

      await sleep(2100);

      expect((await getProducts(skewed, `Bearer ${token}`)).status).toBe(401);
    } finally {
      await skewed.stop();
    }
  });

  it('rejects a revoked token', async () => {
    const { access_token: revoked } = emulator.issueAccessToken('client_credentials');
    const { access_token: kept } = emulator.issueAccessToken('client_credentials');

    expect(emulator.revokeAccessToken(revoked)).toBe(true);
    expect(emulator.revokeAccessToken(revoked)).toBe(false);

    expect((await getProducts(emulator, `Bearer ${revoked}`)).status).toBe(401);
    expect((await getProducts(emulator, `Bearer ${kept}`)).status).toBe(200);
  });

  it('rejects every token after revokeAll', async () => {
    const first = emulator.issueAccessToken('client_credentials').access_token;
    const second = emulator.issueAccessToken('implicit').access_token;

    expect(emulator.revokeAllAccessTokens()).toBeGreaterThanOrEqual(2);

    expect((await getProducts(emulator, `Bearer ${first}`)).status).toBe(401);
    expect((await getProducts(emulator, `Bearer ${second}`)).status).toBe(401);
    const fresh = await postForm(emulator, clientCredentials(emulator));
    expect((await getProducts(emulator, `Bearer ${fresh.body.access_token as string}`)).status).toBe(200);
  });

  it('issues tokens without a request', () => {
    const before = Math.floor(Date.now() / 1000);
    const issued = emulator.issueAccessToken('implicit', { lifetimeSeconds: 30 });

    expect(issued.identifier).toBe('implicit');
    expect(issued.expires_in).toBe(30);
    expect(issued.expires).toBeGreaterThanOrEqual(before + 30);
    expect(issued.token_type).toBe('Bearer');
    expect(emulator.accessTokenGrant(issued.access_token)).toBe('implicit');
    expect(emulator.requestCount('token')).toBe(0);
  });
});
