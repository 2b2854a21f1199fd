import { EmulatorCustomer, MoltinEmulator } from 'nestjs-moltin-auth/testing';
import { fingerprint } from '../libs/moltin-auth/src/utils/fingerprint.util';
import { CustomerAuthApp, HTTP_PLATFORMS, send, startCustomerAuthApp } from './fixtures/customer-auth-app';

const TOKEN_HEADER = 'x-moltin-customer-token';

describe.each(HTTP_PLATFORMS)('global CustomerAuthGuard on %s', (platform) => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let context: CustomerAuthApp;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    customer = emulator.addCustomer({ name: 'Ron Swanson', email: 'ron@example.com', password: 'bacon-and-eggs' });
    context = await startCustomerAuthApp(platform, emulator, { global: true });
  });

  afterAll(async () => {
    await context.close();
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  it('guards a route under the global prefix and version', async () => {
    const token = emulator.issueCustomerToken(customer.id).token;

    const response = await send(context.url, '/api/v1/store/orders', { headers: { [TOKEN_HEADER]: token } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ customerId: customer.id, orders: [] });
  });

  it('rejects a request without a token', async () => {
    const response = await send(context.url, '/api/v1/store/orders');

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'missing customer token' });
    expect(emulator.requestCount('getCustomer')).toBe(0);
  });

  it('lets a @Public() route through without a token', async () => {
    const response = await send(context.url, '/api/v1/store/products');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ products: ['bacon'], customer: null });
  });

  it('skips validation on a @Public() route', async () => {
    const response = await send(context.url, '/api/v1/store/products', { headers: { [TOKEN_HEADER]: 'not-a-token' } });

    expect(response.status).toBe(200);
    expect(emulator.requestCount('getCustomer')).toBe(0);
  });

  it('lets the @Public() login controller through', async () => {
    const login = await send(context.url, '/api/auth/login', { method: 'POST', body: { email: 'ron@example.com', password: 'bacon-and-eggs' } });
    const orders = await send(context.url, '/api/v1/store/orders', { headers: { [TOKEN_HEADER]: login.body.token } });

    expect(login.status).toBe(200);
    expect(orders.status).toBe(200);
    expect(orders.body.customerId).toBe(customer.id);
  });

  it('carries the token through the global interceptor', async () => {
    const token = emulator.issueCustomerToken(customer.id).token;

    const response = await send(context.url, '/api/v1/store/context', { headers: { [TOKEN_HEADER]: token } });

    expect(response.body).toEqual({ customerId: customer.id, tokenFingerprint: fingerprint(token) });
  });

  it('returns 404 for an unknown route', async () => {
    const response = await send(context.url, '/api/v2/store/orders');

    expect(response.status).toBe(404);
  });

  it('returns 404 without the prefix', async () => {
    const response = await send(context.url, '/v1/store/orders', { headers: { [TOKEN_HEADER]: emulator.issueCustomerToken(customer.id).token } });

    expect(response.status).toBe(404);
  });
});
