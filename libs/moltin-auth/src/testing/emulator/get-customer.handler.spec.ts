import { signCustomerToken } from './customer-token.js';
import { MoltinEmulator } from './moltin-emulator.js';
import type { EmulatorCustomer } from './moltin-emulator.interfaces.js';

interface JsonResponse {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

async function getCustomer(emulator: MoltinEmulator, id: string, headers: Record<string, string>): Promise<JsonResponse> {
  const response = await fetch(`${emulator.url}/v2/customers/${encodeURIComponent(id)}`, { headers });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorDetail(response: JsonResponse): string | undefined {
  return (response.body.errors as Array<{ detail?: string }> | undefined)?.[0]?.detail;
}

describe('GET /v2/customers/:id', () => {
  let emulator: MoltinEmulator;
  let ron: EmulatorCustomer;
  let leslie: EmulatorCustomer;
  let implicitBearer: string;
  let clientCredentialsBearer: string;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({
      customers: [{ id: 'ron-swanson', name: 'Ron Swanson', email: 'ron@swanson.com', password: 'mustache' }],
    });
    ron = emulator.findCustomer('ron-swanson') as EmulatorCustomer;
    leslie = emulator.addCustomer({ name: 'Leslie Knope', email: 'leslie@knope.com', password: 'waffles' });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
    implicitBearer = `Bearer ${emulator.issueAccessToken('implicit').access_token}`;
    clientCredentialsBearer = `Bearer ${emulator.issueAccessToken('client_credentials').access_token}`;
  });

  it('returns any customer to client_credentials', async () => {
    const response = await getCustomer(emulator, leslie.id, { authorization: clientCredentialsBearer });

    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json');
    expect(response.body).toEqual({
      data: { type: 'customer', id: leslie.id, name: 'Leslie Knope', email: 'leslie@knope.com', password: true },
    });
  });

  it('never returns the password', async () => {
    const response = await getCustomer(emulator, ron.id, { authorization: clientCredentialsBearer });

    expect(JSON.stringify(response.body)).not.toContain('mustache');
  });

  it('returns 404 for an unknown customer', async () => {
    const response = await getCustomer(emulator, 'no-such-customer', { authorization: clientCredentialsBearer });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      errors: [{ status: '404', title: 'Not Found', detail: 'No customer has id "no-such-customer".' }],
    });
  });

  it('ignores a bad customer token with client_credentials', async () => {
    const response = await getCustomer(emulator, ron.id, {
      authorization: clientCredentialsBearer,
      'x-moltin-customer-token': 'garbage',
    });

    expect(response.status).toBe(200);
  });

  it('returns the own customer to implicit with a token', async () => {
    const { token } = emulator.issueCustomerToken(ron.id);

    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'X-Moltin-Customer-Token': token });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { type: 'customer', id: 'ron-swanson', name: 'Ron Swanson', email: 'ron@swanson.com', password: true },
    });
  });

  it('reads the header name in any case', async () => {
    const { token } = emulator.issueCustomerToken(ron.id);

    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'X-MOLTIN-CUSTOMER-TOKEN': token });

    expect(response.status).toBe(200);
  });

  it('accepts a token from the login route', async () => {
    const login = await fetch(`${emulator.url}/v2/customers/tokens`, {
      method: 'POST',
      headers: { authorization: implicitBearer, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { type: 'token', email: 'leslie@knope.com', password: 'waffles' } }),
    });
    const { data } = (await login.json()) as { data: { token: string; customer_id: string } };

    const response = await getCustomer(emulator, data.customer_id, { authorization: implicitBearer, 'x-moltin-customer-token': data.token });

    expect(response.status).toBe(200);
    expect((response.body.data as { id: string }).id).toBe(leslie.id);
  });

  it('forbids implicit without a customer token', async () => {
    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      errors: [
        {
          status: '403',
          title: 'Forbidden',
          detail: 'An implicit token can read a customer only with an X-Moltin-Customer-Token header for that customer.',
        },
      ],
    });
  });

  it('forbids a token of another customer', async () => {
    const { token } = emulator.issueCustomerToken(leslie.id);

    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'x-moltin-customer-token': token });

    expect(response.status).toBe(403);
    expect(errorDetail(response)).toBe('The customer token belongs to another customer.');
  });

  it('rejects a malformed customer token', async () => {
    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'x-moltin-customer-token': 'not-a-token' });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [{ status: '401', title: 'Unauthorized', detail: 'The customer token is malformed.' }],
    });
  });

  it('rejects a token signed with another secret', async () => {
    const forged = signCustomerToken(
      { sub: ron.id, name: ron.name, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600, jti: 'forged' },
      'not-the-secret',
    );

    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'x-moltin-customer-token': forged });

    expect(response.status).toBe(401);
    expect(errorDetail(response)).toBe('The customer token signature is invalid.');
  });

  it('rejects an expired customer token', async () => {
    const { token } = emulator.issueCustomerToken(ron.id, { lifetimeSeconds: -1 });

    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'x-moltin-customer-token': token });

    expect(response.status).toBe(401);
    expect(errorDetail(response)).toBe('The customer token has expired.');
  });

  it('expires a customer token after its lifetime', async () => {
    const { token, expires } = emulator.issueCustomerToken(ron.id, { lifetimeSeconds: 1 });
    const headers = { authorization: implicitBearer, 'x-moltin-customer-token': token };
    expect((await getCustomer(emulator, ron.id, headers)).status).toBe(200);

    // exp is whole seconds, so the token lasts until the start of second `expires`.
    await sleep(Math.max(0, expires * 1000 - Date.now()) + 50);

    expect((await getCustomer(emulator, ron.id, headers)).status).toBe(401);
  });

  it('rejects a revoked customer token', async () => {
    const revoked = emulator.issueCustomerToken(ron.id).token;
    const unrevoked = emulator.issueCustomerToken(ron.id).token;

    expect(emulator.revokeCustomerToken(revoked)).toBe(true);
    expect(emulator.revokeCustomerToken('garbage')).toBe(false);

    const revokedResponse = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'x-moltin-customer-token': revoked });
    const unrevokedResponse = await getCustomer(emulator, ron.id, { authorization: implicitBearer, 'x-moltin-customer-token': unrevoked });
    expect(revokedResponse.status).toBe(401);
    expect(errorDetail(revokedResponse)).toBe('The customer token has been revoked.');
    expect(unrevokedResponse.status).toBe(200);
  });

  it('checks the access token first', async () => {
    const { token } = emulator.issueCustomerToken(ron.id);

    const response = await getCustomer(emulator, ron.id, { 'x-moltin-customer-token': token });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: [{ status: '401', title: 'Unable to validate access token' }] });
  });

  it('reports numeric statuses when asked', async () => {
    emulator.setErrorStatusFormat('number');

    const response = await getCustomer(emulator, ron.id, { authorization: implicitBearer });

    expect((response.body.errors as Array<{ status: unknown }>)[0]?.status).toBe(403);
  });

  it('counts and records each request', async () => {
    await getCustomer(emulator, ron.id, { authorization: implicitBearer });
    await getCustomer(emulator, ron.id, { authorization: clientCredentialsBearer });

    expect(emulator.requestCount('getCustomer')).toBe(2);
    const recorded = emulator.requests('getCustomer');
    expect(recorded.map((request) => request.path)).toEqual(['/v2/customers/ron-swanson', '/v2/customers/ron-swanson']);
    expect(recorded[0]?.body).toBeUndefined();
  });

  it('rejects an already used customer id', () => {
    expect(() => emulator.addCustomer({ id: 'ron-swanson', name: 'X', email: 'x@example.com', password: 'p' })).toThrow(
      'MoltinEmulator already has a customer with id "ron-swanson".',
    );
    expect(() => emulator.addCustomer({ name: 'X', email: 'RON@swanson.com', password: 'p' })).toThrow(
      'MoltinEmulator already has a customer with email "RON@swanson.com".',
    );
  });

  it('rejects issuing for an unknown customer', () => {
    expect(() => emulator.issueCustomerToken('nobody')).toThrow('MoltinEmulator issueCustomerToken: no customer has id "nobody".');
  });
});
