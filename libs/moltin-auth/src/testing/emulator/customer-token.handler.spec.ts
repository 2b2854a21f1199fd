import { createHmac } from 'node:crypto';

import { decodeCustomerToken } from './customer-token.js';
import { MoltinEmulator } from './moltin-emulator.js';
import type { EmulatorCustomer } from './moltin-emulator.interfaces.js';
import { computeS256Challenge } from './oidc-code-store.js';

interface JsonResponse {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

interface TokenData {
  type: string;
  id: string;
  customer_id: string;
  token: string;
  expires: number;
}

async function postCustomerToken(
  emulator: MoltinEmulator,
  body: unknown,
  options: { bearer?: string; contentType?: string; rawBody?: string } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.bearer !== undefined) {
    headers.authorization = `Bearer ${options.bearer}`;
  }
  const response = await fetch(`${emulator.url}/v2/customers/tokens`, {
    method: 'POST',
    headers,
    body: options.rawBody ?? JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

function passwordLogin(email: string, password: string, mechanism?: string): unknown {
  const data: Record<string, string> = { type: 'token', email, password };
  if (mechanism !== undefined) {
    data.authentication_mechanism = mechanism;
  }
  return { data };
}

function oidcLogin(code: string, redirectUri: string, codeVerifier: string): unknown {
  return {
    data: {
      type: 'token',
      authentication_mechanism: 'oidc',
      oauth_authorization_code: code,
      oauth_redirect_uri: redirectUri,
      oauth_code_verifier: codeVerifier,
    },
  };
}

function errorDetail(response: JsonResponse): string | undefined {
  return (response.body.errors as Array<{ detail?: string }> | undefined)?.[0]?.detail;
}

const REDIRECT_URI = 'https://shop.example.com/callback';

describe('POST /v2/customers/tokens', () => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let implicitToken: string;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({
      customers: [{ name: 'Ron Swanson', email: 'ron@swanson.com', password: 'mustache' }],
    });
    customer = emulator.findCustomerByEmail('ron@swanson.com') as EmulatorCustomer;
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
    implicitToken = emulator.issueAccessToken('implicit').access_token;
  });

  it('logs in with email and password', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer: implicitToken });
    const after = Math.floor(Date.now() / 1000);

    expect(response.status).toBe(201);
    expect(response.contentType).toBe('application/json');
    const data = response.body.data as TokenData;
    expect(Object.keys(data)).toEqual(['type', 'id', 'customer_id', 'token', 'expires']);
    expect(data.type).toBe('token');
    expect(data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(data.customer_id).toBe(customer.id);
    expect(data.expires).toBeGreaterThanOrEqual(before + 86400);
    expect(data.expires).toBeLessThanOrEqual(after + 86400);
  });

  it('returns a token in Moltin format', async () => {
    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer: implicitToken });
    const data = response.body.data as TokenData;
    const [header, payload, signature] = data.token.split('.');

    expect(Buffer.from(header as string, 'base64').toString('utf8')).toBe('{"alg": "HS256", "typ": "JWT"}');
    expect((payload as string).length % 4).toBe(0);
    expect(payload).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(signature).toBe(createHmac('sha256', emulator.customerTokenSecret).update(`${header}.${payload}`).digest('hex'));

    const claims = decodeCustomerToken(data.token);
    expect(claims?.sub).toBe(customer.id);
    expect(claims?.name).toBe('Ron Swanson');
    expect(claims?.jti).toBe(data.id);
    expect(claims?.exp).toBe(data.expires);
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(86400);
  });

  it('accepts the password mechanism explicitly', async () => {
    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache', 'password'), {
      bearer: implicitToken,
    });

    expect(response.status).toBe(201);
  });

  it('matches the email without case', async () => {
    const response = await postCustomerToken(emulator, passwordLogin('Ron@Swanson.COM', 'mustache'), { bearer: implicitToken });

    expect(response.status).toBe(201);
  });

  it('accepts a client_credentials bearer', async () => {
    const bearer = emulator.issueAccessToken('client_credentials').access_token;

    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer });

    expect(response.status).toBe(201);
  });

  it('uses the customer token lifetime', async () => {
    emulator.setCustomerTokenLifetime(120);

    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer: implicitToken });
    const claims = decodeCustomerToken((response.body.data as TokenData).token);

    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(120);
  });

  it('signs iat by the skewed clock', async () => {
    emulator.setClockOffset(-300);

    const before = Math.floor(Date.now() / 1000);
    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer: implicitToken });
    const after = Math.floor(Date.now() / 1000);
    const claims = decodeCustomerToken((response.body.data as TokenData).token);

    expect(claims?.iat).toBeGreaterThanOrEqual(before - 300);
    expect(claims?.iat).toBeLessThanOrEqual(after - 300);
    expect((response.body.data as TokenData).expires).toBe((claims?.iat ?? 0) + 86400);
  });

  it.each([
    ['a wrong password', 'ron@swanson.com', 'beard'],
    ['an unknown email', 'leslie@knope.com', 'mustache'],
  ])('rejects %s with 401', async (_case, email, password) => {
    const response = await postCustomerToken(emulator, passwordLogin(email, password), { bearer: implicitToken });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [{ status: '401', title: 'Invalid credentials', detail: 'The email or password is incorrect.' }],
    });
  });

  it('requires a valid bearer token', async () => {
    const missing = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'));
    const unknown = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer: 'f'.repeat(40) });

    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ errors: [{ status: '401', title: 'Unable to validate access token' }] });
    expect(unknown.status).toBe(401);
  });

  it.each([
    ['a missing password', { data: { type: 'token', email: 'ron@swanson.com' } }, 'Missing or empty fields: data.password.'],
    ['an empty email', { data: { type: 'token', email: '', password: 'x' } }, 'Missing or empty fields: data.email.'],
    ['a numeric password', { data: { type: 'token', email: 'ron@swanson.com', password: 1 } }, 'Missing or empty fields: data.password.'],
    ['a wrong type', { data: { type: 'customer', email: 'ron@swanson.com', password: 'mustache' } }, 'data.type must be "token".'],
    ['a missing type', { data: { email: 'ron@swanson.com', password: 'mustache' } }, 'data.type must be "token".'],
    ['no data object', { type: 'token', email: 'ron@swanson.com', password: 'mustache' }, 'The request body must be an object with a "data" object.'],
    ['an array body', [1, 2], 'The request body must be an object with a "data" object.'],
    [
      'an unknown mechanism',
      { data: { type: 'token', authentication_mechanism: 'passwordless', email: 'ron@swanson.com' } },
      'data.authentication_mechanism must be "password" or "oidc".',
    ],
  ])('rejects %s with 400', async (_case, body, detail) => {
    const response = await postCustomerToken(emulator, body, { bearer: implicitToken });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ status: '400', title: 'Bad Request', detail }] });
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await postCustomerToken(emulator, undefined, { bearer: implicitToken, rawBody: '{"data": {' });

    expect(response.status).toBe(400);
    expect(errorDetail(response)).toBe('The request body is not valid JSON.');
    expect(emulator.requests('customerToken')[0]?.body).toBe('{"data": {');
  });

  it('rejects a form body with 400', async () => {
    const response = await postCustomerToken(emulator, undefined, {
      bearer: implicitToken,
      contentType: 'application/x-www-form-urlencoded',
      rawBody: 'email=ron%40swanson.com&password=mustache',
    });

    expect(response.status).toBe(400);
    expect(errorDetail(response)).toBe(
      'The request body must be JSON with Content-Type: application/json; received "application/x-www-form-urlencoded".',
    );
  });

  it('accepts a JSON:API content type', async () => {
    const response = await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), {
      bearer: implicitToken,
      contentType: 'application/vnd.api+json',
    });

    expect(response.status).toBe(201);
  });

  it('records the parsed body', async () => {
    await postCustomerToken(emulator, passwordLogin('ron@swanson.com', 'mustache'), { bearer: implicitToken });

    const [recorded] = emulator.requests('customerToken');
    expect(recorded?.body).toEqual(passwordLogin('ron@swanson.com', 'mustache'));
    expect(recorded?.headers.authorization).toBe(`Bearer ${implicitToken}`);
    expect(emulator.requestCount('customerToken')).toBe(1);
  });
});

describe('POST /v2/customers/tokens with OIDC', () => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let bearer: string;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start();
    customer = emulator.addCustomer({ name: 'April Ludgate', email: 'april@example.com', password: 'unused' });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    bearer = emulator.issueAccessToken('implicit').access_token;
  });

  it('exchanges a code with a PKCE verifier', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    emulator.addOidcAuthorizationCode({
      code: 'code-pkce',
      customerId: customer.id,
      redirectUri: REDIRECT_URI,
      codeChallenge: computeS256Challenge(verifier),
    });

    const response = await postCustomerToken(emulator, oidcLogin('code-pkce', REDIRECT_URI, verifier), { bearer });

    expect(response.status).toBe(201);
    const data = response.body.data as TokenData;
    expect(data.customer_id).toBe(customer.id);
    expect(decodeCustomerToken(data.token)?.sub).toBe(customer.id);
  });

  it('computes the RFC 7636 example challenge', () => {
    expect(computeS256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('exchanges a code with a plain verifier', async () => {
    emulator.addOidcAuthorizationCode({ code: 'code-plain', customerId: customer.id, redirectUri: REDIRECT_URI, codeVerifier: 'v-1' });

    const response = await postCustomerToken(emulator, oidcLogin('code-plain', REDIRECT_URI, 'v-1'), { bearer });

    expect(response.status).toBe(201);
  });

  it('uses a code only once', async () => {
    emulator.addOidcAuthorizationCode({ code: 'code-once', customerId: customer.id, redirectUri: REDIRECT_URI });

    const first = await postCustomerToken(emulator, oidcLogin('code-once', REDIRECT_URI, 'any'), { bearer });
    const second = await postCustomerToken(emulator, oidcLogin('code-once', REDIRECT_URI, 'any'), { bearer });

    expect(first.status).toBe(201);
    expect(second.status).toBe(401);
    expect(errorDetail(second)).toBe('The authorization code is unknown or was already used.');
  });

  it('rejects a wrong PKCE verifier', async () => {
    emulator.addOidcAuthorizationCode({
      code: 'code-bad-verifier',
      customerId: customer.id,
      redirectUri: REDIRECT_URI,
      codeChallenge: computeS256Challenge('right-verifier'),
    });

    const response = await postCustomerToken(emulator, oidcLogin('code-bad-verifier', REDIRECT_URI, 'wrong-verifier'), { bearer });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [{ status: '401', title: 'Invalid credentials', detail: 'The code verifier does not match the PKCE code challenge.' }],
    });
  });

  it('rejects a wrong plain verifier', async () => {
    emulator.addOidcAuthorizationCode({ code: 'code-bad-plain', customerId: customer.id, redirectUri: REDIRECT_URI, codeVerifier: 'v-1' });

    const response = await postCustomerToken(emulator, oidcLogin('code-bad-plain', REDIRECT_URI, 'v-2'), { bearer });

    expect(response.status).toBe(401);
    expect(errorDetail(response)).toBe('The code verifier does not match.');
  });

  it('rejects a wrong redirect URI', async () => {
    emulator.addOidcAuthorizationCode({ code: 'code-redirect', customerId: customer.id, redirectUri: REDIRECT_URI });

    const response = await postCustomerToken(emulator, oidcLogin('code-redirect', 'https://evil.example.com/cb', 'any'), { bearer });

    expect(response.status).toBe(401);
    expect(errorDetail(response)).toBe('The redirect URI does not match the one the code was issued for.');
  });

  it('uses up a code on a failed attempt', async () => {
    const verifier = 'right-verifier';
    emulator.addOidcAuthorizationCode({
      code: 'code-burned',
      customerId: customer.id,
      redirectUri: REDIRECT_URI,
      codeChallenge: computeS256Challenge(verifier),
    });

    const failed = await postCustomerToken(emulator, oidcLogin('code-burned', REDIRECT_URI, 'guess'), { bearer });
    const retried = await postCustomerToken(emulator, oidcLogin('code-burned', REDIRECT_URI, verifier), { bearer });

    expect(failed.status).toBe(401);
    expect(retried.status).toBe(401);
  });

  it('rejects an unknown code', async () => {
    const response = await postCustomerToken(emulator, oidcLogin('never-issued', REDIRECT_URI, 'any'), { bearer });

    expect(response.status).toBe(401);
  });

  it('rejects missing OIDC fields with 400', async () => {
    const response = await postCustomerToken(
      emulator,
      { data: { type: 'token', authentication_mechanism: 'oidc', oauth_authorization_code: 'x' } },
      { bearer },
    );

    expect(response.status).toBe(400);
    expect(errorDetail(response)).toBe('Missing or empty fields: data.oauth_redirect_uri, data.oauth_code_verifier.');
  });

  it('validates registered codes', () => {
    expect(() => emulator.addOidcAuthorizationCode({ code: 'c', customerId: 'nobody', redirectUri: REDIRECT_URI })).toThrow(
      'MoltinEmulator addOidcAuthorizationCode: no customer has id "nobody"; add it first.',
    );
    expect(() => emulator.addOidcAuthorizationCode({ code: '', customerId: customer.id, redirectUri: REDIRECT_URI })).toThrow(
      'MoltinEmulator addOidcAuthorizationCode: code must be a non-empty string.',
    );
    expect(() =>
      emulator.addOidcAuthorizationCode({ code: 'c', customerId: customer.id, redirectUri: REDIRECT_URI, codeChallenge: '' }),
    ).toThrow('MoltinEmulator addOidcAuthorizationCode: codeChallenge must be a non-empty string when given.');
  });
});
